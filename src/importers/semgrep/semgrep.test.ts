import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseTimestamp } from '../../domain/time.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, SkipItem } from '../types.js';
import { semgrepImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'semgrep');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of semgrepImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    {
      what: 'a CLI report with results',
      head: '{"results": [{"check_id": "python.x", "path": "a.py", "start": {"line": 1, "col": 1}, "end": {"line": 1, "col": 2}, "extra": {',
      score: 95,
    },
    {
      what: 'an App supply-chain export',
      head: '{\n  "vulns": [\n    {\n      "title": "x",\n      "advisory": {"ruleId": "ssc-1"}, "repositoryId": "1", "dependencyFileLocation": {',
      score: 95,
    },
    {
      what: 'an empty report of Semgrep 1.x',
      head: '{"version": "1.97.0", "results": [], "errors": [], "paths": {"scanned": []}, "skipped_rules": []}',
      score: 70,
    },
    { what: 'an empty report of an older Semgrep', head: '{\n  "results": [],\n  "errors": []\n}', score: 40 },
    { what: 'a Bandit report', head: '{"errors": [], "generated_at": "2021-10-03T12:53:18Z", "metrics": {}, "results": []}', score: 0 },
    {
      what: 'a Checkov report (check_id without extra)',
      head: '{"check_type": "terraform", "results": {"failed_checks": [{"check_id": "CKV_AWS_20"',
      score: 0,
    },
    { what: 'a Snyk report (vulns of another shape)', head: '{"vulnerabilities": [], "ok": true, "packageManager": "npm"}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(semgrepImporter.detect({ path: 'report.json', head })).toBe(score);
  });
});

