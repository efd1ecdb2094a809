import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseTimestamp } from '../../domain/time.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, ScanHeader, SkipItem } from '../types.js';
import { kicsImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'kics');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of kicsImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    { what: 'a KICS 1.x report', head: '{\n\t"files_scanned": 15,\n\t"queries_total": 834,\n\t"queries": [\n\t\t{\n\t\t\t"query_name": "Passwords', score: 90 },
    { what: 'a KICS 2 report', head: '{"kics_version": "v2.1.3", "files_scanned": 3, "queries": [', score: 90 },
    { what: 'a KICS 2 report without queries', head: '{"kics_version": "v2.1.3", "files_scanned": 0}', score: 90 },
    { what: 'another tool with queries', head: '{"queries": [{"id": 1, "sql": "select 1"}]}', score: 0 },
    { what: 'a Checkov report', head: '{"check_type": "terraform", "results": {"failed_checks": []}}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(kicsImporter.detect({ path: 'results.json', head })).toBe(score);
  });

  it('recognises the KICS sample of the corpus', async () => {
    for (const name of readdirSync(CORPUS)) expect(kicsImporter.detect(await fileSource(corpus(name))), name).toBe(90);
  });
});

describe('results', () => {
  it('maps a result as DefectDojo does: "<category>: <query>" title, platform as component, file and line', async () => {
    expect(findingsOf(await parseFile(corpus('many_findings.json')))[1]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'Access Control: S3 Bucket Access to Any Principal',
      ruleId: '7af43613-6bb9-4a0e-8c4d-1314b799425e',
      vulnerabilityIds: [],
      cwes: [],
      file: 'test/charts/example/terraform/s3.tf',
      line: 36,
      component: { name: 'Terraform', version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Expected: aws_s3_bucket_policy[this].policy.Principal is not equal to, nor does it contain'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('keeps apart results at one line that expect different values, as DefectDojo does', async () => {
    const findings = findingsOf(await parseFile(corpus('many_findings.json')));
    expect(findings).toHaveLength(18);
    expect(findings.filter((f) => f.title === 'Access Control: RBAC Wildcard In Rule').map((f) => f.line)).toEqual([20, 20, 20, 20]);
  });

  it('merges the same result reported twice at one place', async () => {
    const findings = findingsOf(await parseFile(fixture('kics-2-fabricated.json')));
    expect(findings.map((f) => [f.title, f.occurrences])).toEqual([
      ['Secret Management: Passwords And Secrets - Generic Password', 1],
      ['Insecure Configurations: Healthcheck Instruction Missing', 2],
      ["Best Practices: Image Version Using 'latest'", 1],
    ]);
  });

  it.each([
    ['CRITICAL', 0, 'critical'],
    ['MEDIUM', 1, 'medium'],
    ['TRACE, below INFO', 2, 'info'],
  ])('maps the severity %s', async (_word, index, severity) => {
    expect(findingsOf(await parseFile(fixture('kics-2-fabricated.json')))[index]?.severity).toBe(severity);
  });

  it("reads KICS 2's CWE", async () => {
    expect(findingsOf(await parseFile(fixture('kics-2-fabricated.json'))).map((f) => f.cwes)).toEqual([[798], [710], []]);
  });

  it('skips a query with an unknown severity and a result without a file, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('kics-2-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'result of query b03a748a-542d-44f4-bb86-9199ab4fd2d5 without a file_name', place: { jsonPath: '$.queries[1].files[2]' } },
      { kind: 'skip', reason: 'query b84a0b47-2e99-4c9f-8933-98bcabe2b94d has an unknown severity "URGENT"', place: { jsonPath: '$.queries[3]' } },
    ]);
  });

  it('keeps only the keyed hash of a password a secrets query found', async () => {
    const items = await parseFile(fixture('kics-2-fabricated.json'));
    expect(JSON.stringify(items)).not.toContain('Zq8#vLm2!pR7wT4x');
    expect(findingsOf(items)[0]?.secret).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'Zq8…(16 chars)' });
  });
});

describe('scan header', () => {
  it.each([
    ['KICS 1.x without a start time', corpus('many_findings.json'), { scannedAt: null }],
    [
      'KICS 2 with its start time',
      fixture('kics-2-fabricated.json'),
      { scannedAt: parseTimestamp('2024-05-21T07:14:03.516723Z'), scannedAtPlace: { jsonPath: '$.start' } },
    ],
  ])('describes %s', async (_what, path, time) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual({ kind: 'scan', tool: 'kics', category: 'iac', ...time, covers: [{ tool: 'kics', category: 'iac' }] });
    expect(headersOf(items)).toHaveLength(1);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['a report without queries, as DefectDojo rejects it', 'invalid/queries-missing.json', /at \$\.queries\b/],
    ['a line that is not a number', 'invalid/line-not-integer.json', /at \$\.queries\[0\]\.files\[0\]\.line\b/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('KICS');
    expect((error as InputError).message).toMatch(place);
  });
});

describe('fingerprints', () => {
  const files = [corpus('many_findings.json'), fixture('kics-2-fabricated.json')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('do not move when the resource moves to other lines', async () => {
    const original = readFileSync(corpus('many_findings.json'), 'utf8');
    const [before, after] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replace('"line": 36', '"line": 52'))]);
    expect(findingsOf(after)[1]?.line).toBe(52);
    expect(findingsOf(after)[1]?.fingerprint).toBe(findingsOf(before)[1]?.fingerprint);
  });
});
