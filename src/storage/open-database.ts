import { existsSync, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { PoolClient } from 'pg';
import { SecscoreError } from '../domain/errors.js';
import { duckDbStager, postgresStager, type CopyIn, type Stager, type WriteSettings } from './bulk-stage.js';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import { packedColumns, packedRows, packedRowsMany, type ColumnReader, type ManyRowReader, type RowReader } from './read-rows.js';
import type { DB } from './schema.js';

export type Engine = 'duckdb' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Where it is, for messages (a PostgreSQL URL without its password). */
  location: string;
  /** Bulk loading of import batches (bulk-stage.ts). */
  stager: Stager;
  /** Bulk reads of many rows (read-rows.ts). */
  readRows: RowReader;
  /** Bulk reads of many rows as columns (read-rows.ts, ColumnReader). */
  readColumns: ColumnReader;
  /**
   * For bulk reads that may run beside another query: on DuckDB a second connection
   * (readerDialect) and its row reader, on PostgreSQL the pool. Destroyed before `db`.
   */
  reader: { db: Kysely<DB>; readRows: RowReader; readMany: ManyRowReader };
  /**
   * Stops what runs on the connections now (the running queries fail): for a command whose
   * reads run side by side, so that when one fails the others end before the database closes.
   * DuckDB interrupts both its connections; nothing on PostgreSQL, whose pool closes its
   * connections itself.
   */
  interrupt: () => void;
  /**
   * Stops the store's work for good (Ctrl-C, Store.stop): the running statements fail, and so
   * does every later one but ROLLBACK, so that the open transaction rolls back. DuckDB: both
   * connections (DuckDbConnection.stop); PostgreSQL: the pool's clients, and their backends'
   * statements are cancelled from a connection of its own. A COMMIT running is left to finish.
   */
  stop: () => void;
}

export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'duckdb';
}

export interface OpenHow {
  /** Bring the schema up to date (the default); false leaves it as it is (the migrations' own tests). */
  migrate?: boolean;
  /**
   * The command only reads (kpis, report, findings, …): a DuckDB file it may not write (its
   * mode, a read-only mount) is opened read-only instead of failing, provided its schema is
   * this version's — migrating it needs write access. Off, the file is opened to be written.
   */
  onlyReads?: boolean;
}

