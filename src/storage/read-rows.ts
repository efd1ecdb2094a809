import { sql, type Kysely, type RawBuilder } from 'kysely';
import { readPacked, type PackedKind, type PackedValue } from './packed-read.js';

/**
 * Bulk reads of many rows (the intervals and scans `secscore kpis` reads), one interface with
 * an implementation per engine, chosen in open-database.ts: PostgreSQL reads packed
 * (packed-read.ts), DuckDB reads columnar (duckdb-read.ts). Both return the same values.
 *
 * A `name` column is text that repeats over many rows (services, tools, severities, rules,
 * JSON lists): it is decoded once per distinct value (`decode`, or kept as the text), and every
 * row with that value gets the same instance, so that the rows hold one copy. `values` lets the
 * DuckDB reader send each row a small integer code into one dictionary instead of the text.
 */
export type RowColumn =
  | { sql: string; kind: PackedKind }
  | {
      sql: string;
      kind: 'name';
      /** A query of one column whose rows include every value the column takes (trusted SQL); more is fine. */
      values: string;
      /** What a row gets for a (non-NULL) text; the text itself without it. */
      decode?: (text: string) => unknown;
      /** Made by `restrictedName`: the column `sql` restricts to the texts of `values`. */
      restrict?: string;
    };

/**
 * A name column that is `column` where its text is one of `values`, else NULL. The packed read
 * sends `sql`, the expression; DuckDB joins `column` to the dictionary directly instead of
 * testing every row's text for membership and then joining it: for the intervals' fingerprints
 * (only those an exception names), ~100 ms less CPU at bench scale 1.
 */
export function restrictedName(column: string, values: string): RowColumn {
  return { sql: `case when ${column} in (${values}) then ${column} end`, kind: 'name', values, restrict: column };
}

export interface RowsQuery {
  /** Column expressions (trusted SQL: ours, never input). */
  columns: readonly RowColumn[];
  /** The tables and their joins, without `from` (trusted SQL, or a builder with parameters: they come before those of `where`). */
  from: string | RawBuilder<unknown>;
  /** The row filter, with parameters. */
  where: RawBuilder<unknown>;
  /** The row order (trusted SQL); a total order (unique per row) when a column is `text`. */
  orderBy: string;
  /** A chunk key that never decreases along `orderBy` (packed-read.ts), for reads of many rows. */
  chunk?: string;
}

/**
 * Runs the query and hands each row to `make` as a values array (reused from row to row: copy
 * what you keep), returning what `make` returns, in order.
 */
export type RowReader = <T>(db: Kysely<any>, q: RowsQuery, make: (values: readonly unknown[]) => T) => Promise<T[]>;

/** One read of several (`ManyRowReader`): a query and what each of its rows is made into. */
export interface RowsRead<T = unknown> {
  q: RowsQuery;
  make: (values: readonly unknown[]) => T;
}

/**
 * Several reads at once, each one's rows as RowReader gives them, in the order of `reads`. On
 * DuckDB they share one transaction and one dictionary table (duckdb-read.ts), instead of a
 * transaction, a table and a dictionary read each, which cost the 14 kinds of operational
 * records `kpis` reads about 9 ms each even when a kind holds a hundred rows. Elsewhere, the
 * reads run side by side.
 */
export type ManyRowReader = (db: Kysely<any>, reads: readonly RowsRead[]) => Promise<unknown[][]>;

/**
 * One column of a read, its values in row order (ColumnReader): a `name` column as a code per
 * row into its dictionary (-1 for NULL; the dictionary holds each distinct value once, decoded),
 * a number or a boolean as a typed array with a NULL flag per row, a `text` column as its values.
 */
export type ReadColumn =
  | { kind: 'name'; codes: Int32Array; dictionary: readonly unknown[] }
  | { kind: 'num'; values: Float64Array; nulls: Uint8Array }
  | { kind: 'bool'; values: Uint8Array; nulls: Uint8Array }
  | { kind: 'text'; values: readonly PackedValue[] };

/** A read's rows as columns, in the order of the query's `columns`. */
export interface ReadColumns {
  length: number;
  columns: readonly ReadColumn[];
}

/**
 * Runs the query and returns its rows as columns, with the values RowReader would give. For the
 * reads too large to make an object of every value of every row (the intervals `kpis` reads):
 * a row can then be an object that reads its values from the columns when asked
 * (interval-columns.ts). On DuckDB the columns are the result's own vectors, copied once.
 */
export type ColumnReader = (db: Kysely<any>, q: RowsQuery) => Promise<ReadColumns>;

/**
 * The packed reader's rows as columns (on PostgreSQL): each value put in its column as the text
 * is split, a `name` numbered on its first sight (one lookup per value) and decoded then.
 */
