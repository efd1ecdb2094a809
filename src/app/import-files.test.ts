import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { parsePeriod } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { readCatalog } from '../importers/catalog/read-catalog.js';
import type { Store } from '../storage/store.js';
import { OWNER_FILE } from '../storage/temp-dirs.js';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { writeSyntheticSarif } from '../bench/generate-sarif.js';
import { computeKpis } from './compute-kpis.js';
import { importFiles } from './import-files.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const HERE = dirname(fileURLToPath(import.meta.url));
const CATALOG = join(HERE, '../importers/records/fixtures/catalog.yaml');
const scratch = temp.make('secscore-tool-closed-');
const write = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const Q3 = parsePeriod({ period: '2026-Q3' }, Date.UTC(2026, 11, 1));
const NOW = Date.UTC(2026, 9, 1);
const at = (iso: string) => Date.parse(iso);

/** One DefectDojo API v2 finding of billing-api (internet-exposed, catalog fixture), critical, from Trivy. */
function dojo(id: number, flags: Record<string, unknown>) {
  return {
    id,
    title: `CVE-2026-${id} in libfoo`,
    severity: 'Critical',
    date: '2026-07-01',
    active: true,
    false_p: false,
    is_mitigated: false,
    mitigated: null,
    component_name: 'libfoo',
    component_version: '1.0.0',
    related_fields: { test: { test_type: { name: 'Trivy Scan' }, engagement: { source_code_management_uri: 'https://github.com/acme/billing-api' } } },
    ...flags,
  };
}
const page = (name: string, findings: unknown[]) => write(name, JSON.stringify({ count: findings.length, next: null, previous: null, results: findings }));

// 1: mitigated 2026-07-11, open since 2026-07-01: a fix event of 10 days.
// 2: a false positive, even though also marked mitigated: excluded from every KPI.
// 3: still active: open.
const EXPORT = page('dojo-q3.json', [
  dojo(1, { active: false, is_mitigated: true, mitigated: '2026-07-11T00:00:00Z' }),
  dojo(2, { active: false, false_p: true, is_mitigated: true, mitigated: '2026-07-05T00:00:00Z' }),
  dojo(3, {}),
]);
const SCANNED_AT = at('2026-07-20T00:00:00Z');

