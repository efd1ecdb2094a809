import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../storage/store.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../storage/test-support/engines.js';
import { runCli } from './test-support/run-cli.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const NOW = '2026-11-22T00:00:00Z';
const dir = temp.make('secscore-cli-');
const path = (name: string) => join(dir, name);

const CATALOG = `
lines:
  - name: Core platform
    owner: vp-core
areas:
  - name: Core API services
    line: Core platform
    owner: team-api
services:
  - id: billing-api
    area: Core API services
    tier: 0
    internetExposed: true
    owners: [team-billing]
    repos: [github.com/acme/billing-api]
    images: [registry.acme.io/billing-api]
  - id: ledger
    area: Core API services
    tier: 1
    owners: [team-ledger]
    repos: [github.com/acme/ledger]
`;

interface R {
  rule: string;
  level: 'error' | 'warning';
  file: string;
  line: number;
  score: string;
}

function sarif(at: string, results: R[], repo = 'https://github.com/acme/billing-api'): string {
  const rules = [...new Set(results.map((r) => r.rule))].map((id) => ({
    id,
    shortDescription: { text: `Rule ${id}` },
    properties: { tags: ['security', 'external/cwe/cwe-862'], 'security-severity': results.find((r) => r.rule === id)!.score },
  }));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep', rules } },
        invocations: [{ executionSuccessful: true, endTimeUtc: at }],
        versionControlProvenance: [{ repositoryUri: repo }],
        results: results.map((r) => ({
          ruleId: r.rule,
          level: r.level,
          message: { text: `${r.rule} at ${r.file}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: r.line } } }],
          partialFingerprints: { primaryLocationLineHash: `${r.rule}:${r.file}` },
        })),
      },
    ],
  });
}

const crit = (rule: string, file: string): R => ({ rule, level: 'error', file, line: 10, score: '9.8' });
const high = (rule: string, file: string): R => ({ rule, level: 'error', file, line: 20, score: '7.5' });

// Four snapshots of billing-api in Q3 2026: a critical fixed after 9 days, a high that is
// fixed and reopened, and a critical that stays open past its 7-day SLA; one of ledger.
const SCANS: Record<string, string> = {
  's1.sarif': sarif('2026-07-01T00:00:00Z', [crit('authz-missing', 'a.ts'), high('idor', 'b.ts')]),
  's2.sarif': sarif('2026-07-10T00:00:00Z', [high('idor', 'b.ts'), crit('sqli', 'c.ts')]),
  's3.sarif': sarif('2026-08-01T00:00:00Z', [crit('sqli', 'c.ts')]),
  's4.sarif': sarif('2026-08-20T00:00:00Z', [crit('sqli', 'c.ts'), high('idor', 'b.ts')]),
  'l1.sarif': sarif('2026-09-15T00:00:00Z', [high('weak-crypto', 'k.ts')], 'git@github.com:acme/ledger.git'),
};

const SECRET = 'AKIAZXCVBNMASDFGHJKLQWERTYUIOP1234567890';
const LEAK = JSON.stringify({
  version: '2.1.0',
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  runs: [
    {
      tool: { driver: { name: 'gitleaks', rules: [{ id: 'aws-access-token', shortDescription: { text: 'AWS access token' } }] } },
      invocations: [{ executionSuccessful: true, endTimeUtc: '2026-09-01T00:00:00Z' }],
      versionControlProvenance: [{ repositoryUri: 'https://github.com/acme/billing-api' }],
      results: [
        {
          ruleId: 'aws-access-token',
          level: 'error',
          message: { text: `aws-access-token has detected secret for file config.env: ${SECRET}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'config.env' }, region: { startLine: 3, snippet: { text: SECRET } } } }],
        },
      ],
    },
  ],
});

beforeAll(() => {
  writeFileSync(path('leak.sarif'), LEAK);
  mkdirSync(path('scans'));
  writeFileSync(path('catalog.yaml'), CATALOG);
  for (const [name, text] of Object.entries(SCANS)) writeFileSync(path(`scans/${name}`), text);
  writeFileSync(path('truncated.sarif'), SCANS['s1.sarif']!.slice(0, 400));
  writeFileSync(
    path('wrong-schema.sarif'),
    JSON.stringify({ version: '2.1.0', $schema: 'sarif', runs: [{ tool: { driver: { name: 'x' } }, results: 'nope' }] }),
  );
});

