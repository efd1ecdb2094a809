import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPIS } from '../../kpis/catalog.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

// Scopes and filters of `secscore kpis`, through the command line, on a catalog of two lines,
// three areas (Identity has no service) and four services, with findings on two of them.
const NOW = '2026-11-22T00:00:00Z';
const dir = temp.make('secscore-kpis-cli-');
const path = (name: string) => join(dir, name);

const CATALOG = `
lines:
  - name: Commerce
  - name: Platform
areas:
  - name: Payments
    line: Commerce
  - name: Identity
    line: Commerce
  - name: Runtime
    line: Platform
services:
  - id: billing-api
    area: Payments
    tier: 0
    internetExposed: true
    repos: [github.com/acme/billing-api]
  - id: ledger
    area: Payments
    tier: 1
    repos: [github.com/acme/ledger]
  - id: scheduler
    area: Runtime
    tier: 2
    repos: [github.com/acme/scheduler]
  - id: gateway
    area: Runtime
    tier: 0
    internetExposed: true
    repos: [github.com/acme/gateway]
`;

function sarif(at: string, repo: string, rules: string[]): string {
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'Semgrep', rules: rules.map((id) => ({ id, properties: { tags: ['security'], 'security-severity': '9.8' } })) } },
        invocations: [{ executionSuccessful: true, endTimeUtc: at }],
        versionControlProvenance: [{ repositoryUri: `https://github.com/acme/${repo}` }],
        results: rules.map((r) => ({
          ruleId: r,
          level: 'error',
          message: { text: r },
          locations: [{ physicalLocation: { artifactLocation: { uri: `${r}.ts` }, region: { startLine: 1 } } }],
        })),
      },
    ],
  });
}

// billing-api: two criticals on 2026-07-01, one fixed on 07-05 (within 7 days), the other on
// 07-20 (late). gateway: one critical on 07-02, fixed on 07-04. ledger and scheduler: scanned, clean.
const SCANS: Record<string, string> = {
  'b1.sarif': sarif('2026-07-01T00:00:00Z', 'billing-api', ['sqli', 'authz']),
  'b2.sarif': sarif('2026-07-05T00:00:00Z', 'billing-api', ['authz']),
  'b3.sarif': sarif('2026-07-20T00:00:00Z', 'billing-api', []),
  'g1.sarif': sarif('2026-07-02T00:00:00Z', 'gateway', ['ssrf']),
  'g2.sarif': sarif('2026-07-04T00:00:00Z', 'gateway', []),
  'l1.sarif': sarif('2026-07-03T00:00:00Z', 'ledger', []),
  's1.sarif': sarif('2026-07-03T00:00:00Z', 'scheduler', []),
};

beforeAll(() => {
  writeFileSync(path('catalog.yaml'), CATALOG);
  for (const [name, text] of Object.entries(SCANS)) writeFileSync(path(name), text);
});

interface Report {
  period: { label: string; start: string; end: string };
  scope: { by: string };
  groups: { key: string; kpis: { id: string; value: number | null; n: number; status: string }[] }[];
}

