import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { ENGINES, openTestStore } from './test-support/engines.js';

// write-small-file.ts inserts a file's rows as one array parameter per column, unnested; the
// DuckDB dialect binds a JavaScript array as a LIST of the type the statement's cast names, and
// pg sends it as an array literal. The same values must come back on both engines.
describe.each(ENGINES)('an array parameter on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ store, cleanup } = await openTestStore(engine)));
  afterAll(async () => cleanup());

  it('is one list of the type its cast names, nulls and order kept, zipped with the others by position', async () => {
    const { rows } = await sql<{ t: string | null; n: number | null; b: boolean | null; i: number }>`
      select unnest(cast(${[null, 'a', 'it\'s "quoted", {braced}']} as text[])) as t,
        unnest(cast(${[1_788_242_400_000, null, -3]} as bigint[])) as n,
        unnest(cast(${[true, false, null]} as boolean[])) as b,
        unnest(cast(${[2_147_483_647, 0, -1]} as integer[])) as i`.execute(store.db);
    expect(rows).toEqual([
      { t: null, n: 1_788_242_400_000, b: true, i: 2_147_483_647 },
      { t: 'a', n: null, b: false, i: 0 },
      { t: 'it\'s "quoted", {braced}', n: -3, b: null, i: -1 },
    ]);
  });

  it('is an empty list when the array is empty', async () => {
    const { rows } = await sql<{ t: string }>`select unnest(cast(${[]} as text[])) as t`.execute(store.db);
    expect(rows).toEqual([]);
  });

  it('inserts rows column by column', async () => {
    await sql`insert into meta (key, value) select unnest(cast(${['k1', 'k2']} as text[])), unnest(cast(${['v1', 'v2']} as text[]))`.execute(store.db);
    const got = await store.db.selectFrom('meta').selectAll().where('key', 'in', ['k1', 'k2']).orderBy('key').execute();
    expect(got).toEqual([
      { key: 'k1', value: 'v1' },
      { key: 'k2', value: 'v2' },
    ]);
  });
});
