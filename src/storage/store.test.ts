import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawFinding } from '../domain/finding.js';
import type { Catalog } from '../domain/service.js';
import { DAY_MS } from '../domain/time.js';
import type { SnapshotWrite, Store } from './store.js';
import { ENGINES, openTestStore } from './test-support/engines.js';

const T0 = Date.UTC(2026, 0, 5);
const day = (n: number) => T0 + n * DAY_MS;

function finding(fingerprint: string, over: Partial<RawFinding> = {}): RawFinding {
  return {
    fingerprint,
    severity: 'high',
    title: `finding ${fingerprint}`,
    ruleId: `rule-${fingerprint}`,
    vulnerabilityIds: [],
    cwes: [],
    file: 'src/a.ts',
    line: 1,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
    ...over,
  };
}

const catalog: Catalog = {
  lines: [{ name: 'Core', owners: ['vp'] }],
  areas: [{ name: 'API', line: 'Core', owners: ['team-api'] }],
  services: [
    {
      id: 'billing',
      name: 'Billing',
      area: 'API',
      line: 'Core',
      tier: 0,
      internetExposed: true,
      owners: ['team-billing'],
      repos: ['github.com/acme/billing'],
      images: ['registry.acme.io/billing'],
      cloudAccounts: [],
      tags: ['paved-road:release'],
    },
  ],
};

function snap(at: number, fps: string[], partial = false): SnapshotWrite {
  return { serviceId: 'billing', tool: 'semgrep', category: 'sast', scannedAt: at, partial, findings: fps.map((f) => finding(f)) };
}

const record = (file: string) => ({ kind: 'scan' as const, format: 'test', file, sha256: file });

async function lifecycle(store: Store) {
  const rows = await store.findings({ at: day(1000), status: 'all' });
  return rows.map((r) => ({ fp: r.fingerprint, status: r.status, intervals: r.intervals, reopen: r.reopenCount }));
}

