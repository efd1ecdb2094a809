import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { markOwned } from './temp-dirs.js';

/**
 * Bulk loading of the staged rows, the one write that differs by engine. A file's findings are
 * staged in batches (group, order, fingerprint and the finding's attributes, one typed column
 * each), inside the file's transaction, before the lifecycle is derived in SQL from them.
 *
 * Why a branch at all: on PostgreSQL, a batch is written as CSV lines (CsvWriter) into the
 * temporary table `import_stage` by one COPY … FROM STDIN (postgresStager). On DuckDB,
 * what a transaction appends row by row (Appender or small INSERTs) is kept as
 * transaction-local data until commit: in memory, or spilled to the temp directory under the
 * memory limit, and a large import outgrew the limit either way (a 1 GB SARIF failed to pin a
 * block at 256 MB). One large INSERT … SELECT, though, writes its row groups straight into the
 * database file ("optimistic writes"), where the buffer manager can evict them. So on DuckDB
 * the batches go to a CSV spill file as they come (memory: one batch), and the snapshots are
 * written by reading that file with read_csv(): the new findings are inserted straight from it.
 * Loading it into a staging table first cost more than the rest of the write (every row written
 * into the database file, compressed, evicted under the memory limit and read back, twice); a
 * read of the few key columns the snapshot queries need is cheap, since DuckDB's CSV reader
 * materialises only the columns selected. The spill file is removed when the import ends,
 * committed or not.
 *
 * The columns are typed on both engines, so that nothing is parsed again in SQL after loading.
 * The staging tables are temporary on PostgreSQL (per session, and a pool has several) and
 * ordinary tables on DuckDB (a temporary table is kept in memory whole), emptied before commit.
 */
export const STAGE_COLUMNS = [
  ['grp', 'integer'],
  ['ord', 'integer'],
  ['fingerprint', 'text'],
  ['severity', 'text'],
  ['title', 'text'],
  ['rule_id', 'text'],
  ['vulnerability_ids', 'text'],
  ['cwes', 'text'],
  ['file_path', 'text'],
  ['line_number', 'integer'],
  ['component_name', 'text'],
  ['component_version', 'text'],
  ['fix_version', 'text'],
  ['fix_available_at', 'bigint'],
  ['description', 'text'],
  ['false_positive', 'boolean'],
  ['exploit_available', 'boolean'],
  ['secret_hash', 'text'],
  ['secret_preview', 'text'],
] as const;

export type StageColumn = (typeof STAGE_COLUMNS)[number][0];
type SqlType = (typeof STAGE_COLUMNS)[number][1];
type JsOf<T extends SqlType> = T extends 'integer' | 'bigint' ? number : T extends 'boolean' ? boolean : string;

/** A batch of staged rows, column by column (the NOT NULL ones never hold null). */
export type StageRows = { [K in (typeof STAGE_COLUMNS)[number] as K[0]]: (JsOf<K[1]> | null)[] };

export function emptyStageRows(): StageRows {
  return Object.fromEntries(STAGE_COLUMNS.map(([c]) => [c, []])) as unknown as StageRows;
}

export interface Stager {
  /** `create temporary table` or `create table`: where the staging tables live (see above). */
  readonly createTable: string;
  /** The staging tables must be emptied before commit (they are ordinary tables). */
  readonly persistent: boolean;
  /** Starts staging one file's rows inside the transaction `trx` is running. */
  begin(trx: Kysely<any>): Promise<StageBatches>;
  /** Runs `create` (the staging tables) where the connection may lack them: once on DuckDB's one connection, every time on PostgreSQL's pool. */
  ensureTables(create: () => Promise<void>): Promise<void>;
  /** A transaction failed: tables it created are gone with it. */
  rolledBack(): void;
  /**
   * A 64-bit hash of the SQL expressions' values, NULLs included; null where the engine compares
   * the values themselves. Used to find which known findings a snapshot changes
   * (write-snapshots.ts): on DuckDB, a join carrying every attribute of hundreds of thousands
   * of findings ran out of the write's memory limit; on PostgreSQL the join spills to disk.
   */
  readonly hashOf: ((expressions: readonly string[]) => string) | null;
}

export interface StagedRelations {
  rows: RawBuilder<unknown>;
  keys: RawBuilder<unknown>;
}

