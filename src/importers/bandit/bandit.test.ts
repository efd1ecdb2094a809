import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseTimestamp } from '../../domain/time.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, SkipItem } from '../types.js';
import { banditImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => join(HERE, 'fixtures', name);
const corpus = (name: string): string => join(HERE, '..', 'fixtures', 'corpus', 'scans', 'bandit', name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of banditImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    {
      what: 'a report whose metrics come first',
      head: '{\n  "errors": [],\n  "generated_at": "2021-10-03T12:53:18Z",\n  "metrics": {\n    "_totals": {\n      "CONFIDENCE.UNDEFINED": 0.0,',
      score: 95,
    },
    {
      what: 'a report whose results come first',
      head: '{"results": [{"code": "1 import os\\n", "test_id": "B404", "issue_severity": "LOW", "issue_confidence": "HIGH"',
      score: 95,
    },
    {
      what: 'a report cut before its totals',
      head: '{"errors": [], "generated_at": "2021-10-03T12:53:18Z", "metrics": {"a.py": {"loc": 3}}, "results": [',
      score: 80,
    },
    { what: 'a Semgrep report', head: '{"results": [], "errors": []}', score: 0 },
    { what: 'a list', head: '[{"test_id": "B101", "issue_severity": "LOW", "issue_confidence": "HIGH"}]', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(banditImporter.detect({ path: 'report.json', head })).toBe(score);
  });
});

describe('results', () => {
  it('maps a result as DefectDojo does: issue text as title, test_name:test_id as rule', async () => {
    expect(findingsOf(await parseFile(corpus('dd2.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'low',
      title: 'Try, Except, Pass detected.',
      ruleId: 'try_except_pass:B110',
      vulnerabilityIds: [],
      cwes: [],
      file: 'dojo/benchmark/views.py',
      line: 27,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Confidence: HIGH\n\nMore information: https://bandit.readthedocs.io/en/latest/plugins/b110_try_except_pass.html'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('keeps one finding per result, as DefectDojo counts them', async () => {
    for (const [name, count] of [
      ['dd2.json', 165],
      ['many_vulns.json', 214],
      ['no_vuln.json', 0],
    ] as const) {
      expect(findingsOf(await parseFile(corpus(name))), name).toHaveLength(count);
    }
  });

  it.each([
    ['HIGH', 2, 'high'],
    ['LOW', 0, 'low'],
    ['UNDEFINED (a plugin that set none)', 3, 'info'],
  ])("maps Bandit's %s to its severity", async (_word, index, severity) => {
    expect(findingsOf(await parseFile(fixture('bandit-1.7-fabricated.json')))[index]?.severity).toBe(severity);
  });

  it('reads the CWE Bandit 1.7.5 adds', async () => {
    expect(findingsOf(await parseFile(fixture('bandit-1.7-fabricated.json'))).map((f) => f.cwes)).toEqual([[259], [259], [78], [502]]);
  });

  it('skips results without a test id or a known severity, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('bandit-1.7-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'result B101 has an unknown issue_severity "SEVERE"', place: { jsonPath: '$.results[4]' } },
      { kind: 'skip', reason: 'result without test_id', place: { jsonPath: '$.results[5]' } },
    ]);
  });
});

describe('hard-coded passwords (B105, B106, B107)', () => {
  const PASSWORDS = ['Zq8vR2mK9pLxWt4s', 'Hn2Ty7Kd5Ws9Qp3V'];

  it('keeps only the keyed hash of the password: the title quotes it and the code holds it', async () => {
    const items = await parseFile(fixture('bandit-1.7-fabricated.json'));
    const serialized = JSON.stringify(items);
    for (const password of PASSWORDS) expect(serialized).not.toContain(password);
    const [b105, b106] = findingsOf(items);
    expect(b105).toMatchObject({
      title: "Possible hardcoded password: '[redacted]'",
      ruleId: 'hardcoded_password_string:B105',
      secret: { preview: 'Zq8…(16 chars)' },
    });
    expect(b106?.secret?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b106?.description).not.toContain('```');
  });

  it('fingerprints a password by its keyed hash: another password on the same line is another finding', async () => {
    const original = readFileSync(fixture('bandit-1.7-fabricated.json'), 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replaceAll(PASSWORDS[0]!, 'Vb6Nc1Xz0Lk4Jh8G'))]);
    expect(findingsOf(b)[0]?.fingerprint).not.toBe(findingsOf(a)[0]?.fingerprint);
    expect(findingsOf(b)[1]?.fingerprint).toBe(findingsOf(a)[1]?.fingerprint);
  });
});

describe('scan header', () => {
  it.each([
    ['dd2.json', parseTimestamp('2021-10-03T12:53:18Z')],
    ['no_vuln.json', parseTimestamp('2020-12-30T10:02:42Z')],
  ])('describes the SAST scan of %s at its generated_at', async (name, scannedAt) => {
    const items = await parseFile(corpus(name));
    expect(items[0]).toEqual({
      kind: 'scan',
      tool: 'bandit',
      category: 'sast',
      scannedAt,
      scannedAtPlace: { jsonPath: '$.generated_at' },
      covers: [{ tool: 'bandit', category: 'sast' }],
    });
    expect(items.filter((i) => i.kind === 'scan')).toHaveLength(1);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['results that is not an array', 'invalid/results-not-array.json', /at \$\.results\b/],
    ['a line number that is not an integer', 'invalid/line-number-not-integer.json', /at \$\.results\[1\]\.line_number/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Bandit');
    expect((error as InputError).message).toMatch(place);
  });
});

describe('fingerprints', () => {
  /** Files whose findings share fingerprints, with the number of distinct ones and why. */
  const BOTH_CONCATENATIONS =
    'Bandit (before 1.7.3, without columns) reports B608 twice, identical in every field, for the two string concatenations of one line of migrate_surveys.py: one exposure; DefectDojo also keeps both';
  const SHARED: Readonly<Record<string, { distinct: number; why: string }>> = {
    'dd2.json': { distinct: 164, why: BOTH_CONCATENATIONS },
    'many_vulns.json': { distinct: 213, why: BOTH_CONCATENATIONS },
  };
  it.each(['dd2.json', 'many_vulns.json', 'bandit-1.7-fabricated.json'].map((n) => [n, n.includes('fabricated') ? fixture(n) : corpus(n)]))(
    'are stable across parses and distinct within %s',
    async (name, path) => {
      const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
      const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
      expect(second).toEqual(first);
      expect(new Set(first).size).toBe(SHARED[name]?.distinct ?? first.length);
    },
  );

  it('do not move when code above the result shifts its line', async () => {
    const original = readFileSync(fixture('bandit-1.7-fabricated.json'), 'utf8');
    const shifted = original
      .replace(
        '"57     cmd = f\\"pg_dump {db}\\"\\n58     subprocess.call(cmd, shell=True)\\n59 \\n"',
        '"61     cmd = f\\"pg_dump {db}\\"\\n62     subprocess.call(cmd, shell=True)\\n63 \\n"',
      )
      .replace('"line_number": 58', '"line_number": 62');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', shifted)]);
    expect(findingsOf(b)[2]?.line).toBe(62);
    expect(findingsOf(b)[2]?.fingerprint).toBe(findingsOf(a)[2]?.fingerprint);
  });
});
