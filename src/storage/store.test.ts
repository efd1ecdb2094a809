import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawFinding } from '../domain/finding.js';
import { deriveIntervals, type DerivedInterval } from '../domain/lifecycle.js';
import type { Catalog } from '../domain/service.js';
import { DAY_MS } from '../domain/time.js';
import type { SnapshotWrite, Store } from './store.js';
import { rawFinding } from './test-support/raw-finding.js';
import { ENGINES, openTestStore } from './test-support/engines.js';
import { findingRow } from './test-support/finding-row.js';
import { MIGRATIONS } from './migrations/index.js';
import { sql } from 'kysely';
import { saveAlertFindings } from './alert-findings.js';
import { saveExceptions } from './exceptions.js';
import type { ExceptionRecord } from '../domain/exception.js';
import { MAX_STAGED_TEXT } from './write-snapshots.js';
import { emptyStageRows, LARGE_WRITE, SMALL_FILE, STAGE_COLUMNS } from './bulk-stage.js';
import { SMALL_SIGHTINGS, SMALL_STREAMS, writeSmallFile } from './write-small-file.js';

const T0 = Date.UTC(2026, 0, 5);
const day = (n: number) => T0 + n * DAY_MS;

const finding = rawFinding;

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
    const rows = await store.db
      .selectFrom('kysely_migration' as never)
      .selectAll()
      .execute();
    expect(rows.map((r) => (r as { name: string }).name)).toEqual(Object.keys(MIGRATIONS));
  });

  it('keeps the keys of findings, sightings and intervals unique, by constraint on PostgreSQL and by its write path on DuckDB', async () => {
    const constraints = await indexedKeys(store);
    if (engine === 'postgres') expect(constraints).toEqual(['findings', 'intervals', 'sightings']);
    else expect(constraints).toEqual([]);
    // Duplicates within a snapshot, two streams in one file, a re-import, a replacement and an older snapshot.
    const dup = { ...snap(day(0), ['a', 'b', 'a', 'c', 'b']), findings: ['a', 'b', 'a', 'c', 'b'].map((f, i) => finding(f, { title: `t${i}` })) };
    await store.writeSnapshots([dup, { ...snap(day(0), ['a', 'b']), tool: 'trivy' }], record('1'));
    await store.writeSnapshots([dup, { ...snap(day(0), ['a', 'b']), tool: 'trivy' }], record('1'));
    await store.writeSnapshots([snap(day(7), ['a'])], record('2'));
    await store.writeSnapshots([snap(day(7), ['a', 'c', 'c'])], record('2b'));
    await store.writeSnapshots([snap(day(3), ['b', 'd'])], record('3'));
    await store.writeSnapshots([snap(day(14), ['a', 'b', 'c', 'd'])], record('4'));
    expect(await duplicateKeys(store)).toEqual({ findingIds: 0, findingKeys: 0, sightings: 0, intervals: 0 });
    const semgrep = await store.db.selectFrom('findings').select(['fingerprint', 'title']).where('tool', '=', 'semgrep').orderBy('fingerprint').execute();
    // The first of each fingerprint in file order, from the latest snapshot that carried it.
    expect(semgrep).toEqual([
      { fingerprint: 'a', title: 'finding a' },
      { fingerprint: 'b', title: 'finding b' },
      { fingerprint: 'c', title: 'finding c' },
      { fingerprint: 'd', title: 'finding d' },
    ]);
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

  it("keeps each finding's attributes from the latest snapshot that sighted it, for snapshots in any order, small and staged files alike", async () => {
    // Distinct times in a random import order; a title per snapshot from two, so that a later
    // snapshot often sights a finding unchanged (its attributes are then not rewritten, and an
    // earlier snapshot imported after it must still not win: attributesOlderThan).
    const fingerprints = ['a', 'b', 'c'];
    const imports = fc
      .uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 })
      .chain((times) =>
        fc.tuple(
          ...times.map((at) =>
            fc.record({ at: fc.constant(at), present: fc.subarray(fingerprints), title: fc.constantFrom('one', 'two'), partial: fc.boolean() }),
          ),
        ),
      );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(imports, fc.boolean(), async (snaps, staged) => {
        const tool = `attr-${run++}`;
        for (const [i, s] of snaps.entries())
          await store.importFile(async (imp) => {
            await imp.stage(s.present.map((fp) => ({ group: 0, finding: finding(fp, { title: `${s.title} ${fp}` }) })));
            // Rows of a group no snapshot names take the file past SMALL_FILE to the staged path.
            if (staged) await imp.stage(Array.from({ length: SMALL_FILE + 1 }, (_, k) => ({ group: 9, finding: finding(`pad-${k}`) })));
            return imp.finish(
              [{ serviceId: 'billing', tool, category: 'sast', scannedAt: day(s.at), partial: s.partial, groups: [0] }],
              record(`${tool}-${i}`),
            );
          });
        const expected = new Map<string, string>();
        for (const fp of fingerprints) {
          const latest = snaps.filter((s) => s.present.includes(fp)).sort((x, y) => y.at - x.at)[0];
          if (latest) expected.set(fp, `${latest.title} ${fp}`);
        }
        const stored = await store.db
          .selectFrom('findings')
          .select(['fingerprint', 'title'])
          .where('tool', '=', tool)
          .where('fingerprint', 'in', fingerprints)
          .execute();
        expect(new Map(stored.map((r) => [r.fingerprint, r.title])), JSON.stringify({ snaps, staged })).toEqual(expected);
      }),
      {
        numRuns: 25,
        // The case itself: day 14 sights `a` unchanged, then day 7 comes with another title.
        examples: [false, true].map((staged) => [
          [
            { at: 0, present: ['a'], title: 'one', partial: false },
            { at: 14, present: ['a'], title: 'one', partial: false },
            { at: 7, present: ['a'], title: 'two', partial: false },
          ],
          staged,
        ]),
      },
    );
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
    expect(facts.map((f) => [f.title, f.openedAt, f.fixedAt])).toEqual([['finding a', day(0), null]]);
    const all = await store.intervalFacts(day(5), day(20), { epssThreshold: 0.1 });
    expect(all.map((f) => f.title).sort()).toEqual(['finding a', 'finding b']);
    expect(all[0]).toMatchObject({ serviceId: 'billing', tool: 'semgrep', category: 'sast', severity: 'high', falsePositive: false });
  });

  it("reads a fact's fingerprint only where an exception names it", async () => {
    await store.writeSnapshots([snap(day(0), ['a', 'b', 'c'])], record('1'));
    const fingerprints = async () => (await store.intervalFacts(0, day(20), { epssThreshold: 0.1 })).map((f) => [f.title, f.fingerprint]);
    expect(await fingerprints()).toEqual([
      ['finding a', null],
      ['finding b', null],
      ['finding c', null],
    ]);
    const exception = (id: string, scope: ExceptionRecord['scope']): ExceptionRecord => ({
      id,
      scope,
      reason: null,
      owner: null,
      approver: null,
      startsAt: day(0),
      expiresAt: null,
      backlog: null,
      compensatingControls: null,
      status: 'approved',
    });
    // Any exception naming it, whatever its state or service; one naming no finding changes nothing.
    await saveExceptions(
      store.db,
      [exception('EX-1', { fingerprint: 'c' }), exception('EX-2', { fingerprint: 'zz' }), { ...exception('EX-3', { fingerprint: 'a' }), status: 'revoked' }],
      {
        kind: 'exceptions',
        format: 'test',
        file: 'exceptions.yaml',
        sha256: 'x',
      },
    );
    expect(await fingerprints()).toEqual([
      ['finding a', 'a'],
      ['finding b', null],
      ['finding c', 'c'],
    ]);
  });

  it('reports which input kinds were loaded', async () => {
    expect(await store.loadedKinds()).toEqual(new Set(['catalog']));
    await store.writeSnapshots([snap(day(0), ['a'])], record('1'));
    expect(await store.loadedKinds()).toEqual(new Set(['catalog', 'findings']));
  });

  it.runIf(engine === 'duckdb')('puts DuckDB’s settings back after a large import’s write, whether it succeeds or fails', async () => {
    const settings = async () =>
      (
        await sql<{
          m: string;
          t: string;
          f: string;
          b: string;
        }>`select current_setting('memory_limit')::varchar as m, current_setting('threads')::varchar as t, current_setting('allocator_flush_threshold')::varchar as f, current_setting('allocator_background_threads')::varchar as b`.execute(
          store.db,
        )
      ).rows[0]!;
    const before = await settings();
    const all = Array.from({ length: LARGE_WRITE }, (_, i) => finding(`w${i}`));
    const large = (fail: boolean) =>
      store.importFile(async (file) => {
        for (let i = 0; i < all.length; i += 5_000) await file.stage(all.slice(i, i + 5_000).map((finding) => ({ group: 0, finding })));
        const groups = [{ serviceId: 'billing', tool: 'semgrep', category: 'sast' as const, scannedAt: day(fail ? 1 : 0), partial: false, groups: [0] }];
        const outcome = await file.finish(groups, record(fail ? 'fails' : 'large'));
        if (fail) throw new Error('the import fails after its write');
        return outcome;
      });
    expect((await large(false))[0]).toMatchObject({ findings: LARGE_WRITE, opened: LARGE_WRITE });
    expect(await settings()).toEqual(before);
    await expect(large(true)).rejects.toThrow('the import fails after its write');
    expect(await settings()).toEqual(before);
    expect(await store.findings({ at: day(5), status: 'all' })).toHaveLength(LARGE_WRITE);
  });

  it.runIf(engine === 'postgres')('leaves PostgreSQL statistics of the tables a large import wrote, for the next import’s plans', async () => {
    const tables = ['findings', 'sightings', 'intervals', 'scans'];
    // Autovacuum off for these tables, so that only the import can have analyzed them.
    for (const t of tables) await sql.raw(`alter table ${t} set (autovacuum_enabled = false)`).execute(store.db);
    const tuples = async () =>
      Object.fromEntries(
        (
          await sql<{ t: string; n: number }>`select relname as t, reltuples::float8 as n from pg_class where relname in (${sql.join(tables)})`.execute(
            store.db,
          )
        ).rows.map((r) => [r.t, Number(r.n)]),
      );
    const write = (n: number, at: number) =>
      store.importFile(async (file) => {
        const all = Array.from({ length: n }, (_, i) => finding(`s${i}`));
        for (let i = 0; i < n; i += 5_000) await file.stage(all.slice(i, i + 5_000).map((finding) => ({ group: 0, finding })));
        return file.finish(
          [{ serviceId: 'billing', tool: 'semgrep', category: 'sast' as const, scannedAt: day(at), partial: false, groups: [0] }],
          record(`s${n}`),
        );
      });
    // Never analyzed: -1 (PostgreSQL 14 and later) or 0.
    expect(Object.values(await tuples()).every((n) => n <= 0)).toBe(true);
    await write(SMALL_FILE + 1, 0);
    expect((await tuples())['findings']).toBeLessThanOrEqual(0);
    await write(LARGE_WRITE, 1);
    expect(await tuples()).toMatchObject({ findings: LARGE_WRITE, sightings: SMALL_FILE + 1 + LARGE_WRITE, intervals: LARGE_WRITE, scans: 2 });
  });

  it('writes a snapshot staged in many batches, the first of each fingerprint winning, and re-imports it unchanged', async () => {
    const n = 12_000;
    const all = Array.from({ length: n }, (_, i) => finding(`f${i}`, { line: i }));
    const outcome = await store.importFile(async (file) => {
      for (let i = 0; i < n; i += 5_000) await file.stage(all.slice(i, i + 5_000).map((finding) => ({ group: 0, finding })));
      // The same fingerprints again, later in the file, with other attributes: they must lose.
      await file.stage(all.slice(0, 100).map((f) => ({ group: 1, finding: { ...f, title: 'duplicate' } })));
      return file.finish([{ serviceId: 'billing', tool: 'semgrep', category: 'sast', scannedAt: day(0), partial: false, groups: [0, 1] }], record('big'));
    });
    expect(outcome[0]).toMatchObject({ findings: n, opened: n, fixed: 0, reopened: 0, unchanged: 0 });
    const again = await store.writeSnapshots([{ ...snap(day(0), []), findings: all }], record('big'));
    expect(again[0]).toMatchObject({ findings: n, opened: 0, fixed: 0, reopened: 0, unchanged: n, replaced: true });
    const next = await store.writeSnapshots([{ ...snap(day(1), []), findings: all.slice(10) }], record('next'));
    expect(next[0]).toMatchObject({ findings: n - 10, opened: 0, fixed: 10, reopened: 0, unchanged: n - 10 });
    const rows = await store.findings({ at: day(5), status: 'all' });
    expect(rows).toHaveLength(n);
    expect(rows.filter((r) => r.title === 'duplicate')).toEqual([]);
    expect(
      rows
        .filter((r) => r.status === 'fixed')
        .map((r) => r.fingerprint)
        .sort(),
    ).toEqual(
      all
        .slice(0, 10)
        .map((f) => f.fingerprint)
        .sort(),
    );
  });

  it('leaves the database as it was when a file fails after batches were written', async () => {
    await store.writeSnapshots([snap(day(0), ['a', 'b'])], record('1'));
    const dump = async () => ({
      findings: await store.findings({ at: day(100), status: 'all' }),
      scans: await store.scanFacts(0, day(100)),
      log: await store.db.selectFrom('import_log').select(['file', 'records']).orderBy('id').execute(),
    });
    const before = await dump();
    const failing = store.importFile(async (file) => {
      for (let i = 0; i < 3; i++) await file.stage(Array.from({ length: 2_000 }, (_, k) => ({ group: 0, finding: finding(`x${i}-${k}`) })));
      await file.finish([{ serviceId: 'billing', tool: 'semgrep', category: 'sast', scannedAt: day(7), partial: false, groups: [0] }], record('late'));
      throw new Error('the file turned out bad at its very end');
    });
    await expect(failing).rejects.toThrow(/very end/);
    expect(await dump()).toEqual(before);
    // And the store still works: the same import, without the failure, goes through.
    const ok = await store.writeSnapshots([snap(day(7), ['a'])], record('2'));
    expect(ok[0]).toMatchObject({ opened: 0, fixed: 1, unchanged: 1 });
  });

  it('leaves findings that have no sightings (alert findings) alone', async () => {
    await store.writeSnapshots([snap(day(0), ['a'])], record('1'));
    const [a] = await store.db.selectFrom('findings').select('id').execute();
    const alert = await alertFinding(store);
    await store.writeSnapshots([snap(day(7), [])], record('2'));
    const intervals = await store.db.selectFrom('intervals').selectAll().orderBy('finding_id').execute();
    expect(intervals.map((i) => [i.finding_id, i.fixed_at])).toEqual([
      [a!.id, day(7)],
      [alert.id, null],
    ]);
  });

  it('fixes, through the staged path, only the open intervals of the stream last seen by its scan at that time', async () => {
    // Staged (past SMALL_FILE rows), so that the set-based statements of write-snapshots.ts run.
    const write = (snapshots: SnapshotWrite[], file: string) =>
      store.importFile(async (imp) => {
        for (const [group, s] of snapshots.entries()) await imp.stage(s.findings.map((finding) => ({ group, finding })));
        await imp.stage(Array.from({ length: SMALL_FILE + 1 }, (_, k) => ({ group: 99, finding: finding(`pad-${k}`) })));
        return imp.finish(
          snapshots.map(({ findings: _f, ...s }, group) => ({ ...s, groups: [group] })),
          record(file),
        );
      });
    await write([snap(day(0), ['a', 'b', 'c', 'd']), { ...snap(day(0), ['a']), tool: 'other' }], '1');
    const ids = new Map(
      (await store.db.selectFrom('findings').select(['id', 'tool', 'fingerprint']).execute()).map((f) => [`${f.tool}:${f.fingerprint}`, f.id]),
    );
    // d's open interval claims a last sighting at a time the stream has no scan: not the stream's to fix.
    await store.db
      .updateTable('intervals')
      .set({ last_seen_at: day(-1) })
      .where('finding_id', '=', ids.get('semgrep:d')!)
      .execute();
    // An alert finding of the same stream (no sightings), last seen at the stream's scan time.
    const alert = await alertFinding(store);

    const outcomes = [
      ...(await write([snap(day(7), ['b'])], '2')),
      ...(await write([snap(day(8), [], true)], '3')),
      ...(await write([snap(day(9), ['a'])], '4')),
    ];
    expect(outcomes.map(({ opened, fixed, reopened, unchanged }) => ({ opened, fixed, reopened, unchanged }))).toEqual([
      { opened: 0, fixed: 2, reopened: 0, unchanged: 1 },
      { opened: 0, fixed: 0, reopened: 0, unchanged: 0 },
      { opened: 0, fixed: 1, reopened: 1, unchanged: 0 },
    ]);
    const intervals = await store.db
      .selectFrom('intervals as i')
      .innerJoin('findings as f', 'f.id', 'i.finding_id')
      .select(['f.tool', 'f.fingerprint', 'i.seq', 'i.opened_at', 'i.fixed_at', 'i.last_seen_at'])
      .where('f.fingerprint', 'not like', 'pad-%')
      .orderBy('f.tool')
      .orderBy('f.fingerprint')
      .orderBy('i.seq')
      .execute();
    expect(intervals.map((i) => [`${i.tool}:${i.fingerprint}`, i.seq, i.opened_at, i.fixed_at, i.last_seen_at])).toEqual([
      ['other:a', 1, day(0), null, day(0)],
      ['semgrep:a', 1, day(0), day(7), day(0)],
      ['semgrep:a', 2, day(9), null, day(9)],
      ['semgrep:alert', 1, day(-3), null, day(0)],
      ['semgrep:b', 1, day(0), day(9), day(7)],
      ['semgrep:c', 1, day(0), day(7), day(0)],
      ['semgrep:d', 1, day(0), null, day(-1)],
    ]);
    expect(await duplicateKeys(store)).toEqual({ findingIds: 0, findingKeys: 0, sightings: 0, intervals: 0 });
  });

  it('derives the lifecycle and the counts deriveIntervals gives, for any snapshots in any order, replacements included', async () => {
    const fingerprints = ['a', 'b', 'c', 'd', 'e'];
    const history = fc.array(fc.record({ at: fc.integer({ min: 0, max: 9 }), partial: fc.boolean(), present: fc.subarray(fingerprints) }), {
      minLength: 1,
      maxLength: 8,
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, async (imports) => {
        const tool = `tool-${run++}`;
        const latest = new Map<number, (typeof imports)[number]>();
        for (const [i, imp] of imports.entries()) {
          const before = derived([...latest.values()]);
          latest.set(imp.at, imp);
          const after = derived([...latest.values()]);
          const [outcome] = await store.writeSnapshots([{ ...snap(day(imp.at), imp.present, imp.partial), tool }], record(`${tool}-${i}`));
          expect(outcome, `import ${i} of ${JSON.stringify(imports)}`).toMatchObject(counts(before, after, day(imp.at), imp.present.length));
          expect(await duplicateKeys(store), `import ${i} of ${JSON.stringify(imports)}`).toEqual({
            findingIds: 0,
            findingKeys: 0,
            sightings: 0,
            intervals: 0,
          });
        }
        const stored = await store.db
          .selectFrom('intervals as i')
          .innerJoin('findings as f', 'f.id', 'i.finding_id')
          .select(['f.fingerprint', 'i.seq', 'i.opened_at', 'i.fixed_at', 'i.last_seen_at'])
          .where('f.tool', '=', tool)
          .orderBy('f.fingerprint')
          .orderBy('i.seq')
          .execute();
        const expected = [...derived([...latest.values()])]
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .flatMap(([fp, list]) => list.map((d) => ({ fingerprint: fp, seq: d.seq, opened_at: d.openedAt, fixed_at: d.fixedAt, last_seen_at: d.lastSeenAt })));
        expect(stored, JSON.stringify(imports)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('leaves a small file to the set-based path when its streams hold more than SMALL_STREAMS rows', async () => {
    const fps = Array.from({ length: SMALL_STREAMS + 1 }, (_, i) => `big-${i}`);
    await store.writeSnapshots([snap(day(1), fps)], record('big'));
    // One staged row, as a small file of one finding stages it.
    const rows = emptyStageRows();
    for (const [c] of STAGE_COLUMNS) (rows[c] as unknown[]).push(c === 'grp' || c === 'ord' ? 0 : c === 'fingerprint' ? 'big-0' : null);
    const snapshots = [{ serviceId: 'billing', tool: 'semgrep', category: 'sast' as const, scannedAt: day(2), partial: false, groups: [0] }];
    const direct = await store.db.transaction().execute((trx) => writeSmallFile(trx, rows, snapshots, record('small')));
    expect(direct).toBeNull();
    expect((await store.db.selectFrom('scans').select('id').execute()).length).toBe(1);
    // Through the import, the set-based path fixes what the one-finding snapshot lacks.
    const [out] = await store.writeSnapshots([snap(day(2), ['big-0'])], record('small'));
    expect(out).toMatchObject({ findings: 1, opened: 0, fixed: SMALL_STREAMS, unchanged: 1 });
  }, 60_000);

  it('leaves an older small snapshot to the set-based path when its streams hold more than SMALL_SIGHTINGS sightings', async () => {
    const scans = 5;
    const fps = Array.from({ length: Math.floor(SMALL_SIGHTINGS / scans) + 1 }, (_, i) => `many-${i}`);
    for (let d = 1; d <= scans; d++) await store.writeSnapshots([snap(day(d), fps)], record(`many-${d}`));
    const rows = emptyStageRows();
    for (const [c] of STAGE_COLUMNS) (rows[c] as unknown[]).push(c === 'grp' || c === 'ord' ? 0 : c === 'fingerprint' ? 'many-0' : null);
    // Older than every scan of the stream: its intervals would be derived again from all of them.
    const snapshots = [{ serviceId: 'billing', tool: 'semgrep', category: 'sast' as const, scannedAt: day(0), partial: false, groups: [0] }];
    const direct = await store.db.transaction().execute((trx) => writeSmallFile(trx, rows, snapshots, record('older')));
    expect(direct).toBeNull();
    expect((await store.db.selectFrom('scans').select('id').execute()).length).toBe(scans);
    // Through the import, the set-based path opens the finding's interval a day earlier.
    const [out] = await store.writeSnapshots([snap(day(0), ['many-0'])], record('older'));
    expect(out).toMatchObject({ findings: 1, opened: 1, fixed: 0, reopened: 0 });
    const first = await store.db
      .selectFrom('intervals as i')
      .innerJoin('findings as f', 'f.id', 'i.finding_id')
      .select(['i.opened_at', 'i.fixed_at'])
      .where('f.fingerprint', '=', 'many-0')
      .execute();
    expect(first.map((r) => [Number(r.opened_at), r.fixed_at])).toEqual([[day(0), null]]);
  }, 120_000);

  it('writes the same rows and counts for a small file (written from memory) as for a large one (staged)', async () => {
    const other = await openTestStore(engine);
    try {
      await other.store.saveCatalog(catalog, { kind: 'catalog', format: 'test', file: 'c', sha256: 'c' });
      const fingerprints = ['a', 'b', 'c', 'd'];
      const file = fc.record({
        at: fc.integer({ min: 0, max: 6 }),
        partial: fc.boolean(),
        // Two streams in one file; the title varies, so that attributes change or stay.
        sast: fc.subarray(fingerprints),
        sca: fc.subarray(fingerprints),
        title: fc.constantFrom('one', 'two'),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 6 }), async (files) => {
          const tool = `tool-${run++}`;
          for (const [i, f] of files.entries()) {
            const snapshots = [
              { category: 'sast' as const, fps: f.sast },
              { category: 'sca' as const, fps: f.sca },
            ].map(({ category, fps }) => ({
              serviceId: 'billing',
              tool,
              category,
              scannedAt: day(f.at),
              partial: f.partial,
              findings: fps.map((fp) => finding(fp, { title: f.title })),
            }));
            const write = (target: Store, padding: number) =>
              target.importFile(async (imp) => {
                for (const [group, s] of snapshots.entries()) await imp.stage(s.findings.map((finding) => ({ group, finding })));
                // Rows of a group no snapshot names: they take the file past SMALL_FILE, and change nothing else.
                await imp.stage(Array.from({ length: padding }, (_, k) => ({ group: 9, finding: finding(`pad-${k}`) })));
                return imp.finish(
                  snapshots.map(({ findings: _f, ...s }, group) => ({ ...s, groups: [group] })),
                  record(`${tool}-${i}`),
                );
              });
            const small = await write(store, 0);
            const large = await write(other.store, SMALL_FILE + 1);
            expect(small, JSON.stringify(files)).toEqual(large);
          }
          const rows = async (target: Store) => ({
            findings: await target.db.selectFrom('findings').selectAll().where('tool', '=', tool).orderBy('category').orderBy('fingerprint').execute(),
            intervals: await target.db
              .selectFrom('intervals as i')
              .innerJoin('findings as f', 'f.id', 'i.finding_id')
              .select(['f.category', 'f.fingerprint', 'i.seq', 'i.opened_at', 'i.fixed_at', 'i.last_seen_at'])
              .where('f.tool', '=', tool)
              .orderBy('f.category')
              .orderBy('f.fingerprint')
              .orderBy('i.seq')
              .execute(),
            sightings: await target.db
              .selectFrom('sightings as si')
              .innerJoin('findings as f', 'f.id', 'si.finding_id')
              .innerJoin('scans as sc', 'sc.id', 'si.scan_id')
              .select(['sc.category', 'sc.scanned_at', 'f.fingerprint'])
              .where('f.tool', '=', tool)
              .orderBy('sc.category')
              .orderBy('sc.scanned_at')
              .orderBy('f.fingerprint')
              .execute(),
            scans: await target.db
              .selectFrom('scans')
              .select(['category', 'scanned_at', 'partial', 'file', 'finding_count'])
              .where('tool', '=', tool)
              .orderBy('category')
              .orderBy('scanned_at')
              .execute(),
          });
          const strip = (r: Awaited<ReturnType<typeof rows>>) => ({ ...r, findings: r.findings.map(({ id: _id, ...f }) => f) });
          expect(strip(await rows(store)), JSON.stringify(files)).toEqual(strip(await rows(other.store)));
          expect(await duplicateKeys(store)).toEqual({ findingIds: 0, findingKeys: 0, sightings: 0, intervals: 0 });
        }),
        { numRuns: 20 },
      );
    } finally {
      await other.cleanup();
    }
  });

  it('stores NUL characters of untrusted text as U+FFFD, the same on both engines, scans and alerts alike', async () => {
    const nul = 'bad\u0000value';
    const safe = 'bad\uFFFDvalue';
    const f = finding(`fp${nul}`, {
      title: `t ${nul}`,
      description: nul,
      file: nul,
      ruleId: nul,
      component: { name: nul, version: nul },
      fixVersion: nul,
      secret: { hash: 'h', preview: nul },
    });
    await store.writeSnapshots([{ ...snap(day(0), []), findings: [f] }], record('nul-1'));
    // The same file again finds the finding it stored: nothing new, nothing fixed.
    const [again] = await store.writeSnapshots([{ ...snap(day(7), []), findings: [f] }], record('nul-2'));
    expect(again).toMatchObject({ opened: 0, fixed: 0, unchanged: 1 });
    const alert = { serviceId: 'billing', finding: { ...f, tool: 'dependabot', category: 'sca' as const, toolOpenedAt: day(0), toolFixedAt: null } };
    const write = { syncedAt: day(1), scans: [], alerts: [alert], source: { format: 'github-api', file: 'api', sha256: 'x' } };
    expect(await saveAlertFindings(store, write)).toMatchObject({ inserted: 1 });
    expect(await saveAlertFindings(store, { ...write, syncedAt: day(2) })).toMatchObject({ inserted: 0, unchanged: 1 });
    const rows = await store.db.selectFrom('findings').selectAll().orderBy('tool').execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({
        fingerprint: `fp${safe}`,
        title: `t ${safe}`,
        description: safe,
        file_path: safe,
        rule_id: safe,
        component_name: safe,
        component_version: safe,
        fix_version: safe,
        secret_preview: safe,
      });
      expect(JSON.stringify(r)).not.toContain('\\u0000');
    }
  });

  it('stores text with quotes, separators, line breaks and empty strings exactly, and cuts only text beyond MAX_STAGED_TEXT', async () => {
    const tricky = 'a "quoted", value\nnext line\r\nwindows, \\backslash\\ \t tab ""double"" ,,; end"';
    const long = 'x'.repeat(MAX_STAGED_TEXT + 10);
    const f = finding('tricky,"fp"\n', { title: tricky, description: '', file: '"', ruleId: '\n', component: { name: ',', version: null }, fixVersion: long });
    await store.writeSnapshots([{ ...snap(day(0), []), findings: [f, finding('plain', { description: null })] }], record('tricky'));
    const rows = await store.db.selectFrom('findings').selectAll().orderBy('fingerprint').execute();
    expect(rows.map((r) => [r.fingerprint, r.title, r.description, r.file_path, r.rule_id, r.component_name, r.component_version])).toEqual([
      ['plain', 'finding plain', null, 'src/a.ts', 'rule-plain', null, null],
      ['tricky,"fp"\n', tricky, '', '"', '\n', ',', null],
    ]);
    const cut = rows[1]!.fix_version!;
    expect(cut).toHaveLength(MAX_STAGED_TEXT);
    expect(cut.endsWith(' [...truncated]')).toBe(true);
  });

  it('stores a description that is its title’s text as null (read back as coalesce(description, title)), on the small-file and the staged path', async () => {
    const same = (fp: string) => finding(fp, { title: `same ${fp}`, description: `same ${fp}` });
    const other = (fp: string) => finding(fp, { title: `title ${fp}`, description: `longer text ${fp}` });
    await store.writeSnapshots([{ ...snap(day(0), []), findings: [same('a'), other('b')] }], record('small'));
    const many = Array.from({ length: SMALL_FILE + 10 }, (_, i) => (i % 2 === 0 ? same(`s${i}`) : other(`s${i}`)));
    await store.writeSnapshots([{ ...snap(day(1), []), findings: many }], record('staged'));
    const rows = await store.db
      .selectFrom('findings')
      .select(['fingerprint', 'title', 'description', sql<string>`coalesce(description, title)`.as('text')])
      .orderBy('fingerprint')
      .execute();
    const byFp = new Map(rows.map((r) => [r.fingerprint, r]));
    expect(byFp.get('a')).toMatchObject({ description: null, text: 'same a' });
    expect(byFp.get('b')).toMatchObject({ description: 'longer text b', text: 'longer text b' });
    expect(byFp.get('s0')).toMatchObject({ description: null, text: 'same s0' });
    expect(byFp.get('s1')).toMatchObject({ description: 'longer text s1', text: 'longer text s1' });
  });

  it('stores a spilled file’s text exactly: quotes, separators, line breaks and UTF-8 beyond ASCII, in rows that outgrow the CSV buffer', async () => {
    // More than SMALL_FILE findings go through the staging path (on DuckDB the CSV spill file),
    // and this many texts of 30,000 units, most of them 2 to 4 bytes of UTF-8, outgrow its buffer.
    const n = SMALL_FILE + 100;
    const text = (i: number) => `${i} "é",ü\n😀 ${'ꜳ"\r\n,'.repeat(5_000)} end "`.slice(0, 30_000);
    // What row i holds, by column: the finding is made from it, and the row read back must equal it.
    // A title line `\.` (COPY's end-of-data marker, data inside a quoted CSV field) and `\N` (its
    // text-format null); empty descriptions, which must stay '' and not become null.
    const expected = (i: number) => ({
      title: `t"${i}",\n\\.\n\\N\\`,
      description: i % 5 === 0 ? '' : text(i),
      file_path: `src/ünï,"${i}".ts`,
      line_number: i % 10 === 0 ? null : i * 7919,
      fix_available_at: i % 3 === 0 ? null : 1_790_000_000_000 + i,
      false_positive: i % 2 === 0,
      exploit_available: i % 3 === 1,
    });
    const all = Array.from({ length: n }, (_, i) => {
      const e = expected(i);
      return finding(`u${String(i).padStart(4, '0')}`, {
        title: e.title,
        description: e.description,
        file: e.file_path,
        line: e.line_number,
        fixAvailableAt: e.fix_available_at,
        falsePositive: e.false_positive,
        exploitAvailable: e.exploit_available,
      });
    });
    await store.importFile(async (file) => {
      await file.stage(all.map((finding) => ({ group: 0, finding })));
      return file.finish([{ serviceId: 'billing', tool: 'semgrep', category: 'sast', scannedAt: day(0), partial: false, groups: [0] }], record('spilled'));
    });
    const rows = await store.db
      .selectFrom('findings')
      .select(['fingerprint', 'title', 'description', 'file_path', 'line_number', 'fix_available_at', 'false_positive', 'exploit_available'])
      .orderBy('fingerprint')
      .execute();
    expect(rows).toHaveLength(n);
    for (const [i, r] of rows.entries())
      expect({ ...r, fix_available_at: r.fix_available_at === null ? null : Number(r.fix_available_at) }).toEqual({
        fingerprint: all[i]!.fingerprint,
        ...expected(i),
      });
  });

  it('keeps one secret key per database', async () => {
    const k = await store.secretKey();
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.secretKey()).toBe(k);
  });
});

