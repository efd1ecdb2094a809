import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, ScanHeader, SkipItem } from '../types.js';
import { checkovImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'checkov');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of checkovImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));
const streams = (...categories: string[]): { tool: string; category: string }[] => categories.map((category) => ({ tool: 'checkov', category }));

describe('detect', () => {
  it.each([
    { what: 'a single-framework report', head: '{\n  "check_type": "terraform",\n  "results": {\n    "passed_checks": [],', score: 90 },
    { what: 'a multi-framework list', head: '[{"check_type": "terraform", "results": {"failed_checks": [', score: 90 },
    { what: 'a summary-only report', head: '{"passed": 0, "failed": 0, "skipped": 0, "checkov_version": "2.1.269"}', score: 85 },
    { what: 'a tfsec report', head: '{"results": [{"rule_id": "aws-s3-enable-versioning", "rule_provider": "aws"}]}', score: 0 },
    { what: 'a Semgrep report', head: '{"results": [{"check_id": "python.lang.security"}], "errors": []}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(checkovImporter.detect({ path: 'report.json', head })).toBe(score);
  });

  it('recognises every Checkov sample of the corpus', async () => {
    for (const name of readdirSync(CORPUS)) expect(checkovImporter.detect(await fileSource(corpus(name))), name).toBeGreaterThanOrEqual(85);
  });
});

describe('failed checks', () => {
  it('maps a failed check as DefectDojo does: title, resource as component, first line of the range', async () => {
    expect(findingsOf(await parseFile(corpus('checkov-report-multiple-check_type.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'Ensure RDS database has IAM authentication enabled',
      ruleId: 'CKV_AWS_161',
      vulnerabilityIds: [],
      cwes: [],
      file: '/aws/db-app.tf',
      line: 1,
      component: { name: 'aws_db_instance.default', version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Check Id: CKV_AWS_161'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('counts the failed checks of every framework block of a multi-framework report', async () => {
    const findings = findingsOf(await parseFile(corpus('checkov-report-multiple-check_type.json')));
    expect(findings).toHaveLength(13);
    expect(findings.slice(11).map((f) => [f.ruleId, f.file, f.component.name])).toEqual([
      ['CKV_DOCKER_3', '/aws/resources/Dockerfile', '/aws/resources/Dockerfile.'],
      ['CKV_DOCKER_2', '/aws/resources/Dockerfile', '/aws/resources/Dockerfile.'],
    ]);
  });

  it('gives no line to a check on a whole file, which Checkov places at line 0', async () => {
    expect(findingsOf(await parseFile(corpus('checkov-report-multiple-check_type.json')))[11]?.line).toBeNull();
  });

  it.each([
    ['MEDIUM', corpus('checkov-report-severity.json'), 0, 'medium'],
    ['LOW', corpus('checkov-report-severity.json'), 2, 'low'],
    ['HIGH', corpus('checkov-report-severity.json'), 3, 'high'],
    ['null (no Prisma Cloud key), as Medium like DefectDojo', corpus('checkov-report-multiple-check_type.json'), 5, 'medium'],
    ['null on an SCA check, from its CVSS score', fixture('multi-framework-fabricated.json'), 2, 'critical'],
  ])('maps the severity %s', async (_what, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('skips a severity word it does not know, naming the check and where it is', async () => {
    expect(skipsOf(await parseFile(fixture('multi-framework-fabricated.json')))).toContainEqual({
      kind: 'skip',
      reason: 'check CKV_AWS_18 has an unknown severity "SEVERE"',
      place: { jsonPath: '$[0].results.failed_checks[1]' },
    });
  });

  it('ignores passed checks and reports skipped ones as skips with their suppression comment', async () => {
    const items = await parseFile(fixture('multi-framework-fabricated.json'));
    expect(findingsOf(items).map((f) => f.ruleId)).toEqual(['CKV_AWS_19', 'CKV_SECRET_2', 'CKV_CVE_2022_28346']);
    expect(skipsOf(items)).toContainEqual({
      kind: 'skip',
      reason: 'check CKV_AWS_144 on aws_s3_bucket.reports was skipped in the code: single-region by design',
      place: { jsonPath: '$[0].results.skipped_checks[0]' },
    });
  });

  it('files secrets and SCA checks under their own categories, an SCA check with its package and advisory', async () => {
    const [iac, secret, sca] = findingsOf(await parseFile(fixture('multi-framework-fabricated.json')));
    expect(iac?.category).toBeUndefined();
    expect(secret).toMatchObject({
      category: 'secrets',
      title: 'AWS Access Key',
      file: '/config/settings.py',
      line: 3,
      component: { name: null, version: null },
    });
    expect(sca).toMatchObject({
      category: 'sca',
      ruleId: 'CKV_CVE_2022_28346',
      vulnerabilityIds: ['CVE-2022-28346'],
      component: { name: 'django', version: '2.2.27' },
      fixVersion: '2.2.28',
      line: null,
    });
  });

  it('never yields the code block, where the secret of a secrets check is, nor the unkeyed hash Checkov names it by', async () => {
    const serialized = JSON.stringify(await parseFile(fixture('multi-framework-fabricated.json')));
    for (const text of ['AKIAQ7EXAMPLE4Z2RTVW', '25910f981e85ca04baf359199dd0bd4a3ae738b6']) expect(serialized).not.toContain(text);
  });
});

describe('scan header', () => {
  it.each([
    ['a single-framework report', corpus('checkov-report-severity.json'), streams('iac')],
    ['a multi-framework report', corpus('checkov-report-multiple-check_type.json'), streams('iac')],
    ['a report with IaC, secrets and SCA blocks', fixture('multi-framework-fabricated.json'), streams('iac', 'secrets', 'sca')],
    ['an empty report', corpus('checkov-report-0-vuln.json'), streams('iac')],
    ['a summary-only report', corpus('checkov2-report-0-vuln.json'), streams('iac')],
  ])('describes %s, covering the streams of its frameworks', async (_what, path, covers) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual({ kind: 'scan', tool: 'checkov', category: 'iac', scannedAt: null, covers });
    expect(headersOf(items)).toHaveLength(1);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['failed_checks that is not an array', 'invalid/failed-checks-not-array.json', /at \$\.results\.failed_checks\b/],
    ['a line range of strings, in the second block', 'invalid/line-range-of-strings.json', /at \$\[1\]\.results\.failed_checks\[0\]\.file_line_range\[0\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Checkov');
    expect((error as InputError).message).toMatch(place);
  });

  it('rejects a JSON value that is not a report', async () => {
    await expect(parseText('n.json', '42')).rejects.toThrow(/n\.json: invalid Checkov JSON input \(at \$\)/);
  });
});

describe('fingerprints', () => {
  const files = [...readdirSync(CORPUS).map(corpus), fixture('multi-framework-fabricated.json')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('do not move when the resource moves to other lines', async () => {
    const text = JSON.stringify({
      check_type: 'terraform',
      results: {
        failed_checks: [{ check_id: 'CKV_AWS_19', check_name: 'x', file_path: '/s.tf', file_line_range: [1, 12], resource: 'aws_s3_bucket.reports' }],
      },
    });
    const [before, after] = await Promise.all([parseText('a.json', text), parseText('b.json', text.replace('[1,12]', '[40,51]'))]);
    expect(findingsOf(after)[0]?.line).toBe(40);
    expect(findingsOf(after)[0]?.fingerprint).toBe(findingsOf(before)[0]?.fingerprint);
  });
});
