import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/** Tables of records that are keyed by their id or natural key (inputs.md §3). */
export type RecordTable = Exclude<
  keyof DB,
  'meta' | 'import_log' | 'scans' | 'findings' | 'sightings' | 'intervals' | 'service_keys' | 'services' | 'areas' | 'product_lines'
>;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const CHUNK = 200;

/**
 * Inserts rows, or updates the row with the same key: re-importing the same records updates
 * them instead of duplicating them. Runs inside the caller's transaction. Every row must
 * carry every column of the table (null where unknown), so an update leaves nothing stale.
 */
export async function upsertRows<T extends RecordTable>(
  trx: Transaction<DB> | Kysely<DB>,
  table: T,
  key: readonly (keyof DB[T] & string)[],
  rows: readonly Record<string, unknown>[],
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const db = trx as unknown as Kysely<any>;
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(key.map((k) => r[k] ?? null));
  // Later rows with the same key win, as they would in a sequence of imports.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of rows) byKey.set(keyOf(r), r);
  const unique = [...byKey.values()];
  const existing = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    let q: any = db.selectFrom(table as string).selectAll();
    q = q.where((eb: any) => eb.or(chunk.map((r) => eb.and(key.map((k) => (r[k] === null || r[k] === undefined ? eb(k, 'is', null) : eb(k, '=', r[k])))))));
    for (const row of (await q.execute()) as Record<string, unknown>[]) existing.set(keyOf(row), row);
  }
  const inserts: Record<string, unknown>[] = [];
  for (const r of unique) {
    const old = existing.get(keyOf(r));
    if (!old) {
      inserts.push(r);
      continue;
    }
    const changed = Object.keys(r).some((c) => (old[c] ?? null) !== (r[c] ?? null));
    if (!changed) {
      counts.unchanged++;
      continue;
    }
    let u: any = db.updateTable(table as string).set(r as any);
    for (const k of key) u = r[k] === null || r[k] === undefined ? u.where(k, 'is', null) : u.where(k, '=', r[k]);
    await u.execute();
    counts.updated++;
  }
  for (let i = 0; i < inserts.length; i += CHUNK)
    await db
      .insertInto(table)
      .values(inserts.slice(i, i + CHUNK))
      .execute();
  counts.inserted = inserts.length;
  return counts;
}

/** All rows of a record table in key order: what `secscore records <kind>` lists. */
export async function listRows<T extends RecordTable>(
  db: Kysely<DB>,
  table: T,
  orderBy: readonly (keyof DB[T] & string)[],
): Promise<Record<string, unknown>[]> {
  let q: any = (db as unknown as Kysely<any>).selectFrom(table as string).selectAll();
  for (const c of orderBy) q = q.orderBy(c);
  return (await q.execute()) as Record<string, unknown>[];
}
