import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trivyRepoScan } from '../../importers/test-support/trivy-scan.js';
import { freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const CATALOG = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures/catalog.yaml');

describe('findings with nothing to list, and scanner text in --json', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('duckdb');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('says no scanner output was ever imported, not "no open findings", on a database without any', async () => {
    expect(await runCli(['--db', database.url, 'findings'])).toMatchObject({
      code: 0,
      stdout: 'no findings: no scanner output was ever imported (secscore import <scanner output>)\n',
    });
  });

  it('refuses a service the catalog does not hold, with exit 2 and the valid ones, as kpis --service does', async () => {
    expect((await runCli(['--db', database.url, 'catalog', 'import', CATALOG])).code).toBe(0);
    const scan = join(temp.make('secscore-findings-'), 'scan.json');
    writeFileSync(scan, trivyRepoScan('github.com/acme/billing-api', '2026-07-01T00:00:00Z', [{ id: 'CVE-2021-44228', pkg: 'log4j-core' }]));
    expect((await runCli(['--db', database.url, 'import', scan])).code).toBe(0);

    const typo = await runCli(['--db', database.url, 'findings', '--service', 'biling-api']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^secscore: --service: unknown "biling-api"; valid services: billing-api, ledger/);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    // A service of the catalog without findings is not an error.
    expect(await runCli(['--db', database.url, 'findings', '--service', 'ledger'])).toMatchObject({ code: 0, stdout: 'no open findings\n' });
    expect((await runCli(['--db', database.url, 'findings', '--service', 'billing-api', '--json'])).stdout).toContain('CVE-2021-44228');
  });

  it('writes <, > and & of scanner text as \\u escapes in --json, as the report JSON does, and the values parse back whole', async () => {
    const payload = '<script>alert(1)</script>&x';
    const scan = join(temp.make('secscore-findings-'), 'payload.json');
    writeFileSync(scan, trivyRepoScan('github.com/acme/billing-api', '2026-07-02T00:00:00Z', [{ id: 'CVE-2024-0001', pkg: payload }]));
    expect((await runCli(['--db', database.url, 'import', scan])).code).toBe(0);
    const r = await runCli(['--db', database.url, 'findings', '--status', 'all', '--json']);
    expect(r.stdout).not.toMatch(/[<>&]/);
    expect(r.stdout).toContain('\\u003cscript\\u003e');
    expect((JSON.parse(r.stdout) as { component: { name: string } }[]).map((f) => f.component.name)).toContain(payload);
  });

  it('prints a title (here from the package name) carrying a right-to-left override with a space for each bidirectional character, and --json as \\u escapes', async () => {
    const pkg = 'lib\u202Egnp.exe\u202C\u2066x\u2069\u200F';
    const scan = join(temp.make('secscore-findings-'), 'bidi.json');
    writeFileSync(scan, trivyRepoScan('github.com/acme/billing-api', '2026-07-03T00:00:00Z', [{ id: 'CVE-2024-0002', pkg }]));
    expect((await runCli(['--db', database.url, 'import', scan])).code).toBe(0);
    const bidi = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    const text = await runCli(['--db', database.url, 'findings', '--status', 'all']);
    expect(text.stdout).not.toMatch(bidi);
    expect(text.stdout).toContain('CVE-2024-0002 lib gnp.exe  x   1.0.0');
    const json = await runCli(['--db', database.url, 'findings', '--status', 'all', '--json']);
    expect(json.stdout).not.toMatch(bidi);
    expect(json.stdout).toContain('lib\\u202egnp.exe\\u202c\\u2066x\\u2069\\u200f');
    expect((JSON.parse(json.stdout) as { component: { name: string } }[]).map((f) => f.component.name)).toContain(pkg);
  });
});
