import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

// `secscore findings --service` on a catalog of two services, one of them with a finding.
const NOW = '2026-11-22T00:00:00Z';
const dir = temp.make('secscore-findings-cli-');
const path = (name: string) => join(dir, name);

const CATALOG = `
lines:
  - name: Commerce
areas:
  - name: Payments
    line: Commerce
services:
  - id: billing-api
    area: Payments
    tier: 0
    repos: [github.com/acme/billing-api]
  - id: ledger
    area: Payments
    tier: 1
    repos: [github.com/acme/ledger]
`;

const SARIF = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep', rules: [{ id: 'sqli', properties: { tags: ['security'], 'security-severity': '9.8' } }] } },
      invocations: [{ executionSuccessful: true, endTimeUtc: '2026-07-01T00:00:00Z' }],
      versionControlProvenance: [{ repositoryUri: 'https://github.com/acme/billing-api' }],
      results: [{ ruleId: 'sqli', level: 'error', message: { text: 'sqli' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'q.ts' } } }] }],
    },
  ],
});

beforeAll(() => {
  writeFileSync(path('catalog.yaml'), CATALOG);
  writeFileSync(path('b.sarif'), SARIF);
});

describe.each(ENGINES)('secscore findings --service on %s', (engine) => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['--db', database.url, 'findings', ...args], { SECSCORE_NOW: NOW });

  beforeAll(async () => {
    database = await freshDatabase(engine);
    for (const args of [
      ['catalog', 'import', path('catalog.yaml')],
      ['import', path('b.sarif')],
    ]) {
      const r = await runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW });
      if (r.code !== 0) throw new Error(r.stderr);
    }
  });
  afterAll(async () => database.drop());

  it("lists a service's findings, and says none for a catalog service without any", async () => {
    const billing = await run(['--service', 'billing-api', '--json']);
    expect(billing.code, billing.stderr).toBe(0);
    expect((JSON.parse(billing.stdout) as { ruleId: string }[]).map((f) => f.ruleId)).toEqual(['sqli']);
    const ledger = await run(['--service', 'ledger']);
    expect([ledger.code, ledger.stdout]).toEqual([0, 'no open findings\n']);
  });

  it.each([['nope'], ['']])('refuses the service %j, not in the catalog, with exit 2 and the valid names (as kpis --service)', async (service) => {
    for (const json of [[], ['--json']]) {
      const r = await run(['--service', service, ...json]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--service: unknown "${service}"; valid services: billing-api, ledger`);
      expect(r.stdout).toBe('');
    }
  });
});