async function ok(args: string[]) {
  const r = await runCli(args, { SECSCORE_NOW: NOW });
  if (r.code !== 0) throw new Error(`secscore ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe.each(ENGINES)('the command line on %s', (engine) => {
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const d = await freshDatabase(engine);
    databases.push(d);
    return d.url;
  };
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it.each([
    ['truncated.sarif', /truncated\.sarif.*SARIF.*line \d+/i],
    ['wrong-schema.sarif', /wrong-schema\.sarif.*SARIF.*\$\.runs\[0\]\.results/i],
  ])('rejects %s with exit 2, naming the file, format and place, and stores nothing', async (file, message) => {
    const db = await fresh();
    await ok(['--db', db, 'catalog', 'import', path('catalog.yaml')]);
    await ok(['--db', db, 'import', path('scans/s1.sarif')]);
    const before = await ok(['--db', db, 'findings', '--status', 'all', '--json']);
    const r = await runCli(['--db', db, 'import', path(file)], { SECSCORE_NOW: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await ok(['--db', db, 'findings', '--status', 'all', '--json'])).toBe(before);
  });

  it('gives identical findings and KPIs for shuffled and repeated imports', async () => {
    const names = Object.keys(SCANS);
    const outputs: string[] = [];
    for (const order of [names, [...names].reverse(), [names[2]!, names[0]!, names[4]!, names[3]!, names[1]!, ...names]]) {
      const db = await fresh();
      await ok(['--db', db, 'catalog', 'import', path('catalog.yaml')]);
      for (const n of order) await ok(['--db', db, 'import', path(`scans/${n}`)]);
      const findings = await ok(['--db', db, 'findings', '--status', 'all', '--json']);
      const kpis = await ok(['--db', db, 'kpis', '--period', '2026-Q3', '--by', 'service', '--json']);
      outputs.push(findings + kpis);
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);

    const findings = JSON.parse(outputs[0]!.slice(0, outputs[0]!.indexOf('\n]\n') + 2)) as { ruleId: string; status: string; reopenCount: number }[];
    expect(findings.map((f) => [f.ruleId, f.status, f.reopenCount])).toEqual(
      expect.arrayContaining([
        ['authz-missing', 'fixed', 0],
        ['idor', 'open', 1],
        ['sqli', 'open', 0],
        ['weak-crypto', 'open', 0],
      ]),
    );
  });

  it('never stores or prints a secret value', async () => {
    const db = await fresh();
    await ok(['--db', db, 'catalog', 'import', path('catalog.yaml')]);
    await ok(['--db', db, 'import', path('leak.sarif')]);
    const shown = await ok(['--db', db, 'findings', '--status', 'all', '--json']);
    const [finding] = JSON.parse(shown) as { category: string; secretPreview: string }[];
    expect(finding).toMatchObject({ category: 'secrets', secretPreview: 'AKI…(40 chars)' });
    expect(shown).not.toContain(SECRET);
    const store = await Store.open(db);
    try {
      const rows = await store.db.selectFrom('findings').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(SECRET);
      expect(JSON.stringify(rows)).not.toContain(SECRET.slice(4, 20));
    } finally {
      await store.close();
    }
  });

  it('computes the four KPIs with values, n, targets, status and trend', async () => {
    const db = await fresh();
    await ok(['--db', db, 'catalog', 'import', path('catalog.yaml')]);
    await ok(['--db', db, 'import', path('scans')]);
    const report = JSON.parse(await ok(['--db', db, 'kpis', '--period', '2026-Q3', '--json']));
    expect(report.period).toEqual({ label: '2026-Q3', start: '2026-07-01T00:00:00Z', end: '2026-10-01T00:00:00Z' });
    const byId = Object.fromEntries(report.groups[0].kpis.map((k: { id: string }) => [k.id, k]));
    // authz-missing: critical on internet-exposed tier 0, opened 07-01, fixed 07-10: 9 days, SLA 7 d: late.
    expect(byId.critical_mttr_internet).toMatchObject({ value: 9, n: 1, unit: 'days', target: { op: '<=', value: 14 }, status: 'meets' });
    // population: 1 late fix + sqli open since 07-10, overdue at the end: 0 / 2
    expect(byId.critical_sla_compliance).toMatchObject({ value: 0, n: 2, status: 'misses' });
    // fixes in Q3: authz (07-10), idor (08-01); reopens: idor (08-20): 1 / 2
    expect(byId.reopen_rate).toMatchObject({ value: 50, n: 2, status: 'misses' });
    // billing-api has a sast scan only; ledger too: neither has sca and secrets -> 0 %
    expect(byId.scanning_coverage).toMatchObject({ value: 0, n: 2, status: 'misses' });
  }, 120_000);
});
