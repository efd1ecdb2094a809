import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Store } from '../store.js';

export type TestEngine = 'duckdb' | 'postgres';

/**
 * The engines the contract suites run against. PostgreSQL is real: a server named by
 * SECSCORE_TEST_PG (scripts/postgres-for-tests.sh starts one). Under CI its absence is an
 * error, not a skip, so a green CI always means both engines ran.
 */
export const PG_URL = process.env['SECSCORE_TEST_PG'];
if (!PG_URL && process.env['CI']) throw new Error('CI: SECSCORE_TEST_PG must name a PostgreSQL server for the contract suites');

export const ENGINES: TestEngine[] = PG_URL ? ['duckdb', 'postgres'] : ['duckdb'];

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a DuckDB file in a temp dir, or a new PostgreSQL database. */
export async function freshDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === 'duckdb') {
    const dir = mkdtempSync(join(tmpdir(), 'secscore-test-'));
    return { url: join(dir, 'test.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `secscore_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      // The store's pool has ended, but its backends may still be on their way out: wait for
      // them, so that a forced drop never terminates a live client (an uncaught 57P01).
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
        if (Number(rows[0]!.n) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function openTestStore(engine: TestEngine): Promise<{ store: Store; url: string; cleanup: () => Promise<void> }> {
  const database = await freshDatabase(engine);
  const store = await Store.open(database.url);
  return {
    store,
    url: database.url,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
}
