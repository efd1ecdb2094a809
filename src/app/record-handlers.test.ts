import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../importers/records/kinds.js';
import { listedColumns, type RecordKind, type RecordKindId } from '../importers/records/record-kind.js';
import { bufferSource } from '../importers/source.js';
import type { Store } from '../storage/store.js';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { INPUT_HANDLERS } from './input-handlers.js';
import { listRecords, RECORD_HANDLERS, RECORD_TABLES } from './record-handlers.js';

const kinds = Object.entries(RECORD_KINDS) as [RecordKindId, RecordKind][];

describe('record handlers', () => {
  it('registers one import handler per record kind, its id and kind being the kind', () => {
    expect(RECORD_HANDLERS.map((h) => [h.id, h.kind])).toEqual(kinds.map(([id]) => [id, id]));
    for (const h of RECORD_HANDLERS) expect(INPUT_HANDLERS).toContain(h);
  });

  it('declares keys and listing orders among the stored columns, and each kind is its own id', () => {
    for (const [id, kind] of kinds) {
      const stored = new Set(listedColumns(kind).map((c) => c.column));
      expect(kind.kind).toBe(id);
      for (const k of [...kind.key, ...kind.order, ...(kind.sequence ? [kind.sequence.column, ...kind.sequence.within] : [])])
        expect(stored, `${id}: ${k}`).toContain(k);
      for (const c of kind.columns)
        if (c.value.type === 'repo' && c.value.serviceColumn) expect(stored, `${id}: ${c.value.serviceColumn}`).toContain(c.value.serviceColumn);
    }
  });
});

describe.each(ENGINES)('record kinds and their tables on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ store, cleanup } = await openTestStore(engine)));
  afterAll(async () => cleanup());

  it('stores every kind in a table whose columns are exactly the kind’s columns', async () => {
    const tables = new Map((await store.db.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
    for (const [id, kind] of kinds) {
      expect(tables.get(RECORD_TABLES[id]), id).toEqual(
        listedColumns(kind)
          .map((c) => c.column)
          .sort(),
      );
    }
  });

  it('stores nothing of a file whose records fail to read and logs nothing for it', async () => {
    const handler = RECORD_HANDLERS.find((h) => h.id === 'commits')!;
    const ctx = { store, catalog: await store.catalog(), serviceKeys: new Map<string, string>(), options: { now: 0 }, sha256: 'f'.repeat(64) };
    const good = bufferSource('commits.csv', 'repo,day,count\ngithub.com/acme/ledger,2026-09-01,3\n');
    expect(await handler.importFile(good, ctx)).toMatchObject({
      kind: 'commits',
      records: 1,
      inserted: 1,
      warnings: [expect.stringContaining('is in no catalog service')],
    });
    const bad = bufferSource('commits.csv', 'repo,day,count\ngithub.com/acme/ledger,2026-09-01,4\ngithub.com/acme/ledger,2026-09-02,many\n');
    await expect(handler.importFile(bad, ctx)).rejects.toThrow(/row 3, column\/field "count"/);
    expect(await listRecords(store, 'commits')).toEqual([{ repo: 'github.com/acme/ledger', day: '2026-09-01', count: 3 }]);
    expect(await store.db.selectFrom('import_log').select('records').where('kind', '=', 'commits').execute()).toEqual([{ records: 1 }]);
  });
});