/** The columns of the `keys` relation. */
const KEY_COLUMNS = STAGE_COLUMNS.filter(([c]) => c === 'grp' || c === 'ord' || c === 'fingerprint');

/**
 * Rows a split's second reader staged (importers/types.ts, SpilledPart) in its spill part
 * (writeSpillPart), to be staged as group `group` from order `base` on.
 */
export interface StagedPart {
  dir: string;
  findings: number;
  alternates: Int32Array;
  base: number;
  group: number;
}

/** One file's staging. */
export interface StageBatches {
  /** Adds a batch of rows. */
  append(rows: StageRows): Promise<void>;
  /** Adds the rows of a spill part, where the stager reads them in place (DuckDB); absent elsewhere. */
  appendPart?(part: StagedPart): Promise<void>;
  /**
   * Every row staged, when the file staged no more than SMALL_FILE rows: they are still held in
   * memory, not yet written anywhere (see heldRows). Null once they went to the spill file or table.
   */
  held(): StageRows | null;
  /**
   * Ends staging: where every staged row can be read from, until `close` — `rows` as a relation
   * with the STAGE_COLUMNS, `keys` with grp, ord and fingerprint only (the same rows: on DuckDB
   * a second, small spill file, so that the statements that need only the keys do not read the
   * whole spill again).
   */
  load(): Promise<StagedRelations>;
  /** Frees what staging holds outside the database (DuckDB's spill file); safe to call twice. */
  close(): Promise<void>;
  /**
   * The file's transaction committed: on PostgreSQL, after a large file, the statistics of the
   * tables it wrote for the next import's plans (see postgresStager); nothing on DuckDB, which
   * keeps its statistics as it writes. Run on `db`, outside the transaction.
   */
  committed(db: Kysely<any>): Promise<void>;
}

/**
 * A file of at most this many findings keeps them in memory until its snapshots are written, so
 * that they can be written from JavaScript (write-small-file.ts) rather than through the staging
 * path: the demo's 958 files hold 5 findings each on average, and the staging statements were
 * most of their import time. At 24 values per finding, an INSERT of this many stays well within
 * PostgreSQL's 65,535 parameters.
 */
export const SMALL_FILE = 500;

/**
 * Holds appended rows in memory while there are at most SMALL_FILE of them; past that, hands
 * what it held and everything after it to `sink`, as staging did before. `flush` hands over
 * what is still held (the rows are needed in the staging relation after all).
 */
function heldRows(sink: (rows: StageRows) => Promise<void>) {
  let held: StageRows | null = emptyStageRows();
  let count = 0;
  const flush = async (): Promise<void> => {
    const rows = held;
    held = null;
    if (rows !== null && count > 0) await sink(rows);
  };
  return {
    async append(batch: StageRows): Promise<void> {
      if (batch.grp.length === 0) return;
      if (held !== null && count + batch.grp.length <= SMALL_FILE) {
        for (const [c] of STAGE_COLUMNS) (held[c] as unknown[]).push(...(batch[c] as unknown[]));
        count += batch.grp.length;
        return;
      }
      await flush();
      await sink(batch);
    },
    held: (): StageRows | null => held,
    flush,
  };
}

/**
 * The rows as CSV, one line each in STAGE_COLUMNS order: text always quoted (quotes doubled,
 * so that commas, quotes and line breaks inside are data), null as an empty unquoted field,
 * numbers and booleans as they print. CSV rather than JSON lines: it costs a fraction of the
 * JavaScript work and garbage to write, and DuckDB reads it faster.
 *
 * The bytes are written straight into one buffer, reused from batch to batch, rather than
 * built as strings (a cell, a line, a batch) and encoded after: on the 200 MB SARIF's 360,000
 * rows that was 0.44 s of the main thread and some 250 MB of strings for the collector, against
 * 0.35 s and none.
 */
class CsvWriter {
  /** Made at the first batch: most files never spill (SMALL_FILE), and the demo imports hundreds. */
  #buf: Buffer | null = null;