/** Rows beyond the first of each key: what a PRIMARY KEY / UNIQUE constraint would have refused. */
async function duplicateKeys(store: Store): Promise<Record<'findingIds' | 'findingKeys' | 'sightings' | 'intervals', number>> {
  const extra = async (table: string, key: string) => {
    const { rows } = await sql<{
      n: number | string | null;
    }>`select coalesce(sum(n - 1), 0) as n from (select count(*) as n from ${sql.table(table)} group by ${sql.raw(key)}) x`.execute(store.db);
    return Number(rows[0]!.n);
  };
  return {
    findingIds: await extra('findings', 'id'),
    findingKeys: await extra('findings', 'service_id, tool, category, fingerprint'),
    sightings: await extra('sightings', 'scan_id, finding_id'),
    intervals: await extra('intervals', 'finding_id, seq'),
  };
}

/** The tables among findings, sightings and intervals that have a key or index (PostgreSQL: every one; DuckDB: none, migration 0002). */
async function indexedKeys(store: Store): Promise<string[]> {
  const tables = ['findings', 'sightings', 'intervals'];
  const q =
    store.engine === 'postgres'
      ? sql<{ t: string }>`select distinct tablename as t from pg_indexes where schemaname = current_schema() and tablename in (${sql.join(tables)}) order by 1`
      : sql<{
          t: string;
        }>`select distinct table_name as t from duckdb_constraints() where table_name in (${sql.join(tables)}) and constraint_type in ('PRIMARY KEY', 'UNIQUE')
          union select distinct table_name from duckdb_indexes() where table_name in (${sql.join(tables)}) order by 1`;
  return (await q.execute(store.db)).rows.map((r) => r.t);
}

