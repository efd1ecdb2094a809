import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trivyRepoScan } from '../importers/test-support/trivy-scan.js';
import { deckTexts } from '../renderers/test-support/deck.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../storage/test-support/engines.js';
import { runCli } from './test-support/run-cli.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const NOW = '2026-11-22T00:00:00Z';
/** billing-api and ledger (Payments), web-portal and search (Customer web), with their repositories. */
const RECORDS_CATALOG = fileURLToPath(new URL('../importers/records/fixtures/catalog.yaml', import.meta.url));
const dir = temp.make('secscore-report-');
const path = (name: string) => join(dir, name);
const PAYLOAD = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | pipes | `code` =HYPERLINK("http://evil.example","x")';

const CATALOG = `
lines:
  - name: Core platform
    owner: vp-core
areas:
  - name: Core API services
    line: Core platform
    owner: team-api
  - name: Reporting services
    line: Core platform
    owner: team-reporting
services:
  - id: billing-api
    area: Core API services
    tier: 0
    internetExposed: true
    owners: [team-billing]
    repos: [github.com/acme/billing-api]
    tags: [paved-road:release]
  - id: export-service
    area: Reporting services
    tier: 1
    owners: [team-reporting, team-data]
    repos: [github.com/acme/export-service]
`;

function sarif(at: string, repo: string, results: { rule: string; cwe: number; title: string; file: string }[]): string {
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Semgrep',
            rules: results.map((r) => ({
              id: r.rule,
              shortDescription: { text: r.title },
              properties: { tags: ['security', `external/cwe/cwe-${r.cwe}`], 'security-severity': '9.8' },
            })),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: at }],
        versionControlProvenance: [{ repositoryUri: repo }],
        results: results.map((r) => ({
          ruleId: r.rule,
          level: 'error',
          message: { text: r.title },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: 3 } } }],
          partialFingerprints: { primaryLocationLineHash: `${r.rule}:${r.file}` },
        })),
      },
    ],
  });
}

beforeAll(() => {
  writeFileSync(path('catalog.yaml'), CATALOG);
  writeFileSync(
    path('billing.sarif'),
    sarif('2026-08-01T00:00:00Z', 'https://github.com/acme/billing-api', [
      { rule: 'authz-missing', cwe: 862, title: 'Missing authorization check', file: 'a.ts' },
    ]),
  );
  writeFileSync(
    path('export.sarif'),
    sarif('2026-09-20T00:00:00Z', 'https://github.com/acme/export-service', [{ rule: 'tenant-scope', cwe: 639, title: PAYLOAD, file: 'x.ts' }]),
  );
});