  /** The batch's lines; the bytes are valid until the next call. */
  lines(r: StageRows | PartRows, columns: readonly (readonly [string, SqlType])[] = STAGE_COLUMNS): Buffer {
    const cols = columns.map(([c]) => (r as unknown as Record<string, unknown[]>)[c]!);
    const isText = columns.map(([, type]) => type === 'text');
    const n = r.grp.length;
    let buf = (this.#buf ??= Buffer.allocUnsafeSlow(CSV_CHUNK));
    let off = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < cols.length; c++) {
        const v = cols[c]![i];
        // The most a cell can take: every UTF-16 unit 3 bytes of UTF-8, doubled if all quotes, its quotes and a separator.
        const most = typeof v === 'string' ? 6 * v.length + 3 : 24;
        if (off + most + 1 > buf.length) buf = this.#grow(off, off + most + 1);
        if (c > 0) buf[off++] = COMMA;
        if (v === null || v === undefined) continue;
        if (isText[c]) {
          const text = v as string;
          buf[off++] = QUOTE;
          off += (buf as unknown as Utf8Writable).utf8Write(text.includes('"') ? text.replaceAll('"', '""') : text, off);
          buf[off++] = QUOTE;
        } else if (typeof v === 'number') off = writeNumber(buf, off, v);
        else off = writeAscii(buf, off, v === true ? 'true' : v === false ? 'false' : String(v));
      }
      buf[off++] = NEWLINE;
    }
    const out = buf.subarray(0, off);
    // A batch of huge texts grew the buffer: the next batch starts from the usual size again.
    if (buf.length > CSV_KEEP) this.#buf = Buffer.allocUnsafeSlow(CSV_CHUNK);
    return out;
  }

  #grow(used: number, need: number): Buffer {
    const next = Buffer.allocUnsafeSlow(Math.max(need, 2 * this.#buf!.length));
    this.#buf!.copy(next, 0, 0, used);
    this.#buf = next;
    return next;
  }
}

/**
 * Buffer's own UTF-8 write, without the argument checks and encoding lookup of `write` (it is
 * what `write(s, off, 'utf8')` calls; the checks cost as much as the copy for a short text).
 */
interface Utf8Writable {
  utf8Write(text: string, offset: number): number;
}

/** An integer's digits (as `String` prints it), without the string; any other number as `String` prints it. */
export function writeNumber(buf: Buffer, off: number, v: number): number {
  if (!Number.isSafeInteger(v)) return writeAscii(buf, off, String(v));
  let n = v;
  if (n < 0) {
    buf[off++] = 0x2d;
    n = -n;
  }
  let end = off + 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) end++;
  for (let p = end - 1; p >= off; p--) {
    buf[p] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return end;
}

