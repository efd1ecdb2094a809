import { afterEach, describe, expect, it } from 'vitest';
import { rawFinding as finding } from '../storage/test-support/raw-finding.js';
import { imageKey, repoKey } from '../domain/service.js';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { writeSyntheticCompany } from './generate-company.js';

/**
 * The bench's company is written with its rows' ids: a database made by it must take imports
 * afterwards like any other (the sequences past those ids), so that the bench database can be
 * used to measure imports into a company's history too.
 */
describe.each(ENGINES)('the synthetic company on %s', (engine) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('takes an import afterwards, its new rows with ids of their own', async () => {
    const test = await openTestStore(engine);
    cleanup = test.cleanup;
    const { store } = test;
    const counts = await writeSyntheticCompany(store.db, 0.002);
    const [out] = await store.writeSnapshots(
      [{ serviceId: 'svc-0001', tool: 'newtool', category: 'sast', scannedAt: Date.UTC(2026, 10, 1), partial: false, findings: [finding('a'), finding('b')] }],
      { kind: 'scan', format: 'test', file: 'new', sha256: 'new' },
    );
    expect(out).toMatchObject({ findings: 2, opened: 2 });
    const ids = async (table: 'findings' | 'scans') => (await store.db.selectFrom(table).select('id').execute()).map((r) => Number(r.id));
    for (const [table, before] of [
      ['findings', counts['findings']!],
      ['scans', counts['scans']!],
    ] as const) {
      const all = await ids(table);
      expect(all.length, table).toBeGreaterThan(before);
      expect(new Set(all).size, table).toBe(all.length);
    }
  }, 120_000);

  it('maps every service by its repository and image, as a saved catalog does', async () => {
    const test = await openTestStore(engine);
    cleanup = test.cleanup;
    const { store } = test;
    const counts = await writeSyntheticCompany(store.db, 0.002);
    const catalog = await store.catalog();
    const keys = await store.serviceKeys();
    expect(catalog.services.length).toBe(counts['services']);
    for (const s of catalog.services) {
      for (const repo of s.repos) expect(keys.get(`repo:${repoKey(repo)}`), repo).toBe(s.id);
      for (const image of s.images) expect(keys.get(`image:${imageKey(image)}`), image).toBe(s.id);
    }
    expect(keys.size).toBe(2 * catalog.services.length);
  }, 120_000);
});
