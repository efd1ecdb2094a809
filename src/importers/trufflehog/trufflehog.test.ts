import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, SkipItem } from '../types.js';
import { trufflehogImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'trufflehog');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of trufflehogImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    {
      what: 'TruffleHog 3 JSON lines',
      head: '{"SourceMetadata":{"Data":{"Git":{"commit":"fbc1","file":"keys","line":4}}},"SourceID":0,"DetectorType":2,"DetectorName":"AWS",',
      score: 95,
    },
    {
      what: 'TruffleHog 2 JSON lines',
      head: '{"branch": "origin/dev", "commit": "x", "commitHash": "288f", "date": "2021-01-30 19:50:09", "diff": "", "path": "test_all.py", "printDiff": "", "reason": "Generic Secret", "stringsFound": [',
      score: 95,
    },
    {
      what: 'TruffleHog 3 results as a JSON array',
      head: '[{"SourceMetadata": {"Data": {"Filesystem": {"file": ".env"}}}, "DetectorName": "Github"}]',
      score: 95,
    },
    { what: 'a Gitleaks report', head: '[{"Description": "AWS", "StartLine": 2, "Secret": "x", "RuleID": "aws-access-token"}]', score: 0 },
    { what: 'log lines only', head: '{"level":"info-0","ts":"2024-06-03T12:00:01Z","logger":"trufflehog","msg":"finished scanning"}', score: 0 },
    { what: 'the banner TruffleHog prints', head: '🐷🔑🐷  TruffleHog. Unearth your secrets. 🐷🔑🐷', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(trufflehogImporter.detect({ path: 'trufflehog.json', head })).toBe(score);
  });
});

