import { Kysely, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store.js';
import { openDatabase } from '../open-database.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../test-support/engines.js';
import { findingRow } from '../test-support/finding-row.js';
import * as m0001 from './0001-initial.js';

describe.each(ENGINES)('migration 0002 on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('upgrades a database of the first schema with its rows, ids and sequence kept', async () => {
    database = await freshDatabase(engine);
    // A database as 0001 left it, with one finding, its sighting and its interval.
    const { db } = await openDatabaseAt0001(database.url);
    await db
      .insertInto('scans')
      .values({
        service_id: 's',
        tool: 't',
        category: 'sast',
        scanned_at: 1,
        partial: false,
        format: 'f',
        file: 'x',
        sha256: 'h',
        imported_at: 1,
        finding_count: 1,
      })
      .execute();
    const row = findingRow({ service_id: 's', tool: 't', fingerprint: '' });
    const first = await db
      .insertInto('findings')
      .values({ ...row, fingerprint: 'a' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const scan = await db.selectFrom('scans').select('id').executeTakeFirstOrThrow();
    await db.insertInto('sightings').values({ scan_id: scan.id, finding_id: first.id }).execute();
    await db.insertInto('intervals').values({ finding_id: first.id, seq: 1, opened_at: 1, fixed_at: null, last_seen_at: 1 }).execute();
    await db.destroy();

    const store = await Store.open(database.url);
    try {
      expect(await store.db.selectFrom('findings').select(['id', 'fingerprint']).execute()).toEqual([{ id: Number(first.id), fingerprint: 'a' }]);
      expect(await store.db.selectFrom('sightings').selectAll().execute()).toEqual([{ scan_id: Number(scan.id), finding_id: Number(first.id) }]);
      expect(await store.db.selectFrom('intervals').select(['finding_id', 'seq']).execute()).toEqual([{ finding_id: Number(first.id), seq: 1 }]);
      // The id sequence goes on where it was.
      const next = await store.db
        .insertInto('findings')
        .values({ ...row, fingerprint: 'b' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(next.id).toBeGreaterThan(Number(first.id));
      // PostgreSQL keeps its constraints; DuckDB has none left on these tables.
      const duplicate = store.db
        .insertInto('findings')
        .values({ ...row, fingerprint: 'b' })
        .execute();
      if (engine === 'postgres') await expect(duplicate).rejects.toThrow(/duplicate key|unique/i);
      else await expect(duplicate).resolves.toBeDefined();
    } finally {
      await store.close();
    }
  });
});

/** The database migrated to 0001 only, through the dialect the store uses. */
async function openDatabaseAt0001(url: string): Promise<{ db: Kysely<any> }> {
  const { db } = await openDatabase(url, { migrate: false });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-initial': m0001 }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return { db };
}

describe.each(ENGINES)('migration 0003 on %s', (engine) => {
  it('leaves half of each new intervals page free on PostgreSQL, for the daily updates of open intervals', async () => {
    const database = await freshDatabase(engine);
    try {
      const store = await Store.open(database.url);
      try {
        if (engine === 'postgres') {
          const { rows } = await sql<{ options: string[] | null }>`select reloptions as options from pg_class where relname = 'intervals'`.execute(store.db);
          expect(rows[0]?.options).toEqual(['fillfactor=50']);
        }
        // Both engines record it as applied.
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
        expect(applied.rows.map((r) => r.name)).toContain('0003-postgres-intervals-fillfactor');
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