/** The only place that branches on the engine: everything above it is written once on Kysely. */
export async function openDatabase(url: string, how: OpenHow = {}): Promise<Database> {
  const migrateTo = how.migrate === false ? async () => {} : migrate;
  const engine = engineOf(url);
  // Each engine's driver is loaded only when it is used (the DuckDB binding takes about 0.2 s to load, pg 0.05 s).
  if (engine === 'postgres') {
    const [{ default: pg }, { from: copyFrom }] = await Promise.all([import('pg'), import('pg-copy-streams')]);
    const location = redactUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') =>
          // int8 (20) comes back as text from pg; our values (epoch ms, counts) fit a double exactly.
          oid === 20 ? (v: string) => Number(v) : (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
      } as never,
    });
    // Ctrl-C (Store.stop): once stopped, no statement of ours but ROLLBACK is sent, and the
    // statements running are cancelled, from a connection of its own, by backend process id.
    let stopped = false;
    const backends = new Map<PoolClient, number>();
    pool.on('remove', (client) => backends.delete(client));
    pool.on('connect', (client) => {
      const pid = (client as unknown as { processID?: number }).processID;
      if (typeof pid === 'number') backends.set(client, pid);
      // A connection that ends under a checked-out client (the server restarts, an administrator
      // terminates it) fails the client's queries; its error event, which the pool listens to only
      // while the client is idle, would otherwise be thrown as an uncaught exception.
      client.on('error', () => {});
      // Kysely sends every statement through `query` with its text first.
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: unknown } | undefined)?.text ?? '');
        if (stopped && !/^\s*rollback\b/i.test(String(text))) return Promise.reject(new SecscoreError('INTERRUPTED', 'secscore was stopped (Ctrl-C)'));
        return query(...args);
      };
      // A secscore process that dies (Ctrl-C, a timeout, a kill) in the middle of a long statement
      // left its backend running the statement to its end: PostgreSQL notices a lost client only
      // when it next writes to it. From PostgreSQL 14 on, it checks the connection every second
      // while a query runs, if asked; older servers skip the setting (the WHERE holds there).
      // Queued on the new connection before any statement of ours; a failure changes nothing else.
      client
        .query(`select set_config('client_connection_check_interval', '1000', false) where current_setting('server_version_num')::int >= 140000`)
        .catch(() => {});
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrateTo(db);
    } catch (err) {
      await db.destroy();
      throw connectionError(err, location);
    }
    // An idle pooled connection that ends is dropped by the pool (and replaced on demand), not thrown.
    pool.on('error', () => {});
    const stop = (): void => {
      stopped = true;
      const pids = [...backends.values()];
      if (pids.length === 0) return;
      // A backend running COMMIT is left to finish it: had it failed after the commit was in,
      // the command would have said it was rolled back.
      const stopper = new pg.Client({ connectionString: url });
      stopper
        .connect()
        .then(() =>
          stopper.query(`select pg_cancel_backend(pid) from pg_stat_activity where pid = any($1::int[]) and state = 'active' and query !~* '^\\s*commit\\M'`, [
            pids,
          ]),
        )
        .catch(() => {})
        .finally(() => void stopper.end().catch(() => {}));
    };
    // COPY on the connection a transaction holds: the pool's client found by its backend's process id.
    const copyIn: CopyIn = {
      async connectionOf(trx) {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        const pid = Number(rows[0]?.pid);
        const client = [...backends].find(([, p]) => p === pid)?.[0];
        if (client === undefined) throw new Error(`no pooled connection has backend ${pid}`);
        return async (statement, data) => {
          const submitted = client.query(copyFrom(statement) as never) as unknown;
          // Once stopped, the client refuses the statement (see the query wrapper above): the promise rejects.
          if (submitted instanceof Promise) {
            await submitted;
            return 0;
          }
          const stream = submitted as ReturnType<typeof copyFrom>;
          stream.end(data);
          await finished(stream);
          return stream.rowCount;
        };
      },
    };
    return {
      db,
      engine,
      location,
      stager: postgresStager(copyIn),
      readRows: packedRows,
      readColumns: packedColumns,
      reader: { db, readRows: packedRows, readMany: packedRowsMany },
      interrupt: () => {},
      stop,
    };
  }
  const [{ DuckDbDialect, lockHolder, notWritable }, { duckDbColumns, duckDbRows, duckDbRowsMany }] = await Promise.all([
    import('./duckdb-dialect.js'),
    import('./duckdb-read.js'),
  ]);
  const options = duckDbOptions(process.env);
  const failure = (err: unknown): SecscoreError => {
    const holder = lockHolder(err);
    if (holder) {
      const who = holder.pid !== null ? `process ${holder.pid}${describeProcess(holder.pid)}` : 'another process';
      return new SecscoreError(
        'DB_LOCKED',
        `the database ${url} is in use by ${who}; a DuckDB file is held by one process at a time. Wait for it to finish, stop it, or use another --db.`,
        { cause: err },
      );
    }
    const denied = notWritable(err);
    if (denied !== null && how.onlyReads !== true && existsSync(url))
      return new SecscoreError(
        'DB_UNREACHABLE',
        `the database ${url} cannot be written (${denied}), and this command writes to it: run it with write access to the file, or copy the file somewhere writable and give --db the copy (commands that only read, such as kpis and report, open it read-only)`,
        { cause: err },
      );
    return new SecscoreError('DB_UNREACHABLE', `cannot open the database ${url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  };
  let dialect = new DuckDbDialect({ path: url, options });
  let db = new Kysely<DB>({ dialect });
  try {
    await migrateTo(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    if (how.onlyReads !== true || notWritable(err) === null || !existsSync(url)) throw failure(err);
    // Read-only (DuckDB's access_mode), which several processes may hold at once; nothing to migrate.
    dialect = new DuckDbDialect({ path: url, options: { ...options, access_mode: 'READ_ONLY' } });
    db = new Kysely<DB>({ dialect });
    const current = await upToDate(db, { orThrow: true }).catch(async (again: unknown) => {
      await db.destroy().catch(() => {});
      throw failure(again);
    });
    if (!current) {
      await db.destroy().catch(() => {});
      throw new SecscoreError(
        'DB_UNREACHABLE',
        `the database ${url} can be read but not written (${notWritable(err)}), and its schema is not this version's (an older secscore's, or not a secscore database): run secscore once with write access to the file to migrate it`,
        { cause: err },
      );
    }
  }
  const reader = dialect.readerDialect();
  return {
    db,
    engine,
    location: url,
    stager: duckDbStager(() => dialect.rawConnection(), duckDbWriteSettings(process.env)),
    readRows: duckDbRows(() => dialect.rawConnection()),
    readColumns: duckDbColumns(() => dialect.rawConnection()),
    reader: {
      db: new Kysely<DB>({ dialect: reader }),
      readRows: duckDbRows(() => reader.rawConnection()),
      readMany: duckDbRowsMany(() => reader.rawConnection()),
    },
    interrupt: () => {
      dialect.interrupt();
      reader.interrupt();
    },
    stop: () => {
      dialect.stop();
      reader.stop();
    },
  };
}

/**
 * How DuckDB is run. DuckDB's own default memory limit is 80% of the machine's RAM, and it
 * keeps what it read or wrote cached up to that limit: an import of a 1 GB file grew the
 * process by gigabytes. Under a limit, DuckDB writes blocks of ordinary tables out and evicts
 * them, and spills its joins, aggregates and sorts to `<db>.tmp` — which is why the import
 * stages into ordinary tables (bulk-stage.ts) and why the tables an import fills carry no
 * in-memory ART index on DuckDB (migration 0002). `preserve_insertion_order = false` lets
 * INSERT … SELECT write without keeping its input's order (every read that needs an order says
 * ORDER BY). SECSCORE_DUCKDB_MEMORY_LIMIT (e.g. `1GB`) and SECSCORE_DUCKDB_THREADS override.
 */
export function duckDbOptions(env: NodeJS.ProcessEnv): Record<string, string> {
  const limit = env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
  const threads = env['SECSCORE_DUCKDB_THREADS'];
  if (limit) checkMemoryLimit(limit);
  if (threads && !/^\s*[1-9]\d{0,3}\s*$/.test(threads))
    throw new SecscoreError('CONFIG_INVALID', `SECSCORE_DUCKDB_THREADS=${threads}: expected a whole number of threads from 1 to 9999, e.g. 4`);
  const options: Record<string, string> = { memory_limit: limit?.trim() || DUCKDB_MEMORY_LIMIT, preserve_insertion_order: 'false' };
  if (threads) options['threads'] = threads.trim();
  return options;
}

/**
 * The smallest DuckDB memory limit secscore runs under. Below it DuckDB fails on the first
 * reads of a large database, as it should, but at 32 MB one read stalled instead, holding the
 * process after the others had failed (the KPI bench database, DuckDB 1.x): so a smaller limit
 * is refused up front.
 */
export const MIN_DUCKDB_MEMORY_LIMIT_MB = 64;

const UNIT_MB: Readonly<Record<string, number>> = { kb: 1e-3, mb: 1, gb: 1e3, tb: 1e6, kib: 1024 / 1e6, mib: 1.048576, gib: 1073.741824, tib: 1099511.627776 };

/** A memory limit as DuckDB reads it (a number and a unit: 512MB, 2GB, 1.5GiB), at least MIN_DUCKDB_MEMORY_LIMIT_MB. */
function checkMemoryLimit(value: string): void {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b)\s*$/i.exec(value);
  if (!m) throw new SecscoreError('CONFIG_INVALID', `SECSCORE_DUCKDB_MEMORY_LIMIT=${value}: expected a size with its unit, e.g. 512MB or 2GB`);
  const mb = Number(m[1]) * UNIT_MB[m[2]!.toLowerCase()]!;
  if (mb < MIN_DUCKDB_MEMORY_LIMIT_MB - 1e-9)
    throw new SecscoreError(
      'CONFIG_INVALID',
      `SECSCORE_DUCKDB_MEMORY_LIMIT=${value}: at least ${MIN_DUCKDB_MEMORY_LIMIT_MB}MB (the default is ${DUCKDB_MEMORY_LIMIT})`,
    );
}

/** DuckDB's memory limit unless SECSCORE_DUCKDB_MEMORY_LIMIT says otherwise. */
export const DUCKDB_MEMORY_LIMIT = '256MB';

/** DuckDB's memory limit while a large import writes its snapshots, unless SECSCORE_DUCKDB_MEMORY_LIMIT says otherwise. */
export const DUCKDB_WRITE_MEMORY_LIMIT = '96MB';

/** DuckDB's threads while a large import writes its snapshots, unless SECSCORE_DUCKDB_THREADS says otherwise (see duckDbWriteSettings). */
export const DUCKDB_WRITE_THREADS = 1;

/**
 * How DuckDB runs while a large import (bulk-stage.ts, LARGE_WRITE) writes its snapshots, and
 * what it goes back to. The process's peak is reached there: DuckDB's memory beyond its buffer
 * pool grows with the pool's limit and with its threads, and its allocator keeps what it freed
 * up to a threshold (128 MB by default). Measured on the 1 GB SARIF (1.8 M results), the JS
 * heap released first: 256 MB and 2 threads took the process to 650 MB; 128 MB and 2 threads
 * to 457 MB; 128 MB, 1 thread and a flush threshold of 8 MB to 390–505 MB, varying from run
 * to run (with one thread DuckDB runs on the calling thread, one of libuv's pool, whose
 * allocator caches each keep what they freed); with the allocator's background thread, which
 * returns freed memory as it goes, to 408–435 MB; at 96 MB to 362–397 MB.
 *
 * One thread, not two, though two write the 200 MB SARIF's `findings` faster (0.85–0.9 s
 * against 1.1 s, the longest statement of the write): with two, each thread leaves its own
 * partly filled row groups, the commit no longer checkpoints (20 ms against 320 ms), and the
 * checkpoint that the close then runs takes 0.8 s — 1.7 s for insert, commit and checkpoint
 * against 1.45 s with one thread (measured alone on the file's spill, DuckDB 1.5). A limit or
 * a thread count the user set (SECSCORE_DUCKDB_MEMORY_LIMIT, SECSCORE_DUCKDB_THREADS) is kept.
 */
export function duckDbWriteSettings(env: NodeJS.ProcessEnv): WriteSettings {
  const during: Record<string, string> = { allocator_flush_threshold: '8MB', allocator_background_threads: 'true' };
  const after: Record<string, string> = {};
  if (!env['SECSCORE_DUCKDB_MEMORY_LIMIT']) {
    during['memory_limit'] = DUCKDB_WRITE_MEMORY_LIMIT;
    after['memory_limit'] = DUCKDB_MEMORY_LIMIT;
  }
  if (!env['SECSCORE_DUCKDB_THREADS']) during['threads'] = String(DUCKDB_WRITE_THREADS);
  return { during, after };
}

/**
 * DuckDB's "Out of Memory Error" (a query needed more than the memory limit lets it have) as
 * an error that says what to do, instead of an unexpected failure with a stack; null for any
 * other error.
 */
export function outOfMemoryError(err: unknown, env: NodeJS.ProcessEnv = process.env): SecscoreError | null {
  if (!(err instanceof Error) || !/^Out of Memory Error\b/.test(err.message)) return null;
  const set = env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
  const limit = set ? set : `${DUCKDB_MEMORY_LIMIT}, ${DUCKDB_WRITE_MEMORY_LIMIT} while a large import writes`;
  const detail = err.message.split('\n')[0]!.replace(/^Out of Memory Error:\s*/, '');
  return new SecscoreError(
    'RUNTIME',
    `DuckDB ran out of memory under its limit of ${limit} (${detail}). Run again with a higher limit, e.g. SECSCORE_DUCKDB_MEMORY_LIMIT=2GB, or use PostgreSQL (--db postgres://…).`,
    { cause: err },
  );
}