describe.each(ENGINES)('store contract on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await openTestStore(engine));
    await store.saveCatalog(catalog, { kind: 'catalog', format: 'test', file: 'c', sha256: 'c' });
  });
  afterEach(async () => cleanup());

  it('runs the versioned migrations once and records them', async () => {
    const rows = await store.db.selectFrom('kysely_migration' as never).selectAll().execute();
    expect(rows.map((r) => (r as { name: string }).name)).toEqual(['0001-initial']);
  });

  it('updates a service when the catalog is imported again', async () => {
    const changed = { ...catalog, services: [{ ...catalog.services[0]!, tier: 1 as const, repos: ['github.com/acme/billing-v2'] }] };
    await store.saveCatalog(changed, { kind: 'catalog', format: 'test', file: 'c', sha256: 'c2' });
    const back = await store.catalog();
    expect(back.services).toHaveLength(1);
    expect(back.services[0]!.tier).toBe(1);
    const keys = await store.serviceKeys();
    expect(keys.get('repo:github.com/acme/billing-v2')).toBe('billing');
    expect(keys.has('repo:github.com/acme/billing')).toBe(false);
  });

  it('opens, fixes and reopens findings across snapshots', async () => {
    const o1 = await store.writeSnapshots([snap(day(0), ['a', 'b'])], record('1'));
    expect(o1[0]).toMatchObject({ opened: 2, fixed: 0, reopened: 0, unchanged: 0 });
    const o2 = await store.writeSnapshots([snap(day(7), ['a'])], record('2'));
    expect(o2[0]).toMatchObject({ opened: 0, fixed: 1, reopened: 0, unchanged: 1 });
    const o3 = await store.writeSnapshots([snap(day(14), ['a', 'b'])], record('3'));
    expect(o3[0]).toMatchObject({ opened: 0, fixed: 0, reopened: 1, unchanged: 1 });
    expect(await lifecycle(store)).toEqual([
      { fp: 'a', status: 'open', reopen: 0, intervals: [{ seq: 1, openedAt: day(0), fixedAt: null }] },
      {
        fp: 'b',
        status: 'open',
        reopen: 1,
        intervals: [
          { seq: 1, openedAt: day(0), fixedAt: day(7) },
          { seq: 2, openedAt: day(14), fixedAt: null },
        ],
      },
    ]);
  });

  it('fixes nothing from a partial snapshot', async () => {
    await store.writeSnapshots([snap(day(0), ['a', 'b'])], record('1'));
    const o = await store.writeSnapshots([snap(day(7), ['c'], true)], record('2'));
    expect(o[0]).toMatchObject({ opened: 1, fixed: 0 });
    expect((await lifecycle(store)).map((f) => f.status)).toEqual(['open', 'open', 'open']);
  });

  it('changes nothing when the same snapshot is imported twice', async () => {
    await store.writeSnapshots([snap(day(0), ['a', 'b'])], record('1'));
    await store.writeSnapshots([snap(day(7), ['a'])], record('2'));
    const before = await lifecycle(store);
    const again = await store.writeSnapshots([snap(day(7), ['a'])], record('2'));
    expect(again[0]).toMatchObject({ opened: 0, fixed: 0, reopened: 0, unchanged: 1, replaced: true });
    expect(await lifecycle(store)).toEqual(before);
  });

  it('gives the same lifecycle for out-of-order imports as for in-order ones', async () => {
    const snaps = [snap(day(0), ['a', 'b']), snap(day(7), ['a']), snap(day(14), ['a', 'b', 'c']), snap(day(21), ['c'], true), snap(day(28), ['b'])];
    for (const [i, s] of snaps.entries()) await store.writeSnapshots([s], record(String(i)));
    const inOrder = await lifecycle(store);
    const other = await openTestStore(engine);
    try {
      await other.store.saveCatalog(catalog, { kind: 'catalog', format: 'test', file: 'c', sha256: 'c' });
      for (const i of [3, 0, 4, 2, 1]) await other.store.writeSnapshots([snaps[i]!], record(String(i)));
      expect(await lifecycle(other.store)).toEqual(inOrder);
    } finally {
      await other.cleanup();
    }
    expect(inOrder.find((f) => f.fp === 'a')!.intervals).toEqual([{ seq: 1, openedAt: day(0), fixedAt: day(28) }]);
  });

  it('keeps attributes from the latest snapshot whatever the import order', async () => {
    const late = { ...snap(day(7), []), findings: [finding('a', { severity: 'critical', title: 'late' })] };
    const early = { ...snap(day(0), []), findings: [finding('a', { severity: 'low', title: 'early' })] };
    await store.writeSnapshots([late], record('late'));
    await store.writeSnapshots([early], record('early'));
    const [f] = await store.findings({ at: day(100) });
    expect(f).toMatchObject({ severity: 'critical', title: 'late', openedAt: day(0) });
  });

  it('rolls back every snapshot of a file when one of them fails', async () => {
    const good = snap(day(0), ['a']);
    const bad = { ...snap(day(0), []), tool: 'other', findings: [finding('x', { title: null as unknown as string })] };
    await expect(store.writeSnapshots([good, bad], record('bad'))).rejects.toThrow();
    expect(await store.findings({ at: day(1), status: 'all' })).toEqual([]);
    expect(await store.scanFacts(0, day(100))).toEqual([]);
    expect(await store.loadedKinds()).toEqual(new Set(['catalog']));
  });

  it('returns the intervals overlapping a window with their findings', async () => {
    await store.writeSnapshots([snap(day(0), ['a', 'b'])], record('1'));
    await store.writeSnapshots([snap(day(10), ['a'])], record('2'));
    const facts = await store.intervalFacts(day(11), day(20), { epssThreshold: 0.1 });
    expect(facts.map((f) => [f.fingerprint, f.openedAt, f.fixedAt])).toEqual([['a', day(0), null]]);
    const all = await store.intervalFacts(day(5), day(20), { epssThreshold: 0.1 });
    expect(all.map((f) => f.fingerprint).sort()).toEqual(['a', 'b']);
    expect(all[0]).toMatchObject({ serviceId: 'billing', tool: 'semgrep', category: 'sast', severity: 'high', falsePositive: false });
  });

  it('reports which input kinds were loaded', async () => {
    expect(await store.loadedKinds()).toEqual(new Set(['catalog']));
    await store.writeSnapshots([snap(day(0), ['a'])], record('1'));
    expect(await store.loadedKinds()).toEqual(new Set(['catalog', 'findings']));
  });

  it('keeps one secret key per database', async () => {
    const k = await store.secretKey();
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.secretKey()).toBe(k);
  });
});