export const packedColumns: ColumnReader = async (db, q) => {
  const names = q.columns.map((c) => (c.kind === 'name' ? { decode: nameDecoder(c), index: new Map<string, number>(), dictionary: [] as unknown[] } : null));
  const raw: unknown[][] = q.columns.map(() => []);
  const width = q.columns.length;
  await readPacked(db, packedQuery(q, q.columns), (values) => {
    for (let j = 0; j < width; j++) {
      const v = values[j]!;
      const name = names[j];
      if (name === null || name === undefined) raw[j]!.push(v);
      else if (v === null) raw[j]!.push(-1);
      else {
        let k = name.index.get(v as string);
        if (k === undefined) name.index.set(v as string, (k = name.dictionary.push(name.decode(v as string)) - 1));
        raw[j]!.push(k);
      }
    }
    return null;
  });
  const n = raw[0]?.length ?? 0;
  return {
    length: n,
    columns: q.columns.map((c, j): ReadColumn => {
      const name = names[j];
      if (name !== null && name !== undefined) return { kind: 'name', codes: Int32Array.from(raw[j] as number[]), dictionary: name.dictionary };
      return typedColumn(c.kind as PackedKind, raw[j]!, n);
    }),
  };
};

/** A number, boolean or text column of values (NULL: null) as a ReadColumn. */
function typedColumn(kind: PackedKind, values: readonly unknown[], n: number): ReadColumn {
  if (kind === 'text') return { kind: 'text', values: values as PackedValue[] };
  const nulls = new Uint8Array(n);
  if (kind === 'num') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++)
      if (values[i] === null) nulls[i] = 1;
      else out[i] = values[i] as number;
    return { kind: 'num', values: out, nulls };
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    if (values[i] === null) nulls[i] = 1;
    else out[i] = values[i] ? 1 : 0;
  return { kind: 'bool', values: out, nulls };
}

/**
 * Columns back to rows: each row's values handed to `make` (the array reused from row to row),
 * as RowReader gives them.
 */
export function rowsOfColumns<T>(read: ReadColumns, make: (values: readonly unknown[]) => T): T[] {
  const { length: n, columns } = read;
  const width = columns.length;
  const values: unknown[] = new Array(width);
  const out: T[] = new Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < width; j++) {
      const c = columns[j]!;
      if (c.kind === 'name') {
        const k = c.codes[r]!;
        values[j] = k === -1 ? null : c.dictionary[k];
      } else if (c.kind === 'text') values[j] = c.values[r];
      else if (c.nulls[r] === 1) values[j] = null;
      else if (c.kind === 'bool') values[j] = c.values[r] === 1;
      else {
        // An integer as a small integer where it is one (as a parsed text would be): a DOUBLE
        // kept as is would be a heap number here and a boxed field in every object made of it.
        const x = c.values[r]!;
        const int = x | 0;
        values[j] = int === x && int !== 0 ? int : x;
      }
    }
    out[r] = make(values);
  }
  return out;
}

/** The packed reader for several reads: side by side (on PostgreSQL, on the pool's connections). */
export const packedRowsMany: ManyRowReader = (db, reads) => Promise.all(reads.map((r) => packedRows(db, r.q, r.make)));

/** What a `name` column's rows get for a text. */
export function nameDecoder(c: RowColumn): (text: string) => unknown {
  return c.kind === 'name' && c.decode !== undefined ? c.decode : (text) => text;
}

/** The packed reader with `name` columns read as text, each distinct text decoded once. */
export const packedRows: RowReader = (db, q, make) => {
  const names = q.columns.map((c) => (c.kind === 'name' ? { decode: nameDecoder(c), seen: new Map<string, unknown>() } : null));
  const values: unknown[] = new Array(q.columns.length);
  return readPacked(db, packedQuery(q, q.columns), (r) => {
    for (let i = 0; i < r.length; i++) {
      const v = r[i]!;
      const name = names[i];
      if (name === null || name === undefined || v === null) values[i] = v;
      else {
        let d = name.seen.get(v as string);
        if (d === undefined && !name.seen.has(v as string)) name.seen.set(v as string, (d = name.decode(v as string)));
        values[i] = d;
      }
    }
    return make(values);
  });
};

/** The packed form of the query for the given columns (`name` read as text). */
export function packedQuery(q: RowsQuery, columns: readonly RowColumn[]) {
  return {
    columns: columns.map((c) => ({ sql: c.sql, kind: c.kind === 'name' ? ('text' as const) : c.kind })),
    from: sql`from ${fromSql(q)} where ${q.where}`,
    orderBy: q.orderBy,
    ...(q.chunk !== undefined ? { chunk: q.chunk } : {}),
  };
}

/** The query's `from` as SQL. */
export function fromSql(q: RowsQuery): RawBuilder<unknown> {
  return typeof q.from === 'string' ? sql.raw(q.from) : q.from;
}
