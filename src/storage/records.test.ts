import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { listRows, upsertRows } from './records.js';
import { ENGINES, openTestStore } from './test-support/engines.js';

const incident = (id: string, title: string) => ({
  id,
  title,
  severity: 'sev2',
  service_id: null,
  started_at: 1,
  detected_at: 2,
  contained_at: null,
  resolved_at: null,
  cause: null,
  runbook: null,
});

describe.each(ENGINES)('record upserts on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await openTestStore(engine)));
  afterEach(async () => cleanup());

  it('inserts new records, updates changed ones by key and leaves the rest', async () => {
    expect(await upsertRows(store.db, 'incidents', ['id'], [incident('I-1', 'a'), incident('I-2', 'b')])).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await upsertRows(store.db, 'incidents', ['id'], [incident('I-1', 'a'), incident('I-2', 'B'), incident('I-3', 'c')])).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    const rows = await listRows(store.db, 'incidents', ['id']);
    expect(rows.map((r) => [r['id'], r['title']])).toEqual([
      ['I-1', 'a'],
      ['I-2', 'B'],
      ['I-3', 'c'],
    ]);
  });

  it('keys on several columns and keeps the last of duplicate rows', async () => {
    const rows = [
      { repo: 'github.com/a/b', day: '2026-09-01', count: 3 },
      { repo: 'github.com/a/b', day: '2026-09-01', count: 5 },
      { repo: 'github.com/a/b', day: '2026-09-02', count: 1 },
    ];
    expect(await upsertRows(store.db, 'commits', ['repo', 'day'], rows)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect((await listRows(store.db, 'commits', ['repo', 'day'])).map((r) => r['count'])).toEqual([5, 1]);
  });
});