describe('TruffleHog 3', () => {
  it('maps a result as DefectDojo titles and grades it, with its file and line', async () => {
    expect(findingsOf(await parseFile(corpus('v3_git.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'critical',
      title: 'Hard Coded AWS secret in: keys',
      ruleId: 'AWS',
      vulnerabilityIds: [],
      cwes: [798],
      file: 'keys',
      line: 4,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: [
        'Detector: AWS',
        'Verified: yes, the secret is live',
        'Source: trufflehog - git',
        'Repository: https://github.com/trufflesecurity/test_keys',
        'Commit: fbc14303ffbf8fb1c2c1914e8dda7d0121633aca',
        'Commit date: 2022-06-16 10:17:40 -0700 -0700',
      ].join('\n'),
      falsePositive: false,
      exploitAvailable: false,
      secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'QUt…(28 chars)' },
      occurrences: 1,
    });
  });

  it('merges a result printed twice (file + detector + line + commit + secret, as DefectDojo)', async () => {
    const findings = findingsOf(await parseFile(corpus('v3_git.json')));
    expect(findings.map((f) => [f.ruleId, f.line, f.occurrences])).toEqual([
      ['AWS', 4, 1],
      ['URI', 3, 2],
      ['PrivateKey', 1, 1],
    ]);
  });

  it.each([
    ['a verified secret', corpus('v3_git.json'), 2, 'critical'],
    ['an unverified token of a code host', fixture('v3-filesystem-fabricated.json'), 0, 'critical'],
    ['an unverified private key', fixture('v3-filesystem-fabricated.json'), 1, 'high'],
  ])('grades %s as DefectDojo does', async (_what, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('reads the filesystem source, skipping log lines and blank lines, and results without a detector', async () => {
    const items = await parseFile(fixture('v3-filesystem-fabricated.json'));
    expect(findingsOf(items).map((f) => [f.title, f.file, f.line])).toEqual([
      ['Hard Coded Github secret in: services/ledger/.env', 'services/ledger/.env', 3],
      ['Hard Coded PrivateKey secret in: services/ledger/deploy/key.pem', 'services/ledger/deploy/key.pem', 1],
      ['Hard Coded Postgres secret in: services/ledger/config.yml', 'services/ledger/config.yml', 12],
    ]);
    expect(skipsOf(items)).toEqual([
      { kind: 'skip', reason: 'a TruffleHog log line, not a finding', place: { line: 2 } },
      { kind: 'skip', reason: 'result without a DetectorName', place: { line: 6 } },
    ]);
  });

  it('reads the same results written as a JSON array', async () => {
    const items = await parseFile(fixture('v3-github-array-fabricated.json'));
    expect(findingsOf(items).map((f) => [f.ruleId, f.file, f.line, f.severity])).toEqual([['AWS', 'ci/deploy.yml', 18, 'critical']]);
    expect(findingsOf(items)[0]?.description).toContain('Link: https://github.com/acme/payments/blob/4c2e8a1f/ci/deploy.yml#L18');
  });
});

describe('TruffleHog 2', () => {
  it('merges the commits that repeat a reason in a file into one finding, as DefectDojo does (64 lines, 18 findings)', async () => {
    const findings = findingsOf(await parseFile(corpus('v2_many_vulns.json')));
    expect(findings).toHaveLength(18);
    expect(findings.reduce((n, f) => n + f.occurrences, 0)).toBe(64);
    expect(findings[0]).toMatchObject({
      title: 'Hard Coded Generic Secret in: test_all.py',
      severity: 'medium',
      ruleId: 'Generic Secret',
      file: 'test_all.py',
      line: null,
      cwes: [798],
      occurrences: 6,
    });
  });

  it.each([
    ['High Entropy', 'info'],
    ['AWS API Key', 'critical'],
    ['Generic Secret', 'medium'],
    ['RSA private key', 'high'],
  ])('grades the reason %s as DefectDojo does', async (reason, severity) => {
    const record = { branch: 'main', commitHash: 'abc', date: '2021-01-30 19:50:09', path: 'a.py', reason, stringsFound: ['Qa1Ws2Ed3Rf4Tg5Yh6'] };
    expect(findingsOf(await parseText('th.json', JSON.stringify(record)))[0]?.severity).toBe(severity);
  });
});

describe('secrets', () => {
  it.each([
    [
      'TruffleHog 3 (Raw, RawV2, Redacted)',
      corpus('v3_git.json'),
      [
        'QUtJQVlWUDRDSVBQRVJVVklGWEc=',
        'AKIAYVP4CIPPERUVIFXG',
        'aHR0cHM6Ly9hZG1pbjphZG1pbkB0aGUtaW50ZXJuZXQuaGVyb2t1YXBwLmNvbS9iYXNpY19hdXRo',
        '*****:*****',
        'b3BlbnNzaC1rZXktdjEAAAAACmFl',
      ],
    ],
    [
      'TruffleHog 3 from the filesystem',
      fixture('v3-filesystem-fabricated.json'),
      ['ghp_Nv4Bc8Xz2Lk6Jh0Gf3Ds7Ap1Qw5Er9Ty2Ui', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE', 'Xq7Wn3Vb9Mc5Lz1Kp8Rt', 'Zz0Yy9Xx8Ww7'],
    ],
    ['TruffleHog 3 from GitHub', fixture('v3-github-array-fabricated.json'), ['AKIAQX7ZT3EXAMPLE4JD', 'k3Jd8Hs2Lq6Vn0Bx4Zc9Mw1Fy5Tr7Ge', '000000000000']],
    ['TruffleHog 2 (stringsFound, diff, printDiff)', corpus('v2_many_vulns.json'), ['BEGIN RSA PRIVATE KEY', 'BEGIN EC PRIVATE KEY', '@@ -']],
  ])('are never yielded from %s, only their keyed hash', async (_what, path, secrets) => {
    const items = await parseFile(path);
    const serialized = JSON.stringify(items);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    for (const f of findingsOf(items)) expect(f.secret?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hash RawV2 where Raw is empty', async () => {
    const postgres = findingsOf(await parseFile(fixture('v3-filesystem-fabricated.json')))[2];
    expect(postgres?.secret?.preview).toBe('pos…(62 chars)');
  });
});

describe('scan header', () => {
  const header = (repos?: string[]): unknown => ({
    kind: 'scan',
    tool: 'trufflehog',
    category: 'secrets',
    scannedAt: null,
    ...(repos ? { target: { repos } } : {}),
    covers: [{ tool: 'trufflehog', category: 'secrets' }],
  });

  it.each([
    ['a git scan, with its repository', corpus('v3_git.json'), header(['https://github.com/trufflesecurity/test_keys'])],
    ['a GitHub scan, with its repository', fixture('v3-github-array-fabricated.json'), header(['https://github.com/acme/payments.git'])],
    ['a filesystem scan', fixture('v3-filesystem-fabricated.json'), header()],
    ['a TruffleHog 2 scan', corpus('v2_many_vulns.json'), header()],
  ])('describes %s, with no scan time (TruffleHog writes commit times only)', async (_what, path, expected) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual(expected);
    expect(items.filter((i) => i.kind === 'scan')).toHaveLength(1);
  });

  it('reads an empty file (TruffleHog found nothing) as an empty scan', async () => {
    expect(await parseText('trufflehog.json', '\n')).toEqual([header()]);
  });
});

describe('invalid input', () => {
  it.each([
    ['a line of broken JSON', 'invalid/broken-line.json', /\(line 3, column \d+\): not valid JSON/],
    ['a field of the wrong type', 'invalid/verified-not-boolean.json', /\(line 2, at \$\.Verified\)/],
    ['TruffleHog 2 strings that are not a list', 'invalid/v2-strings-not-list.json', /\(line 2, at \$\.stringsFound\)/],
  ])('rejects %s naming the file, the format and the line', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('TruffleHog');
    expect((error as InputError).message).toMatch(place);
  });

  it.each([
    ['JSON lines none of which is TruffleHog', '{"id": 1}\n{"id": 2}\n', /\(line 1\): no TruffleHog result/],
    ['an array of records of the wrong type', '[{"SourceMetadata": {"Data": {}}, "DetectorName": 7}]', /\(at \$\[0\]\.DetectorName\)/],
    ['an array that is not closed', '[{"SourceMetadata": null', /line 1, column \d+/],
  ])('rejects %s', async (_what, text, place) => {
    await expect(parseText('other.json', text)).rejects.toThrow(place);
  });
});

describe('fingerprints', () => {
  /** Files whose findings share fingerprints, with the number of distinct ones and why. */
  const SHARED: Readonly<Record<string, { distinct: number; why: string }>> = {};
  const files = [
    ...readdirSync(CORPUS).map(corpus),
    ...readdirSync(FIXTURES)
      .filter((n) => n.endsWith('.json'))
      .map(fixture),
  ];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(SHARED[name]?.distinct ?? first.length);
  });

  it('do not tell one secret committed again at the same place from the first (one exposure)', async () => {
    const line = readFileSync(corpus('v3_git.json'), 'utf8').split('\n')[0]!;
    const again = line
      .replace('fbc14303ffbf8fb1c2c1914e8dda7d0121633aca', '0123456789abcdef0123456789abcdef01234567')
      .replace('2022-06-16 10:17:40', '2022-07-01 08:00:00');
    const findings = findingsOf(await parseText('th.json', `${line}\n${again}\n`));
    expect(findings).toHaveLength(2);
    expect(findings[1]?.fingerprint).toBe(findings[0]?.fingerprint);
  });

  it('do not move when the secret shifts to another line', async () => {
    const original = readFileSync(corpus('v3_git.json'), 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replace('"line":4', '"line":9'))]);
    expect(findingsOf(b)[0]?.line).toBe(9);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