describe.each(ENGINES)('scanner files on %s', (engine) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await openTestStore(engine));
    const { catalog } = readCatalog([{ path: CATALOG, text: readFileSync(CATALOG, 'utf8') }]);
    await store.saveCatalog(catalog, { kind: 'catalog', format: 'catalog', file: CATALOG, sha256: 'c'.repeat(64) });
  });
  afterEach(async () => cleanup());

  const mttr = async () =>
    (await computeKpis(store, DEFAULT_SETTINGS.policy as Policy, Q3, 'company')).groups[0]!.kpis.find((k) => k.id === 'critical_mttr_internet')!;
  const stored = async () =>
    (await store.findings({ serviceId: 'billing-api', status: 'all', at: NOW })).map((f) => [
      f.title,
      f.status,
      f.intervals.map((i) => [i.openedAt, i.fixedAt]),
    ]);

  it('stores a mitigated DefectDojo finding fixed at its mitigation date, counted in MTTR; a false positive stays excluded', async () => {
    const [report] = await importFiles(store, [EXPORT], { now: NOW, scannedAt: SCANNED_AT });
    expect(report).toMatchObject({ format: 'defectdojo-findings', service: 'billing-api', findings: 3, opened: 2, fixed: 1 });
    expect(await stored()).toEqual([
      ['CVE-2026-1 in libfoo', 'fixed', [[at('2026-07-01'), at('2026-07-11T00:00:00Z')]]],
      ['CVE-2026-2 in libfoo', 'false_positive', [[SCANNED_AT, null]]],
      ['CVE-2026-3 in libfoo', 'open', [[SCANNED_AT, null]]],
    ]);
    // One fix event in Q3, of (07-11 - 07-01) = 10 days; the false positive's "mitigation" is not one.
    expect(await mttr()).toMatchObject({ value: 10, n: 1 });
  });

  it('changes nothing when the same export is imported again', async () => {
    await importFiles(store, [EXPORT], { now: NOW, scannedAt: SCANNED_AT });
    const before = await stored();
    const [again] = await importFiles(store, [EXPORT], { now: NOW + 1, scannedAt: SCANNED_AT });
    expect(again).toMatchObject({ findings: 3, opened: 0, fixed: 0, unchanged: 3 });
    expect(await stored()).toEqual(before);
    expect(await mttr()).toMatchObject({ value: 10, n: 1 });
  });

  it('fixes at the tool time, not the scan time, a finding an earlier export had open', async () => {
    await importFiles(store, [page('dojo-july.json', [dojo(1, {}), dojo(3, {})])], { now: NOW, scannedAt: at('2026-07-05T00:00:00Z') });
    expect(await stored()).toEqual([
      ['CVE-2026-1 in libfoo', 'open', [[at('2026-07-05T00:00:00Z'), null]]],
      ['CVE-2026-3 in libfoo', 'open', [[at('2026-07-05T00:00:00Z'), null]]],
    ]);
    await importFiles(store, [EXPORT], { now: NOW, scannedAt: SCANNED_AT });
    // The tool's own interval replaces what the sightings said: open 07-01, fixed 07-11.
    expect((await stored())[0]).toEqual(['CVE-2026-1 in libfoo', 'fixed', [[at('2026-07-01'), at('2026-07-11T00:00:00Z')]]]);
    expect((await stored())[2]).toEqual(['CVE-2026-3 in libfoo', 'open', [[at('2026-07-05T00:00:00Z'), null]]]);
    expect(await mttr()).toMatchObject({ value: 10, n: 1 });
  });

  it('stores a fixed GitHub code scanning alert of a file export as a fix at its fixed_at', async () => {
    const alert = (number: number, state: string, extra: Record<string, unknown>) => ({
      number,
      state,
      created_at: '2026-07-02T00:00:00Z',
      html_url: `https://github.com/acme/billing-api/security/code-scanning/${number}`,
      rule: { id: 'js/sql-injection', severity: 'error', security_severity_level: 'critical', description: 'SQL injection' },
      tool: { name: 'CodeQL' },
      most_recent_instance: { location: { path: 'src/db.js', start_line: 3 } },
      ...extra,
    });
    const file = write(
      'code-scanning.json',
      JSON.stringify([
        alert(1, 'fixed', { fixed_at: '2026-07-06T00:00:00Z' }),
        alert(2, 'dismissed', { dismissed_at: '2026-07-03T00:00:00Z', dismissed_reason: 'false positive' }),
      ]),
    );
    await importFiles(store, [file], { now: NOW, scannedAt: SCANNED_AT });
    const findings = await store.findings({ serviceId: 'billing-api', status: 'all', at: NOW });
    expect(findings.map((f) => [f.fingerprint, f.status, f.intervals.map((i) => [i.openedAt, i.fixedAt])])).toEqual([
      ['github:github.com/acme/billing-api:code-scanning:1', 'fixed', [[at('2026-07-02T00:00:00Z'), at('2026-07-06T00:00:00Z')]]],
      ['github:github.com/acme/billing-api:code-scanning:2', 'false_positive', [[SCANNED_AT, null]]],
    ]);
  });

  describe('the scan time of a file without one of its own', () => {
    // No invocation times: the scan time is --scanned-at, else now.
    const LOG = write(
      'untimed.sarif',
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep' } }, results: [{ ruleId: 'R1', message: { text: 'm' } }] }] }),
    );
    const scans = async () => (await store.scanFacts(0, Date.UTC(2100, 0, 1))).map((s) => [s.serviceId, s.scannedAt]);

    it('keeps the time of the earlier import of the same file for the same service, so that importing it again changes nothing', async () => {
      const [first] = await importFiles(store, [LOG], { now: NOW, service: 'billing-api' });
      const [again] = await importFiles(store, [LOG], { now: NOW + 86_400_000, service: 'billing-api' });
      expect(first).toMatchObject({ scannedAt: '2026-10-01T00:00:00Z', opened: 1 });
      expect(again).toMatchObject({ scannedAt: '2026-10-01T00:00:00Z', opened: 0, unchanged: 1 });
      expect(await scans()).toEqual([['billing-api', NOW]]);
    });

    it('scans the same bytes imported for another service now, not at the other service’s time', async () => {
      await importFiles(store, [LOG], { now: NOW, service: 'billing-api', scannedAt: at('2026-07-01T00:00:00Z') });
      const [other] = await importFiles(store, [LOG], { now: NOW, service: 'ledger' });
      expect(other).toMatchObject({ service: 'ledger', scannedAt: '2026-10-01T00:00:00Z', opened: 1 });
      expect((await scans()).sort()).toEqual([
        ['billing-api', at('2026-07-01T00:00:00Z')],
        ['ledger', NOW],
      ]);
    });
  });
});