function derived(snaps: { at: number; partial: boolean; present: string[] }[]): Map<string, DerivedInterval[]> {
  return deriveIntervals(snaps.map((s) => ({ scannedAt: day(s.at), partial: s.partial, present: new Set(s.present) })));
}

/** What an import reports, from the lifecycle before and after it: intervals it started or fixed at its scan time. */
function counts(before: Map<string, DerivedInterval[]>, after: Map<string, DerivedInterval[]>, at: number, present: number) {
  let opened = 0;
  let reopened = 0;
  let fixed = 0;
  for (const [fp, next] of after) {
    const prev = before.get(fp) ?? [];
    for (const n of next) {
      const b = prev.find((x) => x.seq === n.seq);
      if ((!b || b.openedAt !== n.openedAt) && n.openedAt === at) {
        if (n.seq === 1) opened++;
        else reopened++;
      }
      if (n.fixedAt === at && (!b || b.fixedAt !== n.fixedAt)) fixed++;
    }
  }
  return { opened, reopened, fixed, unchanged: Math.max(0, present - opened - reopened) };
}

/** An alert finding of the billing/semgrep/sast stream (no sightings), open and last seen at day 0. */
async function alertFinding(store: Store): Promise<{ id: number }> {
  const alert = await store.db
    .insertInto('findings')
    .values(findingRow({ service_id: 'billing', tool: 'semgrep', fingerprint: 'alert', title: 'alert', attributes_at: day(0) }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.db
    .insertInto('intervals')
    .values({ finding_id: alert.id, seq: 1, opened_at: day(-3), fixed_at: null, last_seen_at: day(0) })
    .execute();
  return alert;
}
