import { RECORD_KINDS } from '../domain/facts.js';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.js';
import { dataFileText } from '../config/data-files.js';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { SecscoreError } from '../domain/errors.js';
import { parsePeriod } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { KPIS } from '../kpis/catalog.js';
import { Store } from '../storage/store.js';
import { computeKpis, GROUPINGS } from './compute-kpis.js';
import { isRecordReport } from './import-files.js';
import { catalogYaml } from './demo/company.js';
import { planDemo, writeDemo } from './demo/generate.js';
import { checkOwnFolder, runDemo, type DemoResult } from './run-demo.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const NOW = Date.UTC(2026, 10, 22);
const SCANNER_KPIS = ['critical_mttr_internet', 'critical_sla_compliance', 'reopen_rate', 'scanning_coverage'];

/**
 * KPIs of the catalog allowed to say no-data over the demo's company for its last quarter,
 * each with the reason. Empty: the demo exercises every KPI.
 */
const ALLOWED_NO_DATA: Readonly<Record<string, string>> = {};

describe('the demo', () => {
  let result: DemoResult;
  let wallSeconds = 0;
  beforeAll(async () => {
    const dir = temp.make('secscore-demo-');
    const t0 = performance.now();
    result = await runDemo(DEFAULT_SETTINGS, { dir, now: NOW });
    wallSeconds = (performance.now() - t0) / 1000;
    console.info(
      `demo: ${result.files} scan files, ${result.inputFiles} record files, ${result.findings} findings, ${result.records} records in ${wallSeconds.toFixed(1)} s`,
    );
  }, 300_000);

  it('imports five quarters of scans, records, exceptions and feeds through the normal importers and writes the reports', () => {
    expect(result.files).toBeGreaterThan(500);
    expect(result.findings).toBeGreaterThan(1000);
    expect(result.reports.map((r) => r.split('/').pop())).toEqual(['report.md', 'report.html', 'report.pptx', 'report.json']);
    const md = readFileSync(result.reports[0]!, 'utf8');
    expect(md).toContain('## Engineering leadership scorecard');
    expect(md).toContain('## KPIs — company');
    expect(md).toContain('Not loaded: none');
  });

  it('writes every record kind of inputs.md §3, detected from its columns alone, and the exceptions and feeds', () => {
    const records = result.imports.filter(isRecordReport);
    for (const kind of RECORD_KINDS) {
      const r = records.filter((x) => x.kind === kind);
      expect(
        r.map((x) =>
          x.file
            .split('/')
            .pop()!
            .replace(/\.(csv|jsonl)$/, ''),
        ),
        kind,
      ).toEqual([kind]);
      expect(r[0]!.records, kind).toBeGreaterThan(0);
    }
    expect(records.filter((r) => r.kind === 'exceptions').reduce((n, r) => n + r.records, 0)).toBeGreaterThanOrEqual(5);
    expect(records.filter((r) => r.format === 'kev')).toHaveLength(1);
    expect(records.filter((r) => r.format === 'epss')).toHaveLength(1);
    const scans = result.imports.filter((r) => !isRecordReport(r));
    expect(scans.some((r) => !isRecordReport(r) && r.format === 'defectdojo-generic')).toBe(true);
    expect(scans.some((r) => !isRecordReport(r) && r.format === 'zap')).toBe(true);
  });

  it('reports the scanner KPIs for the last quarter with values, n, targets, status and trend, per company and per area', async () => {
    const store = await Store.open(result.db);
    try {
      const period = parsePeriod({}, NOW);
      expect(period.label).toBe('2026-Q3');
      for (const by of ['company', 'area'] as const) {
        const report = await computeKpis(store, DEFAULT_SETTINGS.policy as Policy, period, by);
        expect(report.groups.length).toBe(by === 'company' ? 1 : 5);
        for (const group of report.groups) {
          expect(group.kpis.map((k) => k.id)).toEqual(expect.arrayContaining(SCANNER_KPIS));
          for (const k of group.kpis.filter((x) => SCANNER_KPIS.includes(x.id))) {
            const where = `${group.key} ${k.id}`;
            expect(k.value, where).not.toBeNull();
            expect(k.n, where).toBeGreaterThan(0);
            expect(k.target, where).toHaveProperty('op');
            expect(['meets', 'near', 'misses'], where).toContain(k.status);
            expect(k.previous, where).not.toBeNull();
            expect(['improving', 'worsening', 'flat'], where).toContain(k.trend);
          }
        }
      }
    } finally {
      await store.close();
    }
  });

  it.each(GROUPINGS)('gives a null value exactly when the status is no-data, with its reason, for every KPI by %s (cli.md)', async (by) => {
    const store = await Store.open(result.db);
    try {
      const report = await computeKpis(store, DEFAULT_SETTINGS.policy as Policy, parsePeriod({}, NOW), by);
      // "No data is never zero, and never green": no value, no trend, and a sentence saying why.
      const broken = report.groups.flatMap((g) =>
        g.kpis
          .filter((k) => (k.value === null) !== (k.status === 'no-data') || (k.status === 'no-data' && (k.trend !== null || !k.reason)))
          .map((k) => `${g.key} ${k.id}: value ${k.value}, status ${k.status}, trend ${k.trend}, reason ${k.reason}`),
      );
      expect(broken).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('shows every KPI of the catalog with a value in `kpis --json` (no-data only where listed, with its reason)', async () => {
    const r = await runCli(['--db', result.db, 'kpis', '--json'], { SECSCORE_NOW: new Date(NOW).toISOString() });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      groups: { key: string; kpis: { id: string; value: number | null; status: string; reason?: string; previous: number | null }[] }[];
    };
    const kpis = report.groups[0]!.kpis;
    expect(kpis.map((k) => k.id)).toEqual(KPIS.map((k) => k.id));
    const noData = kpis.filter((k) => k.value === null || k.status === 'no-data');
    expect(Object.fromEntries(noData.map((k) => [k.id, k.reason ?? '']))).toEqual(
      Object.fromEntries(Object.keys(ALLOWED_NO_DATA).map((id) => [id, expect.any(String)])),
    );
    // With five quarters of records, every KPI that has a value this quarter has one the quarter before.
    for (const k of kpis) if (k.value !== null) expect(k.previous, `${k.id} previous`).not.toBeNull();
  });

  it('exercises fixes, reopens, overdue criticals and coverage gaps', () => {
    const company = result.review.kpis!.company.groups[0]!.kpis;
    const byId = Object.fromEntries(company.map((k) => [k.id, k]));
    expect(byId['critical_sla_compliance']!.details['overdue_open']).toBeGreaterThan(0);
    expect(byId['reopen_rate']!.value).toBeGreaterThan(0);
    expect(byId['scanning_coverage']!.value).toBeLessThan(100);
    expect(result.review.evidence!.coverageGaps.map((g) => g.service)).toEqual(expect.arrayContaining(['legacy-sso-bridge', 'etl-jobs', 'pdf-renderer']));
    expect(result.review.evidence!.overdueCriticals.length).toBeGreaterThan(0);
  });

  it('judges the areas as the worked example does, from the data', () => {
    const rows = Object.fromEntries(result.review.scorecard!.rows.map((r) => [r.area, r]));
    expect(Object.fromEntries(Object.entries(rows).map(([a, r]) => [a, r.escalation.value]))).toEqual({
      'Core API services': 'Yes',
      'Reporting services': 'Yes',
      'Frontend platform': 'No',
      'Data workers': 'Maybe',
      'Platform / CI foundation': 'Yes',
    });
    // Release gates and review latency, from pipeline runs, pull requests and design reviews.
    expect(Object.fromEntries(Object.entries(rows).map(([a, r]) => [a, [r.releaseGateHealth.value, r.reviewLatency.value]]))).toEqual({
      'Core API services': ['Good', 'Moderate'],
      'Reporting services': ['Mixed', 'High'],
      'Frontend platform': ['Good', 'Low'],
      'Data workers': ['Mixed', 'Moderate'],
      'Platform / CI foundation': ['Improving', 'Moderate'],
    });
    expect(rows['Core API services']!.topFailureMode.value).toMatch(/authorization/);
    expect(rows['Reporting services']!.topFailureMode.value).toMatch(/tenant-boundary/);
    expect(rows['Frontend platform']!.topFailureMode.value).toMatch(/CSP.* and third-party script review/);
    expect(rows['Data workers']!.topFailureMode.value).toMatch(/^(dependency hygiene and noisy scans|noisy scans and dependency hygiene)$/);
    expect(rows['Platform / CI foundation']!.topFailureMode.value).toMatch(/CI runner/);
    // The Reporting escalation carries the severity-1 incident and the shared-service owner gap; Platform the expired exception.
    expect(rows['Reporting services']!.escalation.triggers.map((t) => t.id)).toEqual(expect.arrayContaining(['sev1_incident', 'shared_service_owner']));
    expect(rows['Platform / CI foundation']!.escalation.triggers.map((t) => t.id)).toContain('expired_exception');
  });

  it('reads the product lines as the worked example does', () => {
    const lines = Object.fromEntries(result.review.scorecard!.lines.map((l) => [l.line, [l.trend.value, l.meaning.value]]));
    expect(lines['Enterprise core platform']).toEqual(['Improving', 'Better release trust and exception hygiene']);
    expect(lines['Reporting and export services']).toEqual(['Flat to improving', 'Still higher blast radius than its raw issue count suggests']);
    expect(lines['Data ingestion and workers']).toEqual(['Mixed', 'Security signal quality still lower than desired']);
    // Its SLA compliance and coverage hold at 100 % (their best: the good way) while its risk index falls.
    expect(lines['Customer-facing UI platform']![0]).toBe('Improving');
  });

  it('tells where engineering does well and where time goes, from the records', () => {
    const { narrative, close } = result.review;
    const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);
    const paved = narrative!.well.find((s) => s.id === 'well.paved-road');
    expect(paved?.text).toMatch(/fewer escalations and move faster through review/);
    expect(ids(narrative!.well)).toContain('well.gate-improving');
    expect(ids(narrative!.wasted)).toEqual(expect.arrayContaining(['wasted.pipelines', 'wasted.shared-authorization', 'wasted.runbooks', 'wasted.long-tail']));
    expect(ids(narrative!.wasted)[0]).toBe('wasted.pipelines');
    expect(close!.classes.map((c) => c.id)).toContain('platform-consistency');
    const asks = [...result.review.asks!.mandatory, ...result.review.asks!.recommended].map((a) => a.id);
    expect(asks).toEqual(expect.arrayContaining(['ask.exception-expired', 'ask.exception-backlog', 'ask.shared-owner']));
  });
});

describe('the demo folder', () => {
  const LAST = parsePeriod({ period: '2026-Q3' }, NOW);
  const ownFiles = (dir: string): string[] => [...planDemo(LAST).files.map((f) => join(dir, f.path)), ...['report.md', 'secscore.db'].map((f) => join(dir, f))];

  it("refuses a folder of `secscore init`, before it writes anything, and leaves the user's files as they were", async () => {
    const dir = temp.make('secscore-demo-init-');
    // What `secscore init` writes (built-cli.test.ts runs init itself).
    writeFileSync(join(dir, 'secscore.yaml'), 'policy: {}\n');
    writeFileSync(join(dir, 'catalog.yaml'), dataFileText('example-catalog.yaml'));
    const catalog = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    const error = await runDemo(DEFAULT_SETTINGS, { dir, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecscoreError);
    expect((error as SecscoreError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `--dir ${dir}: catalog.yaml exists and was not written by secscore demo; pass --force to overwrite, or choose another --dir`,
    );
    expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(catalog);
    expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'secscore.yaml']);
  });

  it('refuses a database or a report of the user’s, naming the first three files', () => {
    const dir = temp.make('secscore-demo-mine-');
    writeFileSync(join(dir, 'secscore.db'), 'mine');
    expect(() => checkOwnFolder(dir, ownFiles(dir))).toThrow(`--dir ${dir}: secscore.db exists and was not written by secscore demo`);
    for (const f of ['report.md', 'catalog.yaml', 'records']) mkdirSync(join(dir, f));
    writeFileSync(join(dir, 'records', 'incidents.csv'), 'id\n');
    expect(() => checkOwnFolder(dir, ownFiles(dir))).toThrow(
      `--dir ${dir}: catalog.yaml, records/incidents.csv, report.md and 1 more exist and were not written by secscore demo`,
    );
  });

  it('says in one line, exit code 1, that the folder could not be written', async () => {
    const dir = temp.make('secscore-demo-unwritable-');
    writeFileSync(join(dir, 'catalog.yaml'), catalogYaml());
    writeFileSync(join(dir, 'scans'), 'a file where the demo makes a folder');
    const error = await runDemo(DEFAULT_SETTINGS, { dir, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecscoreError);
    expect((error as SecscoreError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(new RegExp(`^--dir ${dir}: could not write the demo \\((EEXIST|ENOTDIR): [^\\n]*\\)$`));
  });

  it('writes into a new or empty folder, and again into the folder an earlier demo wrote (its catalog.yaml says so)', async () => {
    const dir = temp.make('secscore-demo-again-');
    expect(() => checkOwnFolder(dir, ownFiles(dir))).not.toThrow();
    expect(() => checkOwnFolder(join(dir, 'new'), ownFiles(join(dir, 'new')))).not.toThrow();
    // An earlier demo's folder, of another quarter too: its catalog, scans, database and reports.
    await writeDemo(dir, planDemo(parsePeriod({ period: '2026-Q2' }, NOW)));
    for (const f of ['report.md', 'secscore.db']) writeFileSync(join(dir, f), 'the demo’s');
    expect(() => checkOwnFolder(dir, ownFiles(dir))).not.toThrow();
    writeFileSync(join(dir, 'catalog.yaml'), '# my company\nservices: []\n');
    expect(() => checkOwnFolder(dir, ownFiles(dir))).toThrow(/catalog\.yaml, .* not written by secscore demo/);
  });
});