describe.each(ENGINES)('secscore kpis scopes and filters on %s', (engine) => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['--db', database.url, 'kpis', ...args], { SECSCORE_NOW: NOW });
  const json = async (args: string[]): Promise<Report> => {
    const r = await run([...args, '--json']);
    if (r.code !== 0) throw new Error(`kpis ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Report;
  };
  const keys = (r: Report) => r.groups.map((g) => g.key);
  const kpi = (r: Report, key: string, id: string) => r.groups.find((g) => g.key === key)!.kpis.find((k) => k.id === id)!;

  beforeAll(async () => {
    database = await freshDatabase(engine);
    const setup = async (args: string[]) => {
      const r = await runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW });
      if (r.code !== 0) throw new Error(r.stderr);
    };
    await setup(['catalog', 'import', path('catalog.yaml')]);
    await setup(['import', ...Object.keys(SCANS).map(path)]);
  });
  afterAll(async () => database.drop());

  it('lists every group of a scope, and only the named ones with --area / --line', async () => {
    expect(keys(await json(['--period', '2026-Q3', '--by', 'area']))).toEqual(['Identity', 'Payments', 'Runtime']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'area', '--area', 'Runtime']))).toEqual(['Runtime']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'area', '--area', 'Runtime', '--area', 'Identity']))).toEqual(['Identity', 'Runtime']);
    // An empty area of a named line is still listed, with no data rather than zero.
    const commerce = await json(['--period', '2026-Q3', '--by', 'area', '--line', 'Commerce']);
    expect(keys(commerce)).toEqual(['Identity', 'Payments']);
    expect(kpi(commerce, 'Identity', 'critical_sla_compliance')).toMatchObject({ value: null, status: 'no-data' });
    expect(keys(await json(['--period', '2026-Q3', '--by', 'line', '--line', 'Platform']))).toEqual(['Platform']);
  });

  it('restricts services by --tier and --service, filters of different kinds intersecting', async () => {
    expect(keys(await json(['--period', '2026-Q3', '--by', 'service', '--tier', '0']))).toEqual(['billing-api', 'gateway']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'service', '--tier', '0', '--tier', '2']))).toEqual(['billing-api', 'gateway', 'scheduler']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'service', '--area', 'Runtime', '--tier', '0']))).toEqual(['gateway']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'area', '--tier', '1']))).toEqual(['Payments']);
    expect(keys(await json(['--period', '2026-Q3', '--by', 'service', '--service', 'ledger', '--service', 'gateway']))).toEqual(['gateway', 'ledger']);
  });

  it('computes a filtered scope over its services only', async () => {
    // Company: 3 critical fixes in Q3, 2 within the 7-day tier-0 SLA → 66.7%.
    const all = await json(['--period', '2026-Q3']);
    expect(kpi(all, 'company', 'critical_sla_compliance')).toMatchObject({ value: 66.7, n: 3 });
    // Payments alone: billing-api's 2 fixes, 1 within SLA → 50%; Runtime: gateway's 1 fix, in time → 100%.
    expect(kpi(await json(['--period', '2026-Q3', '--area', 'Payments']), 'company', 'critical_sla_compliance')).toMatchObject({ value: 50, n: 2 });
    expect(kpi(await json(['--period', '2026-Q3', '--by', 'area', '--area', 'Runtime']), 'Runtime', 'critical_sla_compliance')).toMatchObject({
      value: 100,
      n: 1,
    });
    // A filtered company scope equals the same service's own group.
    const one = await json(['--period', '2026-Q3', '--service', 'billing-api']);
    const byService = await json(['--period', '2026-Q3', '--by', 'service']);
    expect(one.groups[0]!.kpis).toEqual(byService.groups.find((g) => g.key === 'billing-api')!.kpis);
  });

  it('picks KPIs with --kpi, in catalog order', async () => {
    const r = await json(['--period', '2026-Q3', '--by', 'area', '--kpi', 'reopen_rate', '--kpi', 'critical_sla_compliance']);
    for (const g of r.groups) expect(g.kpis.map((k) => k.id)).toEqual(['critical_sla_compliance', 'reopen_rate']);
  });

  it('takes months and explicit ranges', async () => {
    const month = await json(['--period', '2026-08', '--by', 'area']);
    expect(month.period).toEqual({ label: '2026-08', start: '2026-08-01T00:00:00Z', end: '2026-09-01T00:00:00Z' });
    // July 1 to July 5: only billing-api's fix at 07-05 falls out (half-open), gateway's 07-04 is in.
    const range = await json(['--from', '2026-07-01', '--to', '2026-07-05', '--kpi', 'critical_sla_compliance']);
    expect(range.period.start).toBe('2026-07-01T00:00:00Z');
    expect(range.groups[0]!.kpis[0]).toMatchObject({ value: 100, n: 1 });
  });

  it.each([
    [['--area', 'Paymnts'], /--area: unknown "Paymnts"; valid areas: Identity, Payments, Runtime/],
    [['--line', 'Nope'], /--line: unknown "Nope"; valid product lines: Commerce, Platform/],
    [['--service', 'nope'], /--service: unknown "nope"; valid services: billing-api, gateway, ledger, scheduler/],
    [['--tier', '7'], /--tier: unknown "7"; valid tiers: 0, 1, 2/],
    [['--tier', 'gold'], /--tier: expected a tier number/],
    [['--kpi', 'mttr'], new RegExp(`--kpi: unknown "mttr"; valid KPI ids: ${KPIS.map((k) => k.id).join(', ')}`)],
  ])('rejects %j with exit 2 and the valid names', async (args, message) => {
    const r = await run(['--period', '2026-Q3', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('documents the filters with examples', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--line <name>', '--area <name>', '--tier <0|1|2>', '--service <id>', '--kpi <id>', '--period <P>', '--from <iso>', '--by <scope>'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('secscore kpis --by area --line Commerce --tier 0 --tier 1');
  });
});
