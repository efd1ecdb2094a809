import { describe, expect, it } from 'vitest';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { osvScannerImporter } from './index.js';

const CORPUS = corpusDir('osv_scanner');
const FIXTURE = new URL('./fixtures/severities-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(osvScannerImporter);

describe('detect', () => {
  it.each([
    [
      'an OSV-Scanner report',
      'x.json',
      '{\n  "results": [\n    {\n      "source": {\n        "path": "/a/yarn.lock",\n        "type": "lockfile"\n      },\n      "packages": [',
      90,
    ],
    ['an empty file named after osv-scanner', 'osv-scanner.json', '', 30],
    ['an empty file named otherwise', 'scan.json', '', 0],
    ['a Semgrep report', 'x.json', '{"results": [], "errors": [], "paths": {"scanned": []}}', 0],
  ])('scores %s as %i', (_what, path, head, score) => {
    expect(osvScannerImporter.detect({ path, head })).toBe(score);
  });
});

describe('vulnerabilities', () => {
  it('maps one vulnerability of one package of one source file, with its aliases after its id', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/many_findings.json`))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'GHSA-25mq-v84q-4j7r in guzzlehttp/guzzle:6.3.3',
      ruleId: 'GHSA-25mq-v84q-4j7r',
      vulnerabilityIds: ['GHSA-25mq-v84q-4j7r', 'CVE-2022-31090'],
      cwes: [200, 212],
      file: '/tmpcardmarket-api/composer.lock',
      line: null,
      component: { name: 'guzzlehttp/guzzle', version: '6.3.3' },
      fixVersion: '6.5.8',
      fixAvailableAt: null,
      description: expect.stringMatching(/^CURLOPT_HTTPAUTH option not cleared on change of origin\n\n### Impact/),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it.each([
    ["GitHub's severity word", `${CORPUS}/many_findings.json`, 5, 'medium'],
    ['the band of the CVSS vector where the advisory has no word', FIXTURE, 0, 'critical'],
    ['low where the advisory has neither, as DefectDojo rates it', FIXTURE, 1, 'low'],
  ])('rates by %s', async (_what, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('takes the fix of the installed release line, and no fix from a commit range', async () => {
    const findings = findingsOf(await parseFile(FIXTURE));
    expect(findings.map((f) => [f.title, f.fixVersion])).toEqual([
      ['PYSEC-2022-1 in django:3.2.9', '3.2.11'],
      ['PYSEC-2099-7 in django:3.2.9', null],
      ['CVE-2023-50094 in commit f5f3c22f3ed5', null],
    ]);
  });

  it('keeps every CWE of the affected package', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/multi_cwe_fabricated.json`))[0]?.cwes).toEqual([79, 89]);
  });

  it('skips a record without an id, naming where it is', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([
      { kind: 'skip', reason: 'vulnerability without an id', place: { jsonPath: '$.results[0].packages[0].vulnerabilities[2]' } },
    ]);
  });

  it('reads an empty file as a scan that found nothing', async () => {
    const items = await parseFile(`${CORPUS}/no_findings.json`);
    expect(headersOf(items)).toEqual([
      { kind: 'scan', tool: 'osv-scanner', category: 'sca', scannedAt: null, covers: [{ tool: 'osv-scanner', category: 'sca' }] },
    ]);
    expect(findingsOf(items)).toEqual([]);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '{"results": [{"source": ', /line 1, column \d+/],
    ['packages that is not a list', '{"results": [{"packages": {}}]}', /at \$\.results\[0\]\.packages\b/],
    [
      'an alias that is not a string',
      '{"results": [{"packages": [{"vulnerabilities": [{"id": "X", "aliases": [1]}]}]}]}',
      /at \$\.results\[0\]\.packages\[0\]\.vulnerabilities\[0\]\.aliases\[0\]/,
    ],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'OSV-Scanner JSON', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(CORPUS), FIXTURE].map((p) => [p.split('/').pop()!, p]))('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });
});