describe.each(ENGINES)('secscore report on %s', (engine) => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW, SECSCORE_CONFIG: undefined });

  beforeAll(async () => {
    database = await freshDatabase(engine);
    expect((await run(['catalog', 'import', path('catalog.yaml')])).code).toBe(0);
    expect((await run(['import', path('billing.sarif'), path('export.sarif')])).code).toBe(0);
  });
  afterAll(async () => {
    await database.drop();
  });

  it.each(['md', 'html', 'json', 'pptx'])('writes --format %s to --out', async (format) => {
    const out = path(`${engine}-review.${format}`);
    const r = await run(['report', '--period', '2026-Q3', '--format', format, '--out', out]);
    expect(r).toMatchObject({ code: 0, stdout: `wrote ${out}\n` });
    if (format === 'pptx') {
      const zip = await JSZip.loadAsync(readFileSync(out));
      expect(Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))).toHaveLength(6);
      // Dated by SECSCORE_NOW, not the clock: the same deck, byte for byte, when written again.
      expect(await zip.file('docProps/core.xml')!.async('string')).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${NOW}</dcterms:created>`);
      const again = path(`${engine}-review-again.pptx`);
      expect((await run(['report', '--period', '2026-Q3', '--format', format, '--out', again])).code).toBe(0);
      expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
    } else {
      const text = readFileSync(out, 'utf8');
      expect(text).not.toMatch(/<script>alert/);
      if (format === 'json') expect(JSON.parse(text).scorecard.rows.map((x: { area: string }) => x.area)).toEqual(['Core API services', 'Reporting services']);
      else expect(text).toContain('tenant-boundary logic gaps');
    }
  });

  it('refuses an --out it cannot write before it builds the review, and replaces one it can whole', async () => {
    const folder = await run(['report', '--period', '2026-Q3', '--out', dir]);
    expect(folder).toMatchObject({ code: 2, stdout: '', stderr: `secscore: --out ${dir}: is a folder; name a file in it, e.g. ${path('review.md')}\n` });
    expect(await run(['report', '--period', '2026-Q3', '--format', 'html', '--out', dir])).toMatchObject({
      code: 2,
      stderr: `secscore: --out ${dir}: is a folder; name a file in it, e.g. ${path('review.html')}\n`,
    });
    const missing = path('nope/review.md');
    expect(await run(['report', '--period', '2026-Q3', '--out', missing])).toMatchObject({
      code: 2,
      stderr: `secscore: --out ${missing}: the folder ${path('nope')} does not exist\n`,
    });
    const out = path(`${engine}-again.md`);
    writeFileSync(out, 'x'.repeat(1_000_000));
    expect((await run(['report', '--period', '2026-Q3', '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Security engineering review — 2026-Q3[^]*\n$/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('prints Markdown to standard output by default, and the terminal format on request', async () => {
    const md = await run(['report', '--period', '2026-Q3']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Security engineering review — 2026-Q3/);
    const text = await run(['report', '--period', '2026-Q3', '--format', 'terminal']);
    expect(text.stdout).toMatch(/Reporting services\s+No data\s+No data\s+tenant-boundary logic gaps\s+Yes/);
  });

  it.each([
    [['--audience', 'board'], /^# Board security summary — 2026-Q3/],
    [['--audience', 'platform'], /^# Platform engineering security review — 2026-Q3/],
    [['--audience', 'product-eng', '--area', 'Reporting services'], /^# Security review for Reporting services — 2026-Q3/],
    [
      ['--audience', 'product-eng', '--area', 'Reporting services', 'Core API services'],
      /^# Security review for Reporting services, Core API services — 2026-Q3/,
    ],
  ])('shapes the review for %j', async (args, title) => {
    const r = await run(['report', '--period', '2026-Q3', ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(title);
  });

  it.each([
    [['--format', 'pptx'], '--format pptx is binary: pass --out <file>'],
    [['--format', 'pdf'], '--format pdf: not available; choose one of md, html, json, pptx, terminal'],
    [['--audience', 'product-eng'], '--audience product-eng needs --area <name> (one or more); areas: Core API services, Reporting services'],
    [['--audience', 'product-eng', '--area', 'Nope'], '--area "Nope": no such product area; areas: Core API services, Reporting services'],
    [['--area', 'Reporting services'], '--area goes with --audience product-eng'],
  ])('rejects %j with a usage error', async (args, message) => {
    const r = await run(['report', '--period', '2026-Q3', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`secscore: ${message}\n`);
  });
});

describe('secscore report on an empty catalog', () => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW, SECSCORE_CONFIG: undefined });
  const EMPTY = 'No product areas or lines: the catalog is empty. Load it with `secscore catalog import <file>` (`secscore init` writes an example).\n';

  beforeAll(async () => {
    database = await freshDatabase('duckdb');
  });
  afterAll(async () => {
    await database.drop();
  });

  it.each([['md'], ['html'], ['terminal']])('says so with --format %s instead of printing empty tables, exit 0 as scorecard', async (format) => {
    expect(await run(['report', '--period', '2026-Q3', '--format', format])).toEqual({ code: 0, stdout: EMPTY, stderr: '' });
    expect(await run(['report', '--period', '2026-Q3', '--format', format, '--audience', 'board'])).toEqual({ code: 0, stdout: EMPTY, stderr: '' });
    expect((await run(['scorecard', '--period', '2026-Q3'])).stdout).toContain(EMPTY);
  });

  it('says so in JSON with --format json: no data, code EMPTY_CATALOG and the reason, exit 0', async () => {
    for (const audience of ['vp-eng', 'board']) {
      const r = await run(['report', '--period', '2026-Q3', '--format', 'json', '--audience', audience]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(r.stdout)).toEqual({
        status: 'no-data',
        code: 'EMPTY_CATALOG',
        reason: EMPTY.trimEnd(),
        period: { label: '2026-Q3', start: '2026-07-01T00:00:00Z', end: '2026-10-01T00:00:00Z' },
        audience,
      });
    }
  });

  it.each([['pptx'], ['md'], ['json']])('says so with --format %s --out and writes no file', async (format) => {
    const out = path(`empty-review.${format}`);
    expect(await run(['report', '--period', '2026-Q3', '--format', format, '--out', out])).toEqual({
      code: 0,
      stdout: `${EMPTY}No review written to ${out}.\n`,
      stderr: '',
    });
    expect(readdirSync(dir)).not.toContain(`empty-review.${format}`);
  });
});

describe('the escalation of an area before its first scan', () => {
  let database: TestDatabase;
  const run = (args: string[]) => runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW, SECSCORE_CONFIG: undefined });

  beforeAll(async () => {
    // Payments (billing-api) is scanned in 2026-Q3; Customer web (web-portal, search) never is.
    database = await freshDatabase('duckdb');
    expect((await run(['catalog', 'import', RECORDS_CATALOG])).code).toBe(0);
    const scan = path('billing-trivy.json');
    writeFileSync(scan, trivyRepoScan('github.com/acme/billing-api', '2026-08-01T00:00:00Z', [{ id: 'CVE-2021-44228', pkg: 'log4j-core', severity: 'HIGH' }]));
    expect((await run(['import', scan])).code).toBe(0);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('is No data, not No, in the scorecard and in every format of the report', async () => {
    const text = (await run(['scorecard', '--period', '2026-Q3'])).stdout;
    expect(text).toMatch(/\nCustomer web +No data +No data +No data +No data\n/);
    expect(text).toMatch(/\nPayments +No data +No data +dependency hygiene +No\n/);
    const escalations = (json: string) =>
      (JSON.parse(json) as { rows: { area: string; escalation: { value: string } }[] }).rows.map((r) => [r.area, r.escalation.value]);
    const expected = [
      ['Customer web', 'No data'],
      ['Payments', 'No'],
    ];
    expect(escalations((await run(['scorecard', '--period', '2026-Q3', '--json'])).stdout)).toEqual(expected);

    const report = async (format: string) => (await run(['report', '--period', '2026-Q3', '--format', format])).stdout;
    expect(escalations(JSON.stringify((JSON.parse(await report('json')) as { scorecard: unknown }).scorecard))).toEqual(expected);
    expect(await report('md')).toMatch(/\n\| Customer web \| ⚪ No data \[\^\d+\] \| ⚪ No data \[\^\d+\] \| No data \[\^\d+\] \| ⚪ No data \[\^\d+\] \|\n/);
    expect(await report('html')).toMatch(/<th scope="row">Customer web<\/th>(<td class="tone tone-none"><a href="#cell-\d+">No data<\/a><\/td>){4}<\/tr>/);
    expect(await report('terminal')).toMatch(/\nCustomer web +No data +No data +No data +No data\n/);
    const deck = path('before-first-scan.pptx');
    expect((await run(['report', '--period', '2026-Q3', '--format', 'pptx', '--out', deck])).code).toBe(0);
    expect((await deckTexts(readFileSync(deck)))[1]).toContain('Customer web No data No data No data No data Payments');
  });
});
