import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { govulncheckImporter } from './index.js';

const CORPUS = corpusDir('govulncheck');
const FIXTURE = new URL('./fixtures/stream-levels-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(govulncheckImporter);

describe('detect', () => {
  it.each([
    ['a govulncheck 1.0 stream', 'x.json', '{\n  "config": {\n    "protocol_version": "v1.0.0",\n    "scanner_name": "govulncheck"', 95],
    ['an array of messages', 'x.json', '[\n    {\n        "config": {\n            "protocol_version": "v1.0.0",', 90],
    ['govulncheck before 1.0', 'x.json', '{\n\t"Calls": {\n\t\t"Functions": {}\n\t},\n\t"Imports": {},\n\t"Requires": {}', 90],
    [
      'its SARIF output (for the SARIF importer)',
      'x.json',
      '{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"tool": {"driver": {"name": "govulncheck"}}, "properties": {"scanner_name": "govulncheck"}}]}',
      0,
    ],
    ['an empty file named after govulncheck', 'govulncheck.json', '', 30],
  ])('scores %s as %i', (_what, path, head, score) => {
    expect(govulncheckImporter.detect({ path, head })).toBe(score);
  });
});

describe('the 1.0 stream', () => {
  it('makes one finding per advisory and module, at the deepest reachability its traces show', async () => {
    const findings = findingsOf(await parseFile(FIXTURE));
    expect(findings.map((f) => [f.title, f.severity])).toEqual([
      ['GO-2024-3333 - golang.org/x/net', 'high'],
      ['GO-2020-0015 - golang.org/x/text', 'low'],
    ]);
  });

  it('maps a called vulnerable symbol: the CVE first, the fix, and where the code enters the call chain', async () => {
    expect(findingsOf(await parseFile(FIXTURE))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'GO-2024-3333 - golang.org/x/net',
      ruleId: 'GO-2024-3333',
      vulnerabilityIds: ['CVE-2024-45338', 'GHSA-w32m-9786-jp63', 'GO-2024-3333'],
      cwes: [],
      file: 'render/page.go',
      line: 42,
      component: { name: 'golang.org/x/net', version: 'v0.25.0' },
      fixVersion: 'v0.33.0',
      fixAvailableAt: null,
      description: expect.stringContaining('Traces:\n- golang.org/x/net/html.Parse <- github.com/acme/payments/render.Page (render/page.go:42)'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('names the scanned module as the repository, and skips a finding without an advisory', async () => {
    const items = await parseFile(FIXTURE);
    expect(headersOf(items)).toEqual([
      {
        kind: 'scan',
        tool: 'govulncheck',
        category: 'sca',
        scannedAt: null,
        target: { repos: ['github.com/acme/payments'] },
        covers: [{ tool: 'govulncheck', category: 'sca' }],
      },
    ]);
    expect(skipsOf(items)).toEqual([{ kind: 'skip', reason: 'finding without an osv id', place: { line: 58 } }]);
  });

  it('reads the same messages saved as one JSON array', async () => {
    const findings = findingsOf(await parseFile(`${CORPUS}/many_vulns_new_version.json`));
    expect(findings.map((f) => [f.title, f.severity, f.component.version, f.fixVersion])).toEqual([['GO-2023-1840 - stdlib', 'high', 'v1.20.1', 'v1.20.5']]);
  });

  it('agrees with DefectDojo V2 on a real 1.1 stream: 72 findings, by reachability', async () => {
    const findings = findingsOf(await parseFile(`${CORPUS}/issue_15033.json`));
    expect(findings).toHaveLength(72);
    expect(['high', 'low', 'info'].map((s) => findings.filter((f) => f.severity === s).length)).toEqual([29, 17, 26]);
  });
});

describe('govulncheck before 1.0', () => {
  it('makes one finding per advisory and module, rated by its call, import and require sinks', async () => {
    const findings = findingsOf(await parseFile(`${CORPUS}/many_vulns.json`));
    expect(findings.map((f) => [f.title, f.severity, f.vulnerabilityIds[0], f.component.version, f.fixVersion])).toEqual([
      ['GO-2022-1144 - stdlib', 'high', 'CVE-2022-41717', 'v1.19.0', 'v1.19.4'],
      ['GO-2022-1143 - stdlib', 'high', 'CVE-2022-41720', 'v1.19.0', 'v1.19.4'],
      ['GO-2022-0969 - stdlib', 'high', 'CVE-2022-27664', 'v1.19.0', 'v1.19.1'],
    ]);
  });

  it('reads a report without vulnerabilities as a scan that found nothing', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/no_vulns.json`))).toEqual([]);
  });
});

describe('invalid input', () => {
  it.each([
    ['an empty file, as DefectDojo does', `${CORPUS}/empty.json`, /line 1\): the file is empty/],
    ['SARIF, as DefectDojo does', `${CORPUS}/issue_15033_sarif.json`, /at \$\.runs\): this is govulncheck SARIF output/],
  ])('rejects %s', async (_what, path, place) => {
    await expectInputError(parseFile(path), path, 'govulncheck JSON', place);
  });

  it.each([
    ['a stream cut off inside a message', readFileSync(FIXTURE, 'utf8').slice(0, 1200), /line \d+, column \d+\): not valid JSON/],
    ['a broken message on line 3', '{"config": {}}\n{"osv": {"id": "GO-1"}}\n{"finding": {"osv": }}', /line 3, column 23/],
    ['stray text between messages', '{"config": {}}\nnot json', /line 2/],
    ['a trace that is not a list', '{"config": {}}\n{"finding": {"osv": "GO-1", "trace": {}}}', /at \$\.finding\.trace/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'govulncheck JSON', place);
  });
});

describe('fingerprints', () => {
  it.each(
    ['issue_15033.json', 'many_vulns.json', 'many_vulns_new_version.json']
      .map((n) => [n, `${CORPUS}/${n}`])
      .concat([['stream-levels-fabricated.json', FIXTURE]]),
  )('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });
});
