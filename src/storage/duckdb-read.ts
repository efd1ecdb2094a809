import type { DuckDBConnection, DuckDBDataChunk, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';
import { toDuckValue } from './duckdb-dialect.js';
import { readPacked, type PackedValue } from './packed-read.js';
import {
  fromSql,
  nameDecoder,
  packedQuery,
  type ColumnReader,
  type ManyRowReader,
  type ReadColumn,
  rowsOfColumns,
  type ReadColumns,
  type RowColumn,
  type RowReader,
  type RowsQuery,
  type RowsRead,
} from './read-rows.js';

/**
 * DuckDB's bulk reader (read-rows.ts): the rows come as the result's typed vectors, and no text
 * is sent per row that need not be.
 *
 * Why: through the packed path, the 421k intervals × 18 columns `kpis` reads at bench scale 1
 * took ~2.2 s, most of it JavaScript decoding and splitting ~50 MB of text; converting DuckDB's
 * string vectors value by value (the driver's own `getItem`) costs about as much. Numbers,
 * booleans and small integer codes read from the vectors cost ~20 ns a value. So, in one read
 * transaction (the statements see the same data):
 * 1. the dictionaries: each `name` column's distinct `values`, numbered in order into one
 *    temporary table (`writeDictionaries`), and read packed — tens of thousands of texts at
 *    most, not one per row;
 * 2. the `text` columns (high-cardinality: ids), read packed in row order;
 * 3. the rows: numbers as DOUBLE, booleans as INTEGER, and for a name its code — a hash join to
 *    the dictionary table. No vector has NULLs (-1 for a NULL name, NULL bits in a mask column
 *    for the rest): the driver tests a vector's validity bits with BigInt arithmetic, which
 *    cost ~15% of the read; and each vector is read as its typed array (`itemsOf`).
 *    Text columns are not in it: they come in row order from 2, so `orderBy` must be total.
 * The rows are decoded after the transaction has released the connection. Measured on the same
 * loaded 2-core machine, best of 4: intervalFacts 1.5 s wall / 1.7 s CPU packed, 1.0 s / 1.0 s so.
 * Decoding goes through columns (`columnsOf`: each vector copied once into a typed array of all
 * the rows), which a ColumnReader (`duckDbColumns`) returns as they are and a RowReader turns
 * into rows (read-rows.ts, rowsOfColumns).
 */
export function duckDbRows(connection: () => DuckDBConnection): RowReader {
  const many = duckDbRowsMany(connection);
  return async <T>(db: Kysely<any>, q: RowsQuery, make: (values: readonly unknown[]) => T) => (await many(db, [{ q, make }]))[0] as T[];
}

/**
 * Several reads in one transaction (read-rows.ts, ManyRowReader): one dictionary table for the
 * name columns of them all, read once; then each read's texts and rows. Each read is decoded
 * while DuckDB runs the next one's statements, and the last after the transaction.
 */
export function duckDbRowsMany(connection: () => DuckDBConnection): ManyRowReader {
  return async (db, reads) => {
    const out: unknown[][] = [];
    // Each read's columns have their place in the dictionary table after those of the reads before it.
    const offsets: number[] = [];
    let width = 0;
    for (const r of reads) {
      offsets.push(width);
      width += r.q.columns.length;
    }
    const columns = reads.flatMap((r) => r.q.columns);
    const last = await db.transaction().execute(async (trx) => {
      const names = await writeDictionaries(trx, columns);
      const dictionaries = await readDictionaries(trx, columns, names);
      let previous: { read: RowsRead; fetched: Fetched } | null = null;
      for (let j = 0; j < reads.length; j++) {
        const read = reads[j]!;
        const offset = offsets[j]!;
        const fetching = (async (): Promise<Fetched> => ({
          dictionaries: dictionaries.slice(offset, offset + read.q.columns.length),
          texts: await readTexts(trx, read.q),
          chunks: await readChunks(trx, connection(), read.q, names, offset),
        }))();
        // The previous read decoded while DuckDB runs this one's; should it throw, this one's
        // statements end before the rollback (they fail on the aborted transaction otherwise).
        try {
          if (previous !== null) out.push(decode(previous.read.q.columns, previous.fetched, previous.read.make));
        } catch (err) {
          await fetching.catch(() => {});
          throw err;
        }
        previous = { read, fetched: await fetching };
      }
      // On a failure the rollback takes the table with it (and a statement would fail on the aborted transaction, hiding the error).
      if (names !== null) await sql`drop table ${sql.raw(names)}`.execute(trx);
      return previous;
    });
    if (last !== null) out.push(decode(last.read.q.columns, last.fetched, last.read.make));
    return out;
  };
}

/** One read as columns (read-rows.ts, ColumnReader), in a transaction of its own. */
export function duckDbColumns(connection: () => DuckDBConnection): ColumnReader {
  return async (db, q) => {
    const fetched = await db.transaction().execute(async (trx): Promise<Fetched> => {
      const names = await writeDictionaries(trx, q.columns);
      const read = {
        dictionaries: await readDictionaries(trx, q.columns, names),
        texts: await readTexts(trx, q),
        chunks: await readChunks(trx, connection(), q, names, 0),
      };
      if (names !== null) await sql`drop table ${sql.raw(names)}`.execute(trx);
      return read;
    });
    return columnsOf(q.columns, fetched);
  };
}

/** What one read fetched: its columns' dictionaries, its text columns, its rows. */
interface Fetched {
  dictionaries: (unknown[] | null)[];
  texts: PackedValue[][];
  chunks: DuckDBDataChunk[];
}

const DICT = 'secscore_d';
let dictionaryTables = 0;

function distinctValues(values: string): string {
  return `select distinct v from (${values}) as secscore_values(v) where v is not null`;
}

/**
 * The dictionaries of the `name` columns, numbered, as one temporary table of the read's
 * (column `k`, value `v`, `code` its place among the column's values in order), or null when
 * there is no name column. Worked out once and joined by the row query, rather than as a CTE
 * of it per column: the CTEs recomputed every distinct list (the 800k findings' ten, for the
 * intervals) and cost that query ~30% of its CPU (470 → 337 ms at bench scale 1).
 */
async function writeDictionaries(trx: Kysely<any>, columns: readonly RowColumn[]): Promise<string | null> {
  const union = columns.flatMap((c, i) => (c.kind === 'name' ? [`select ${i} as k, v from (${distinctValues(c.values)})`] : [])).join(' union all ');
  if (union === '') return null;
  const table = `${DICT}${++dictionaryTables}`;
  await sql`create temp table ${sql.raw(table)} as select k, v, (row_number() over (partition by k order by v) - 1)::integer as code from (${sql.raw(union)}) as secscore_names`.execute(
    trx,
  );
  return table;
}

/** Per column: its dictionary (the distinct values in code order, decoded) if it is a name. */
async function readDictionaries(trx: Kysely<any>, columns: readonly RowColumn[], names: string | null): Promise<(unknown[] | null)[]> {
  const out = columns.map((c) => (c.kind === 'name' ? ([] as unknown[]) : null));
  const decoders = columns.map(nameDecoder);
  if (names === null) return out;
  await readPacked(
    trx,
    {
      columns: [
        { sql: 'k', kind: 'num' },
        { sql: 'v', kind: 'text' },
      ],
      from: sql`from ${sql.raw(names)}`,
      orderBy: 'k, code',
      chunk: 'k',
    },
    (r) => out[r[0] as number]!.push(decoders[r[0] as number]!(r[1] as string)),
  );
  return out;
}

/** The `text` columns, each as an array in row order. */
async function readTexts(trx: Kysely<any>, q: RowsQuery): Promise<PackedValue[][]> {
  const columns = q.columns.filter((c) => c.kind === 'text');
  const out = columns.map(() => [] as PackedValue[]);
  if (columns.length === 0) return out;
  await readPacked(trx, packedQuery(q, columns), (r) => {
    for (let j = 0; j < r.length; j++) out[j]!.push(r[j]!);
  });
  return out;
}

/** The rows without their `text` columns, as DuckDB's result chunks. */
async function readChunks(trx: Kysely<any>, connection: DuckDBConnection, q: RowsQuery, names: string | null, offset: number): Promise<DuckDBDataChunk[]> {
  const joins: string[] = [];
  const select: string[] = [];
  const masks: string[][] = [];
  q.columns.forEach((c, i) => {
    if (c.kind === 'num' || c.kind === 'bool') {
      // A boolean as an INTEGER (0 or 1): every vector is then a DOUBLE or an INTEGER one, read as its typed array (`itemsOf`).
      select.push(c.kind === 'num' ? `coalesce(cast(${c.sql} as double), 0)` : `cast(coalesce(cast(${c.sql} as boolean), false) as integer)`);
      const k = nullBit(q.columns, i);
      (masks[k.mask] ??= []).push(`(case when (${c.sql}) is null then ${1 << k.bit} else 0 end)`);
    } else if (c.kind === 'name') {
      joins.push(`left join (select v, code from ${names} where k = ${offset + i}) as ${DICT}${i} on ${DICT}${i}.v = (${c.restrict ?? c.sql})`);
      // -1 for NULL; -2 for a text missing from the dictionary (`values` too narrow: an error),
      // unless the column is restricted to the dictionary's texts (NULL for the others).
      select.push(c.restrict !== undefined ? `coalesce(${DICT}${i}.code, -1)` : `case when (${c.sql}) is null then -1 else coalesce(${DICT}${i}.code, -2) end`);
    }
  });
  for (const m of masks) select.push(`cast(${m.join(' + ')} as integer)`);
  if (select.length === 0) select.push('0');
  const query = sql`select ${sql.raw(select.join(', '))} from ${fromSql(q)} ${sql.raw(
    joins.join(' '),
  )} where ${q.where} order by ${sql.raw(q.orderBy)}`.compile(trx);
  const result = await connection.run(query.sql, query.parameters.map(toDuckValue) as DuckDBValue[]);
  return result.fetchAllChunks();
}

/**
 * Numbers and booleans come without NULLs (0, false), and which of them are NULL comes as bits
 * of a mask column after the others: so that no vector carries a validity mask.
 */
const MASK_BITS = 30;

function nullBit(columns: readonly RowColumn[], i: number): { mask: number; bit: number } {
  let k = 0;
  for (let j = 0; j < i; j++) if (columns[j]!.kind === 'num' || columns[j]!.kind === 'bool') k++;
  return { mask: Math.floor(k / MASK_BITS), bit: k % MASK_BITS };
}

/**
 * A result vector's values as its typed array: every vector `readChunks` asks for is a DOUBLE or
 * an INTEGER one without NULLs. The driver keeps them as `items` (private in its typings, 1.5.x),
 * and reading them there instead of through `getItem` (a validity test and a call per value) took
 * ~100 ms off the 421k × 18 values of intervalFacts at bench scale 1; where a driver keeps them
 * otherwise, they are copied out through `getItem`.
 */
export function itemsOf(v: DuckDBVector, n: number): Float64Array | Int32Array {
  const items = (v as unknown as { items?: unknown }).items;
  if ((items instanceof Float64Array || items instanceof Int32Array) && items.length === n) return items;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(v.getItem(i));
  return out;
}

/**
 * Where each column of a read comes from (readChunks): its result vector, or its place among
 * the text columns; and for a number or boolean, its NULL bit in a mask column after the others.
 */
function layoutOf(columns: readonly RowColumn[]) {
  const vectorOf: number[] = [];
  const textOf: number[] = [];
  const maskOf: number[] = [];
  const bitOf: number[] = [];
  let vectors = 0;
  let texts = 0;
  columns.forEach((c, i) => {
    vectorOf.push(c.kind === 'text' ? -1 : vectors++);
    textOf.push(c.kind === 'text' ? texts++ : -1);
    const nullable = c.kind === 'num' || c.kind === 'bool';
    const k = nullBit(columns, i);
    maskOf.push(nullable ? k.mask : -1);
    bitOf.push(nullable ? 1 << k.bit : 0);
  });
  return { vectorOf, textOf, maskOf, bitOf, vectors };
}

/**
 * The fetched rows as columns (read-rows.ts, ColumnReader): each vector copied once into one
 * typed array of all the rows, the NULL bits into a flag per row; no value is converted on its own.
 */
function columnsOf(columns: readonly RowColumn[], read: Fetched): ReadColumns {
  const { vectorOf, textOf, maskOf, bitOf, vectors } = layoutOf(columns);
  let n = 0;
  for (const chunk of read.chunks) n += chunk.rowCount;
  const out = columns.map((c, j): ReadColumn => {
    if (c.kind === 'text') return { kind: 'text', values: read.texts[textOf[j]!]! };
    if (c.kind === 'name') return { kind: 'name', codes: new Int32Array(n), dictionary: read.dictionaries[j]! };
    if (c.kind === 'num') return { kind: 'num', values: new Float64Array(n), nulls: new Uint8Array(n) };
    return { kind: 'bool', values: new Uint8Array(n), nulls: new Uint8Array(n) };
  });
  let row = 0;
  for (const chunk of read.chunks) {
    const rows = chunk.rowCount;
    for (let j = 0; j < columns.length; j++) {
      const c = out[j]!;
      if (c.kind === 'text') continue;
      const items = itemsOf(chunk.getColumnVector(vectorOf[j]!), rows);
      if (c.kind === 'name') {
        c.codes.set(items, row);
        for (let i = 0; i < rows; i++)
          if (items[i]! < -1 || items[i]! >= c.dictionary.length)
            throw new Error(`duckdb read: a value of ${columns[j]!.sql} is not in its dictionary (${items[i]})`);
        continue;
      }
      const mask = itemsOf(chunk.getColumnVector(vectors + maskOf[j]!), rows);
      const bit = bitOf[j]!;
      if (c.kind === 'num') c.values.set(items, row);
      else for (let i = 0; i < rows; i++) c.values[row + i] = items[i] !== 0 ? 1 : 0;
      for (let i = 0; i < rows; i++) if ((mask[i]! & bit) !== 0) c.nulls[row + i] = 1;
    }
    row += rows;
  }
  if (read.texts.some((t) => t.length !== n)) throw new Error(`duckdb read: ${n} rows but ${read.texts.map((t) => t.length).join('/')} texts`);
  return { length: n, columns: out };
}

function decode<T>(columns: readonly RowColumn[], read: Fetched, make: (values: readonly unknown[]) => T): T[] {
  return rowsOfColumns(columnsOf(columns, read), make);
}
