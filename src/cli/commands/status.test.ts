import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataStatus } from '../../app/data-status.js';
import { trivyRepoScan } from '../../importers/test-support/trivy-scan.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const scratch = temp.make('secscore-status-');
const write = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const NOW = '2026-10-15T00:00:00Z';

describe('secscore status without a catalog', () => {
  it('says the catalog is empty instead of "every service has what its KPIs need"', async () => {
    const database = await freshDatabase('duckdb');
    try {
      const r = await runCli(['--db', database.url, 'status'], { SECSCORE_NOW: NOW });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('no services: the catalog is empty (secscore catalog import <catalog>)');
      expect(r.stdout).not.toContain('every service has what');
    } finally {
      await database.drop();
    }
  });
});

describe.each(ENGINES)('secscore status on %s', (engine) => {
  let database: TestDatabase;
  const cli = (args: string[]) => runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW });
  const status = async () => {
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as DataStatus;
  };
  const kind = (s: DataStatus, k: string) => s.kinds.find((x) => x.kind === k)!;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    expect((await cli(['catalog', 'import', fixture('catalog.yaml')])).code).toBe(0);
  });
  afterAll(async () => database.drop());

  it('tells "never loaded" apart for every kind, and every service lacks every required scan', async () => {
    const s = await status();
    expect(s.now).toBe(NOW);
    expect(kind(s, 'catalog')).toMatchObject({ status: 'loaded', records: 4, sources: [{ format: 'catalog', files: 1, imports: 1 }] });
    expect(s.kinds.filter((k) => k.kind !== 'catalog').every((k) => k.status === 'never loaded' && k.records === 0 && k.latestRecordAt === null)).toBe(true);
    expect(s.kinds.map((k) => k.kind)).toHaveLength(19);
    expect(s.scans).toEqual([]);
    expect(s.gaps.neverLoaded).toEqual(['pipeline-runs', 'pull-requests', 'threat-models', 'logging', 'iam']);
    expect(s.gaps.services.map((g) => [g.service, g.scans.map((x) => `${x.category}:${x.state}`), g.records])).toEqual([
      ['billing-api', ['sast:never', 'sca:never', 'secrets:never'], []],
      ['ledger', ['sast:never', 'sca:never', 'secrets:never'], []],
      ['search', ['sast:never', 'sca:never', 'secrets:never'], []],
      ['web-portal', ['sast:never', 'sca:never', 'secrets:never'], []],
    ]);
  });

  it('shows what was loaded, from where, how fresh, and which services still lack what', async () => {
    const imports = [
      fixture('incidents.csv'),
      fixture('threat-models.csv'),
      write('no-alerts.csv', 'id,rule,fired_at,disposition\n'),
      write('billing-old.json', trivyRepoScan('github.com/acme/billing-api', '2026-09-01T00:00:00Z', [{ id: 'CVE-2021-44228', pkg: 'log4j-core' }])),
      write('ledger-new.json', trivyRepoScan('github.com/acme/ledger', '2026-10-10T00:00:00Z', [])),
    ];
    expect((await cli(['import', ...imports])).code).toBe(0);
    const s = await status();
    expect(kind(s, 'incidents')).toMatchObject({
      status: 'loaded',
      records: 4,
      sources: [{ format: 'incidents', files: 1, imports: 1 }],
      latestRecordAt: '2026-09-20T11:00:00Z',
      ageDays: 24.5,
    });
    expect(kind(s, 'alerts')).toMatchObject({ status: 'loaded, empty', records: 0, latestRecordAt: null });
    expect(kind(s, 'findings')).toMatchObject({
      status: 'loaded',
      records: 1,
      sources: [{ format: 'trivy', files: 2 }],
      latestRecordAt: '2026-10-10T00:00:00Z',
      ageDays: 5,
    });
    expect(kind(s, 'milestones').status).toBe('never loaded');
    // A Trivy repository scan snapshots dependencies and secrets.
    expect(s.scans).toEqual(
      ['sca', 'secrets'].map((category) => ({ category, services: 2, scans: 2, tools: ['trivy'], latestScanAt: '2026-10-10T00:00:00Z', ageDays: 5 })),
    );
    const gap = (service: string) => s.gaps.services.find((g) => g.service === service);
    // billing-api's SCA scan is 44 days old: outside the 30-day window. Threat models: ledger has one; web-portal (tier 1) has none; search is tier 2.
    expect(gap('billing-api')).toEqual({
      service: 'billing-api',
      area: 'Payments',
      tier: 0,
      noRepository: false,
      scans: [
        { category: 'sast', state: 'never', latestScanAt: null, ageDays: null },
        { category: 'sca', state: 'stale', latestScanAt: '2026-09-01T00:00:00Z', ageDays: 44 },
        { category: 'secrets', state: 'stale', latestScanAt: '2026-09-01T00:00:00Z', ageDays: 44 },
      ],
      records: [],
    });
    expect(gap('ledger')!.scans.map((x) => x.category)).toEqual(['sast']);
    expect(gap('web-portal')!.records).toEqual(['threat-models']);
    expect(gap('search')!.records).toEqual([]);
    expect(s.gaps.neverLoaded).toEqual(['pipeline-runs', 'pull-requests', 'logging', 'iam']);

    const text = (await cli(['status'])).stdout;
    expect(text).toMatch(/^alerts\s+loaded, empty\s+0\s+alerts \(1 file\)/m);
    expect(text).toMatch(/^milestones\s+never loaded\s+—/m);
    expect(text).toMatch(/^incidents\s+loaded\s+4\s+incidents \(1 file\)\s+\S+\s+2026-09-20T11:00:00Z\s+24\.5$/m);
    expect(text).toMatch(/^billing-api\s+0\s+sast\s+sca \(44 d ago\), secrets \(44 d ago\)\s+—$/m);
    expect(text).toMatch(/^web-portal\s+1\s+sast, sca, secrets\s+—\s+threat-models$/m);
    expect(text).toContain('never loaded, so no service has them: pipeline-runs, pull-requests, logging, iam');
  });
});

describe('the status command', () => {
  it('explains itself with examples', async () => {
    const help = await runCli(['status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('never loaded');
  });
});
