import type { Kysely } from 'kysely';
import type { Millis } from '../domain/time.js';
import type { DB } from './schema.js';

/**
 * Where a connector stopped, per (source, key): the cursor text is the connector's own. Written
 * in the transaction that stores what was read up to it, so the two never disagree.
 */
export async function readSyncState(db: Kysely<DB>, source: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sync_state').select(['key', 'cursor']).where('source', '=', source).execute();
  return new Map(rows.map((r) => [r.key, r.cursor]));
}

export async function writeSyncState(db: Kysely<DB>, source: string, key: string, cursor: string, at: Millis): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({ source, key, cursor, updated_at: at })
    .onConflict((oc) => oc.columns(['source', 'key']).doUpdateSet({ cursor, updated_at: at }))
    .execute();
}

/** Every stored cursor of a source, with when it was written: what `secscore status` shows of connectors. */
export async function syncStates(db: Kysely<DB>): Promise<{ source: string; key: string; updatedAt: Millis }[]> {
  const rows = await db.selectFrom('sync_state').select(['source', 'key', 'updated_at']).orderBy('source').orderBy('key').execute();
  return rows.map((r) => ({ source: r.source, key: r.key, updatedAt: Number(r.updated_at) }));
}
