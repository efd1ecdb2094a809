import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Bulk reads of many rows as a few long texts, written once for DuckDB and PostgreSQL.
 *
 * Why: `secscore kpis` reads every open interval of two periods and their operational records,
 * hundreds of thousands of rows. Handing them to JavaScript value by value is what costs: on
 * DuckDB the Node driver converts each value of each row on its own (seconds for a million
 * intervals), on PostgreSQL the driver parses each field of each row. Here the database
 * concatenates each row into one text and the rows into one text per chunk (`string_agg`, in
 * the order asked for); JavaScript splits them. Text values are escaped so that no value can
 * fake a separator: ESC (27) is written ESC e, US (31) ESC u, RS (30) ESC r, and NULL is ESC n.
 * Numbers go as their decimal text ('' for NULL), booleans as 1/0.
 */
export type PackedKind = 'text' | 'num' | 'bool';
export type PackedValue = string | number | boolean | null;

export interface PackedQuery {
  /** Column expressions (trusted SQL: ours, never input) with how to decode them. */
  columns: readonly { sql: string; kind: PackedKind }[];
  /** `from … where …`, with parameters. */
  from: RawBuilder<unknown>;
  /** The row order (trusted SQL). */
  orderBy: string;
  /** A chunk key that never decreases along `orderBy`, so that no text grows without bound; one chunk without it. */
  chunk?: string;
}

const ESC = '\x1b';
const US = '\x1f';
const RS = '\x1e';

function encode(c: { sql: string; kind: PackedKind }): string {
  if (c.kind === 'num') return `coalesce(cast(${c.sql} as varchar), '')`;
  if (c.kind === 'bool') return `(case when ${c.sql} is null then '' when ${c.sql} then '1' else '0' end)`;
  return `coalesce(replace(replace(replace(${c.sql}, chr(27), chr(27) || 'e'), chr(31), chr(27) || 'u'), chr(30), chr(27) || 'r'), chr(27) || 'n')`;
}

const UNESCAPE: Record<string, string> = { e: ESC, u: US, r: RS };

function decodeText(f: string): string | null {
  if (f === `${ESC}n`) return null;
  return f.includes(ESC) ? f.replace(/\x1b([eur])/g, (_m, k: string) => UNESCAPE[k]!) : f;
}

/**
 * Runs the query and hands each row to `make` as a values array (reused from row to row: copy
 * what you keep), returning what `make` returns, in order.
 */
export async function readPacked<T = PackedValue[]>(
  db: Kysely<any>,
  q: PackedQuery,
  make: (values: readonly PackedValue[]) => T = (v) => [...v] as T,
): Promise<T[]> {
  const row = q.columns.map(encode).join(' || chr(31) || ');
  const chunk = q.chunk ?? '0';
  const result = await sql<{
    k: unknown;
    t: string | null;
  }>`select ${sql.raw(chunk)} as k, string_agg(${sql.raw(row)}, chr(30) order by ${sql.raw(q.orderBy)}) as t ${q.from} group by 1 order by 1`.execute(db);
  const kinds = q.columns.map((c) => (c.kind === 'text' ? 0 : c.kind === 'num' ? 1 : 2));
  const width = kinds.length;
  const values: PackedValue[] = new Array(width);
  const out: T[] = [];
  for (const r of result.rows) {
    const t = r.t;
    if (t === null || t === undefined) continue;
    // Walk the text row by row (up to RS or the end) and field by field (up to US).
    const end = t.length;
    let pos = 0;
    while (pos <= end) {
      let rowEnd = t.indexOf(RS, pos);
      if (rowEnd === -1) rowEnd = end;
      for (let i = 0; i < width; i++) {
        let next = rowEnd;
        if (i < width - 1) {
          next = t.indexOf(US, pos);
          if (next === -1 || next > rowEnd) throw new Error(`packed read: a row has ${i + 1} fields, expected ${width}`);
        }
        const f = t.slice(pos, next);
        // The last field runs to the row's end: a separator in it is a field too many. (Searching
        // the text from here instead would scan to its end on every row when no field follows.)
        if (i === width - 1 && f.includes(US)) throw new Error(`packed read: a row has more than ${width} fields`);
        const kind = kinds[i];
        values[i] = kind === 0 ? decodeText(f) : kind === 1 ? (f === '' ? null : Number(f)) : f === '' ? null : f === '1';
        pos = next + 1;
      }
      out.push(make(values));
      pos = rowEnd + 1;
    }
  }
  return out;
}
