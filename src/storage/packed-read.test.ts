import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPacked } from './packed-read.js';
import type { Store } from './store.js';
import { ENGINES, openTestStore } from './test-support/engines.js';

// Untrusted text with the separators and the escape character in it, NULLs, empty strings,
// non-BMP characters, numbers and booleans must come back exactly as stored, in order.
const TEXTS = ['plain', '', null, 'a\x1fb\x1ec', '\x1bn', '\x1b', 'x\x1be\x1bu\x1br', 'emoji 🔥 ü', "quote ' and \\ backslash", 'tab\tnew\nline'];

describe.each(ENGINES)('readPacked on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore(engine));
    await sql`create table packed_t (id bigint, label text, amount float8, flag boolean)`.execute(store.db);
    for (const [i, t] of TEXTS.entries())
      await sql`insert into packed_t values (${i + 1}, ${t}, ${i % 3 === 0 ? null : i + 0.25}, ${i % 4 === 0 ? null : i % 2 === 0})`.execute(store.db);
  });
  afterAll(async () => cleanup());

  const read = (chunk?: string) =>
    readPacked(store.db, {
      columns: [
        { sql: 'id', kind: 'num' },
        { sql: 'label', kind: 'text' },
        { sql: 'amount', kind: 'num' },
        { sql: 'flag', kind: 'bool' },
      ],
      from: sql`from packed_t where id >= ${1}`,
      orderBy: 'id desc',
      ...(chunk ? { chunk } : {}),
    });

  it('returns every value as stored, in the order asked for', async () => {
    const expected = TEXTS.map((t, i) => [i + 1, t, i % 3 === 0 ? null : i + 0.25, i % 4 === 0 ? null : i % 2 === 0]).reverse();
    expect(await read()).toEqual(expected);
  });

  it('reads in chunks when given a chunk key', async () => {
    // The key must not decrease along the order: descending ids, so a descending key.
    const rows = await read('0 - (id - id % 4)');
    expect(rows.map((r) => r[0])).toEqual(TEXTS.map((_t, i) => i + 1).reverse());
  });

  it('returns no rows for an empty selection', async () => {
    expect(await readPacked(store.db, { columns: [{ sql: 'id', kind: 'num' }], from: sql`from packed_t where id < ${0}`, orderBy: 'id' })).toEqual([]);
  });
});