describe('CLI results', () => {
  it('maps a result as DefectDojo does: the rule as title, with its CWE, file and line', async () => {
    expect(findingsOf(await parseFile(corpus('one_finding.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle',
      ruleId: 'java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle',
      vulnerabilityIds: [],
      cwes: [696],
      file: 'src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02194.java',
      line: 64,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringMatching(/^Using CBC with PKCS5Padding is susceptible[^]*```\n\t\t\tjavax\.crypto\.Cipher c = /),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it.each([
    ['CRITICAL', 2, 'critical'],
    ['ERROR', 0, 'high'],
    ['INFO (low, as DefectDojo and the SARIF importer read it)', 3, 'low'],
  ])("maps Semgrep's %s to its severity", async (_word, index, severity) => {
    expect(findingsOf(await parseFile(fixture('cli-secrets-and-ignored-fabricated.json')))[index]?.severity).toBe(severity);
  });

  it('keeps every CWE a rule lists, in any spelling', async () => {
    expect(findingsOf(await parseFile(corpus('multiple_cwes_fabricated.json')))[0]?.cwes).toEqual([327, 696]);
    expect(findingsOf(await parseFile(fixture('cli-secrets-and-ignored-fabricated.json')))[2]?.cwes).toEqual([613, 287]);
  });

  it('merges results on rule, file and line as DefectDojo does, counting them', async () => {
    const findings = findingsOf(await parseFile(corpus('repeated_findings.json')));
    expect(findings.map((f) => [f.line, f.occurrences])).toEqual([[66, 2]]);
  });

  it('marks a result matched by a nosemgrep comment as a false positive', async () => {
    const findings = findingsOf(await parseFile(fixture('cli-secrets-and-ignored-fabricated.json')));
    expect(findings.map((f) => f.falsePositive)).toEqual([false, true, false, false]);
  });

  it('does not show what semgrep.dev hides from logged-out users', async () => {
    expect(findingsOf(await parseFile(fixture('cli-secrets-and-ignored-fabricated.json')))[1]?.description).toBe(
      "Found 'subprocess' function 'call' with 'shell=True'.",
    );
  });

  it('skips inventory rules and results without a rule, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('cli-secrets-and-ignored-fabricated.json')))).toEqual([
      {
        kind: 'skip',
        reason: 'result python.django.inventory.uses-django has severity "INVENTORY", which is not a finding\'s',
        place: { jsonPath: '$.results[3]' },
      },
      { kind: 'skip', reason: 'result without check_id', place: { jsonPath: '$.results[4]' } },
    ]);
  });
});

describe('secret rules', () => {
  const SECRET = 'sk_live_9fQx2Lw7Rb4Tz8Vk1Np5Hd3M';

  it('keep only the keyed hash of the matched line, and cut the secret from the message', async () => {
    const items = await parseFile(fixture('cli-secrets-and-ignored-fabricated.json'));
    expect(JSON.stringify(items)).not.toContain(SECRET);
    expect(findingsOf(items)[0]).toMatchObject({
      title: 'generic.secrets.security.detected-stripe-api-key.detected-stripe-api-key',
      description: 'Stripe API Key detected: [redacted]',
      cwes: [798],
      secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'STR…(47 chars)' },
    });
  });

  it('fingerprint a secret by its keyed hash: another value on the same line is another finding', async () => {
    const original = readFileSync(fixture('cli-secrets-and-ignored-fabricated.json'), 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replaceAll(SECRET, 'sk_live_2bYt6Hn0Qw8Er4Ui7Op1As5D'))]);
    expect(findingsOf(b)[0]?.fingerprint).not.toBe(findingsOf(a)[0]?.fingerprint);
    expect(findingsOf(b)[2]?.fingerprint).toBe(findingsOf(a)[2]?.fingerprint);
  });
});

describe('App supply-chain export', () => {
  it('maps a vulnerability with its advisory ids, package, fix and repository', async () => {
    expect(findingsOf(await parseFile(fixture('app-export-fabricated.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'Denial of service in protobuf',
      ruleId: 'ssc-5c1e8f1a-0b7d-4d2e-9a51-7e3c2f4b6a10',
      vulnerabilityIds: ['CVE-2024-7254', 'GHSA-735f-pc8j-v9w8'],
      cwes: [674],
      file: 'requirements.txt',
      line: 14,
      component: { name: 'protobuf', version: '4.25.1' },
      fixVersion: '4.25.2',
      fixAvailableAt: null,
      description: 'protobuf before 4.25.2 can be made to recurse without limit on crafted input.\n\nExposure: REACHABLE\nTransitivity: DIRECT\nTriage: NEW',
      falsePositive: false,
      exploitAvailable: false,
      category: 'sca',
      target: { repos: ['acme/payments'] },
      occurrences: 2,
      toolOpenedAt: parseTimestamp('2024-09-20T08:12:44Z'),
    });
  });

  it('merges on title, file and line as DefectDojo does, but keeps two repositories apart', async () => {
    const findings = findingsOf(await parseFile(fixture('app-export-fabricated.json')));
    expect(findings.map((f) => [f.target?.repos, f.file, f.line, f.occurrences])).toEqual([
      [['acme/payments'], 'requirements.txt', 14, 2],
      [['acme/ledger'], 'requirements.txt', 14, 1],
      [['acme/payments'], 'web/package-lock.json', 2210, 1],
    ]);
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('marks a vulnerability triaged as ignored as a false positive', async () => {
    expect(findingsOf(await parseFile(fixture('app-export-fabricated.json'))).map((f) => f.falsePositive)).toEqual([false, false, true]);
  });

  it('skips fixed vulnerabilities and those without a file or a known severity, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('app-export-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'vulnerability "Regular expression denial of service in semver" is triaged FIXED in Semgrep', place: { jsonPath: '$.vulns[4]' } },
      { kind: 'skip', reason: 'vulnerability without dependencyFileLocation.path', place: { jsonPath: '$.vulns[5]' } },
      {
        kind: 'skip',
        reason: 'vulnerability "Open redirect in next" has severity "MODERATE-ISH", which is not a finding\'s',
        place: { jsonPath: '$.vulns[6]' },
      },
    ]);
  });
});

describe('scan header', () => {
  it.each([
    ['a CLI report', corpus('many_vulns.json'), 'sast'],
    ['an empty CLI report', corpus('empty.json'), 'sast'],
    ['an App supply-chain export, whose findings each name their repository', fixture('app-export-fabricated.json'), 'sca'],
  ])('describes %s, with no scan time (Semgrep writes none)', async (_what, path, category) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual({ kind: 'scan', tool: 'semgrep', category, scannedAt: null, covers: [{ tool: 'semgrep', category }] });
    expect(items.filter((i) => i.kind === 'scan')).toHaveLength(1);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['results that is not an array', 'invalid/results-not-array.json', /at \$\.results\b/],
    ['a start line that is not an integer', 'invalid/start-line-not-integer.json', /at \$\.results\[0\]\.start\.line/],
    ['an export entry that is not an object', 'invalid/vulns-entry-not-object.json', /at \$\.vulns\[1\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Semgrep');
    expect((error as InputError).message).toMatch(place);
  });

  it('rejects an object with neither results nor vulns, at $.results', async () => {
    await expect(parseText('other.json', '{"errors": []}')).rejects.toThrow(/other\.json: invalid Semgrep JSON input \(at \$\.results\)/);
  });
});

describe('fingerprints', () => {
  const files = [
    ...readdirSync(CORPUS).map(corpus),
    ...readdirSync(FIXTURES)
      .filter((n) => n.endsWith('.json'))
      .map(fixture),
  ];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it("follow Semgrep's own fingerprint: a result that moved from line 31 to 24 is the same finding", async () => {
    const [line31, line24, different] = await Promise.all(
      [
        'close_old_findings_report_line31.json',
        'close_old_findings_report_second_run_line24.json',
        'close_old_findings_report_third_run_different_unique_id.json',
      ].map(async (n) => findingsOf(await parseFile(corpus(n)))[0]),
    );
    expect([line31?.line, line24?.line]).toEqual([31, 24]);
    expect(line24?.fingerprint).toBe(line31?.fingerprint);
    expect(different?.fingerprint).not.toBe(line31?.fingerprint);
  });

  it('follow the matched code where Semgrep gives no fingerprint', async () => {
    const original = readFileSync(corpus('one_finding.json'), 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replaceAll('"line": 64', '"line": 70'))]);
    expect(findingsOf(b)[0]?.line).toBe(70);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });

  it('do not move when a still-vulnerable package is upgraded', async () => {
    const original = readFileSync(fixture('app-export-fabricated.json'), 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replaceAll('"4.25.1"', '"4.25.1.post1"'))]);
    expect(findingsOf(b)[0]?.component.version).toBe('4.25.1.post1');
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