describe('the daily import of a large stream on DuckDB', () => {
  it('imports the next day’s snapshot of 118,800 known findings within the write’s memory limit', async () => {
    // It ran out of DuckDB's memory while every known finding had all its attributes rewritten
    // (write-snapshots.ts): DuckDB holds each updated value until the commit, and 120k findings
    // were past the limit large writes run under (the 200 MB bench file, 360k, failed alike).
    const dir = temp.make('secscore-daily-');
    const day1 = join(dir, 'day1.sarif');
    const day2 = join(dir, 'day2.sarif');
    const repo = 'https://github.com/acme/billing-api';
    await writeSyntheticSarif({ path: day1, results: 120_000, repo, scannedAt: '2026-09-01T00:00:00Z' });
    // The same log a day later: its first 99% of results seen again, the rest fixed.
    await writeSyntheticSarif({ path: day2, results: 118_800, repo, scannedAt: '2026-09-02T00:00:00Z' });
    const { store, cleanup } = await openTestStore('duckdb');
    try {
      const { catalog } = readCatalog([{ path: CATALOG, text: readFileSync(CATALOG, 'utf8') }]);
      await store.saveCatalog(catalog, { kind: 'catalog', format: 'catalog', file: CATALOG, sha256: 'c'.repeat(64) });
      const [first] = await importFiles(store, [day1], { now: NOW });
      expect(first).toMatchObject({ findings: 120_000, opened: 120_000 });
      const [next] = await importFiles(store, [day2], { now: NOW });
      expect(next).toMatchObject({ findings: 118_800, opened: 0, unchanged: 118_800, fixed: 1_200 });
    } finally {
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the temporary folders of an import on DuckDB', () => {
  it('are marked with their process, and those of a process that was killed are removed by the next import', async () => {
    const tmp = temp.make('secscore-tmp-');
    const saved = process.env['TMPDIR'];
    // os.tmpdir() reads TMPDIR at each call: the import's folders are made in `tmp`.
    process.env['TMPDIR'] = tmp;
    const { store, cleanup } = await openTestStore('duckdb');
    try {
      // What an import killed 10 minutes ago left: its staged rows, its owner's pid dead.
      const dead = spawnSync(process.execPath, ['-e', '']).pid!;
      const left = join(tmp, 'secscore-stage-killed');
      mkdirSync(left);
      writeFileSync(join(left, 'stage.csv'), '"x"\n');
      writeFileSync(join(left, OWNER_FILE), JSON.stringify({ pid: dead, host: hostname() }));
      const tenMinutesAgo = (Date.now() - 10 * 60_000) / 1000;
      utimesSync(left, tenMinutesAgo, tenMinutesAgo);

      const { catalog } = readCatalog([{ path: CATALOG, text: readFileSync(CATALOG, 'utf8') }]);
      await store.saveCatalog(catalog, { kind: 'catalog', format: 'catalog', file: CATALOG, sha256: 'c'.repeat(64) });
      const sarif = join(tmp, 'scan.sarif');
      // More results than are held in memory (bulk-stage.ts, SMALL_FILE): they are staged in a folder.
      await writeSyntheticSarif({ path: sarif, results: 5_000, repo: 'https://github.com/acme/billing-api', scannedAt: '2026-09-01T00:00:00Z' });
      // Its folders, seen as it goes: the staged rows', and the worker's reading the second half (split from the first chunk on).
      const owners = new Map<string, string>();
      let used = 0;
      const [report] = await importFiles(store, [sarif], { now: NOW, split: { from: 0, used: (n) => (used += n) } }, () => {
        for (const name of readdirSync(tmp).filter((n) => /^secscore-(stage|split)-/.test(n) && n !== 'secscore-stage-killed')) {
          const owner = join(tmp, name, OWNER_FILE);
          if (existsSync(owner)) owners.set(name.slice(0, 'secscore-stage'.length), readFileSync(owner, 'utf8'));
        }
      });
      expect(report).toMatchObject({ findings: 5_000 });
      expect(used).toBeGreaterThan(0);
      expect(existsSync(left)).toBe(false);
      const mine = { pid: process.pid, host: hostname() };
      expect(Object.fromEntries([...owners].map(([k, v]) => [k, JSON.parse(v) as unknown]))).toEqual({ 'secscore-stage': mine, 'secscore-split': mine });
      // Its own folder is removed as it ends, as before.
      expect(readdirSync(tmp).filter((n) => n.startsWith('secscore-stage-') || n.startsWith('secscore-split-'))).toEqual([]);
    } finally {
      await cleanup();
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