export async function migrate(db: Kysely<DB>): Promise<void> {
  if (await upToDate(db)) return;
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw error instanceof Error
      ? Object.assign(error, { message: `${failed ? `migration ${failed.migrationName}: ` : ''}${error.message}` })
      : new Error(String(error));
  }
}

/**
 * Whether every migration, and no other, is applied: one read, where the migrator takes a dozen
 * statements (a lock table, a lock, the list) on every start of every command even when there
 * is nothing to do. A database without the migration table is not up to date.
 */
async function upToDate(db: Kysely<DB>, how: { orThrow?: boolean } = {}): Promise<boolean> {
  let applied;
  try {
    applied = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  } catch (err) {
    // Without the table (a new or foreign file) it is not up to date; `orThrow`: a database that
    // cannot be opened at all (locked, unreadable) says so.
    if (how.orThrow === true && !/Table with name .* does not exist/i.test(err instanceof Error ? err.message : '')) throw err;
    return false;
  }
  const names = new Set(applied.rows.map((r) => r.name));
  const wanted = Object.keys(MIGRATIONS);
  return names.size === wanted.length && wanted.every((n) => names.has(n));
}

function describeProcess(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return cmd ? ` (${cmd.length > 120 ? `${cmd.slice(0, 117)}...` : cmd})` : '';
  } catch {
    return '';
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function connectionError(err: unknown, location: string): SecscoreError {
  if (err instanceof SecscoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SecscoreError('DB_UNREACHABLE', `cannot use the PostgreSQL database ${location}: ${message}`, { cause: err });
}