function writeAscii(buf: Buffer, off: number, text: string): number {
  for (let i = 0; i < text.length; i++) buf[off++] = text.charCodeAt(i);
  return off;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
/** The CSV buffer's size: a batch of 5,000 usual findings is about 2 MB. */
const CSV_CHUNK = 4 * 1024 * 1024;
/** A buffer grown past this by one batch is not kept for the next. */
const CSV_KEEP = 16 * 1024 * 1024;

/**
 * The longest line DuckDB's CSV reader takes (its buffers grow with it, under the memory
 * limit); a staged row stays well within it (write-snapshots.ts, MAX_STAGED_TEXT).
 */
const MAX_STAGED_LINE = 4 * 1024 * 1024;
/**
 * The CSV reader's buffer, per thread: its default is 16 lines of the longest (64 MB here), one
 * allocation that alone failed under a 128 MB memory limit and took a quarter of the 256 MB one.
 */
const CSV_BUFFER = 2 * MAX_STAGED_LINE;

const STAGE_TABLE = sql.raw('import_stage');

const DUCK_TYPES: Record<SqlType, string> = { integer: 'INTEGER', bigint: 'BIGINT', boolean: 'BOOLEAN', text: 'VARCHAR' };
const readColumns = (columns: readonly (readonly [string, SqlType])[]): string => `{${columns.map(([c, type]) => `'${c}': '${DUCK_TYPES[type]}'`).join(', ')}}`;
const READ_COLUMNS = readColumns(STAGE_COLUMNS);
const READ_KEY_COLUMNS = readColumns(KEY_COLUMNS);

/**
 * A spill part (a split's second reader, app/split-import.ts) holds the STAGE_COLUMNS and the
 * alternate fingerprint of each row: its rows are staged with group 0 and orders from 0, and the
 * stager reading them gives them their group, their order after the rows before them, and the
 * alternate fingerprint where the file's fingerprinter says (StagedPart.alternates).
 */
const PART_COLUMNS = [...STAGE_COLUMNS, ['alternate', 'text']] as const;
const PART_KEY_COLUMNS = [...KEY_COLUMNS, ['alternate', 'text']] as const;
const PART_STAGE = 'stage.csv';
const PART_KEYS = 'keys.csv';
const PART_ALTERNATES = 'alternates.csv';

/** The rows of a spill part: staged rows and each one's alternate fingerprint. */
export type PartRows = StageRows & { alternate: string[] };

/** Writes a spill part into `dir` (an empty folder): its rows in batches, then `close`. */
export async function writeSpillPart(dir: string): Promise<{ append(rows: PartRows): Promise<void>; close(): Promise<void> }> {
  const file = await open(join(dir, PART_STAGE), 'w');
  const keys = await open(join(dir, PART_KEYS), 'w');
  const csv = new CsvWriter();
  return {
    async append(rows) {
      await file.write(csv.lines(rows, PART_COLUMNS));
      await keys.write(csv.lines(rows, PART_KEY_COLUMNS));
    },
    async close() {
      await file.close();
      await keys.close();
    },
  };
}

/** The relation of a spill part's rows (all columns, or the keys), as the staged rows' columns (see PART_COLUMNS). */
function partRelation(part: StagedPart, keysOnly: boolean): string {
  const columns = keysOnly ? KEY_COLUMNS : STAGE_COLUMNS;
  const fingerprint =
    part.alternates.length === 0
      ? 'fingerprint'
      : `case when ord in (select ord from ${csvRead(join(part.dir, PART_ALTERNATES), "{'ord': 'INTEGER'}")}) then alternate else fingerprint end`;
  const select = columns.map(([c]) =>
    c === 'grp'
      ? `cast(${part.group} as integer) as grp`
      : c === 'ord'
        ? `cast(ord + ${part.base} as integer) as ord`
        : c === 'fingerprint'
          ? `${fingerprint} as fingerprint`
          : c,
  );
  return `select ${select.join(', ')} from ${csvRead(join(part.dir, keysOnly ? PART_KEYS : PART_STAGE), readColumns(keysOnly ? PART_KEY_COLUMNS : PART_COLUMNS))}`;
}

/** DuckDB's read of one of the staging CSV files. */
function csvRead(file: string, columns: string): string {
  return (
    `read_csv('${file.replaceAll("'", "''")}', header = false, columns = ${columns}, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', allow_quoted_nulls = false, auto_detect = false, max_line_size = ${MAX_STAGED_LINE}, buffer_size = ${CSV_BUFFER})`
  );
}

/**
 * A file that staged at least this many rows writes its snapshots with the JavaScript heap
 * released first and DuckDB under its write settings (duckDbStager): the write statements then
 * work on that many rows at once, and the memory they take grows with them.
 */
export const LARGE_WRITE = 50_000;

/**
 * Collects the JavaScript heap's garbage now, and waits for the buffers it held to be freed
 * (V8 frees an ArrayBuffer's memory after the collection, off the main thread).
 *
 * Why by hand: V8 collects the old generation when it has grown by its own measure, and until
 * then what the read left there stays (the chunks, their decoded text, the CSV lines and their
 * buffers): at the end of reading the 1 GB SARIF the heap held 116 MB and its buffers 92 MB
 * more, of which 21 MB were live. Without --expose-gc the collector is reached through a
 * context made while the flag is set (the flag is unset again at once, for later contexts).
 */
export async function releaseHeap(): Promise<void> {
  collect();
  await new Promise((resolve) => setImmediate(resolve));
}

let gcFunction: (() => void) | undefined;
function collect(): void {
  if (gcFunction === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) gcFunction = exposed;
    else {
      setFlagsFromString('--expose-gc');
      try {
        gcFunction = runInNewContext('gc') as () => void;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
  }
  gcFunction();
}

/**
 * DuckDB's settings while a large import writes its snapshots (`during`), and the values they
 * go back to afterwards where the opener knows them (`after`; the others are read before they
 * are changed). See duckDbWriteSettings in open-database.ts.
 */
export interface WriteSettings {
  during: Readonly<Record<string, string>>;
  after: Readonly<Record<string, string>>;
}

/** DuckDB: batches spilled to a CSV file, loaded with one INSERT … SELECT (see above). */
export function duckDbStager(connection: () => DuckDBConnection, write: WriteSettings = { during: {}, after: {} }): Stager {
  let created: DuckDBConnection | null = null;
  /** Settings a failed import could not put back (see close). */
  let unrestored: string | null = null;
  return {
    createTable: 'create table',
    persistent: true,
    hashOf: (expressions) => `hash(${expressions.join(', ')})`,
    async ensureTables(create) {
      const current = connection();
      if (created === current) return;
      await create();
      created = current;
    },
    rolledBack() {
      created = null;
    },
    async begin() {
      if (unrestored !== null) {
        await connection().run(unrestored);
        unrestored = null;
      }
      let dir: string | null = null;
      let file: FileHandle | null = null;
      let keysFile: FileHandle | null = null;
      let rows = 0;
      const parts: StagedPart[] = [];
      /** The settings to put back when the import ends, once they were changed. */
      let restore: string | null = null;
      const path = () => join(dir!, 'stage.csv');
      const keysPath = () => join(dir!, 'keys.csv');
      const close = async (): Promise<void> => {
        await file?.close().catch(() => {});
        await keysFile?.close().catch(() => {});
        file = null;
        keysFile = null;
        if (dir !== null) await rm(dir, { recursive: true, force: true });
        dir = null;
        for (const part of parts.splice(0)) await rm(part.dir, { recursive: true, force: true });
        if (restore !== null) {
          const statements = restore;
          restore = null;
          // SET works in a failed transaction too; should it fail even so (a broken connection),
          // the next import puts them back first, and the error the import ends with stays its own.
          await connection()
            .run(statements)
            .catch(() => {
              unrestored = statements;
            });
        }
      };
      const csv = new CsvWriter();
      const held = heldRows(async (batch) => {
        if (file === null || keysFile === null) {
          dir = await mkdtemp(join(tmpdir(), 'secscore-stage-'));
          markOwned(dir);
          file = await open(path(), 'w');
          keysFile = await open(keysPath(), 'w');
        }
        // One buffer for both: each write is done before the next fills it.
        await file.write(csv.lines(batch));
        await keysFile.write(csv.lines(batch, KEY_COLUMNS));
        rows += batch.grp.length;
      });
      return {
        append: held.append,
        held: held.held,
        async appendPart(part) {
          // Rows held so far go to the spill file: the file's rows are then all in spills.
          await held.flush();
          parts.push(part);
          if (part.alternates.length > 0) await writeFile(join(part.dir, PART_ALTERNATES), `${part.alternates.join('\n')}\n`);
          rows += part.findings;
        },
        async load() {
          await held.flush();
          // Nothing staged: the staging table is empty.
          if (rows === 0) return { rows: STAGE_TABLE, keys: STAGE_TABLE };
          const spilled = file !== null && keysFile !== null;
          if (spilled) {
            await file!.close();
            await keysFile!.close();
          }
          file = null;
          keysFile = null;
          if (rows >= LARGE_WRITE) {
            await releaseHeap();
            restore = await applySettings(connection(), write);
          }
          const mine = spilled ? [csvRead(path(), READ_COLUMNS)] : [];
          if (parts.length === 0) return { rows: sql.raw(mine[0]!), keys: sql.raw(csvRead(keysPath(), READ_KEY_COLUMNS)) };
          const union = (own: string[], keysOnly: boolean) =>
            sql.raw(`(${[...own.map((r) => `select * from ${r}`), ...parts.map((p) => partRelation(p, keysOnly))].join(' union all ')})`);
          return { rows: union(mine, false), keys: union(spilled ? [csvRead(keysPath(), READ_KEY_COLUMNS)] : [], true) };
        },
        close,
        committed: async () => {},
      };
    },
  };
}

/** Sets `write.during` on the connection; returns the statements that put the settings back. */
async function applySettings(conn: DuckDBConnection, write: WriteSettings): Promise<string | null> {
  const names = Object.keys(write.during);
  if (names.length === 0) return null;
  const current = (await conn.runAndReadAll(`select ${names.map((n, i) => `current_setting('${n}')::varchar as s${i}`).join(', ')}`)).getRowsJS()[0]!;
  const before = names.map((n, i) => [n, write.after[n] ?? String(current[i])] as const);
  await conn.run(names.map((n) => setting(n, write.during[n]!)).join('; '));
  return before.map(([n, v]) => setting(n, v)).join('; ');
}

const setting = (name: string, value: string): string => `SET ${name} = '${value.replaceAll("'", "''")}'`;

/**
 * PostgreSQL's way to run COPY … FROM STDIN on the connection a transaction holds (open-database.ts
 * finds the pool's client by its backend's process id): `connectionOf` gives a function that sends
 * the statement and its data (CSV bytes, not to be reused until its promise settles) and settles
 * with the rows copied.
 */
export interface CopyIn {
  connectionOf(trx: Kysely<any>): Promise<(statement: string, data: Buffer) => Promise<number>>;
}

/**
 * PostgreSQL: each batch goes to `import_stage` as CSV through COPY, the same lines DuckDB's spill
 * file holds (CsvWriter). It was one INSERT … SELECT FROM unnest() per batch, one array parameter
 * per column, which pg encodes as array literals on the main thread and PostgreSQL parses again:
 * the 200 MB SARIF's 360,000 rows took about 4.7 s that way. A batch's COPY runs while the next
 * batch is read (one in flight: the connection's statements run in the order they were sent, so
 * any later statement of the transaction runs after it), and its failure is the next call's.
 * In CSV, text is always quoted here, so a line `\.` inside a text is data, not COPY's end marker.
 */
export function postgresStager(copyIn: CopyIn): Stager {
  return {
    createTable: 'create temporary table',
    persistent: false,
    hashOf: null,
    ensureTables: (create) => create(),
    rolledBack() {},
    async begin(trx) {
      let rows = 0;
      let copy: ((statement: string, data: Buffer) => Promise<number>) | null = null;
      let inFlight: Promise<void> | null = null;
      let failure: { error: unknown } | null = null;
      const settle = async (): Promise<void> => {
        if (inFlight !== null) await inFlight;
        inFlight = null;
        if (failure !== null) throw failure.error;
      };
      const csv = new CsvWriter();
      const held = heldRows(async (batch) => {
        await settle();
        copy ??= await copyIn.connectionOf(trx);
        // Its own bytes: the writer's buffer is reused by the next batch while this one is sent.
        const data = Buffer.from(csv.lines(batch));
        inFlight = copy(COPY_STAGE, data).then(
          () => {},
          (error: unknown) => {
            failure = { error };
          },
        );
        rows += batch.grp.length;
      });
      return {
        append: held.append,
        held: held.held,
        async load() {
          await held.flush();
          await settle();
          // Autovacuum never analyzes a temporary table: without statistics the planner takes
          // the staged rows for a few hundred. Any staged file, not only a large one: a file of
          // 4,000 findings into a stream of as many spent 2.6 s in the attribute update's join
          // (planned on no statistics), under 50 ms with them; ANALYZE samples at most 30,000 rows.
          if (rows > 0) await sql`analyze import_stage`.execute(trx);
          return { rows: STAGE_TABLE, keys: STAGE_TABLE };
        },
        async close() {
          // A COPY still in flight ends before the transaction does (its failure is the import's, if any).
          await inFlight;
        },
        async committed(db) {
          // The tables a large file wrote, analyzed as soon as it committed: autovacuum analyzes
          // them a while later, and an import planned before that, on the statistics of the
          // tables as they were (empty, after the first import), ran for over ten minutes where it
          // takes half a minute (the next day's 200 MB SARIF: the attribute update joined 356k
          // staged rows to the findings in a plan made for a few). After the commit, not in the
          // transaction: ANALYZE holds its lock to the end of the transaction it runs in, and
          // would hold up a concurrent import's. Best effort: the import is committed whatever
          // happens here, and autovacuum analyzes the tables in time anyway.
          if (rows >= LARGE_WRITE) await sql`analyze findings, sightings, intervals, scans`.execute(db).catch(() => {});
        },
      };
    },
  };
}

const COPY_STAGE = `copy import_stage (${STAGE_COLUMNS.map(([c]) => c).join(', ')}) from stdin (format csv)`;
