import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, SkipItem } from '../types.js';
import { gitleaksImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'gitleaks');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of gitleaksImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    {
      what: 'a Gitleaks 8 report',
      path: 'report.json',
      head: '[\n {\n  "RuleID": "github-pat",\n  "Description": "GitHub",\n  "StartLine": 4,\n  "Match": "x",\n  "Secret": "x",',
      score: 95,
    },
    {
      what: 'a Gitleaks 7 report',
      path: 'report.json',
      head: '[\n  {\n   "line": "x",\n   "offender": "x",\n   "rule": "Github",\n   "commitMessage": "x",',
      score: 95,
    },
    { what: 'an empty report named after Gitleaks (null from 7)', path: 'out/gitleaks-report.json', head: 'null\n', score: 50 },
    { what: 'an empty report named after Gitleaks ([] from 8)', path: 'gitleaks.json', head: '[]', score: 50 },
    { what: 'an empty report of no named tool', path: 'report.json', head: 'null', score: 0 },
    {
      what: 'a Gitleaks SARIF log',
      path: 'gitleaks.sarif',
      head: '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"results": [{"properties": {"offender": "x", "commitMessage": "y"}}]}]}',
      score: 0,
    },
    {
      what: 'a Trivy report with secrets',
      path: 'trivy.json',
      head: '{"SchemaVersion": 2, "Results": [{"Secrets": [{"RuleID": "aws-access-key-id", "StartLine": 3, "Match": "x"}]}]}',
      score: 0,
    },
  ])('scores $what as $score', ({ path, head, score }) => {
    expect(gitleaksImporter.detect({ path, head })).toBe(score);
  });
});

describe('Gitleaks 8', () => {
  it('maps a finding as DefectDojo titles it, with its rule, file, line and secret hash', async () => {
    expect(findingsOf(await parseFile(corpus('gitleaks8_many.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'Hard coded AWS found in /conf/aws.tf',
      ruleId: 'aws-access-token',
      vulnerabilityIds: [],
      cwes: [798],
      file: '/conf/aws.tf',
      line: 2,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: 'Rule: AWS (aws-access-token)\nCommit: 74d53286c550630f80847d37f68aa3065554ac813544072ccd1278da71fafe31\nCommit date: 2021-10-14T17:05:15Z',
      falsePositive: false,
      exploitAvailable: false,
      secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'sec…(15 chars)' },
      occurrences: 2,
    });
  });

  it('merges one secret found again in later commits on the same line (title + secret + line, as DefectDojo)', async () => {
    const findings = findingsOf(await parseFile(fixture('gitleaks-8-links-fabricated.json')));
    expect(findings.map((f) => [f.ruleId, f.line, f.occurrences])).toEqual([
      ['github-pat', 4, 2],
      ['github-pat', 9, 1],
      ['slack-webhook-url', 2, 1],
    ]);
  });

  it('keeps no secret for a report written with --redact', async () => {
    const slack = findingsOf(await parseFile(fixture('gitleaks-8-links-fabricated.json')))[2];
    expect(slack?.title).toBe('Hard coded Slack Webhook found in ops/notify.env');
    expect(slack?.secret).toBeUndefined();
  });

  it('skips records without a file or a rule, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('gitleaks-8-links-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'finding without File', place: { jsonPath: '$[4]' } },
      { kind: 'skip', reason: 'neither a Gitleaks 7 leak (rule) nor a Gitleaks 8 finding (Description, RuleID)', place: { jsonPath: '$[5]' } },
    ]);
  });
});

describe('Gitleaks 7 and earlier', () => {
  it('maps a leak as DefectDojo titles it and grades it (code-host and cloud tokens critical)', async () => {
    const findings = findingsOf(await parseFile(corpus('data_many.json')));
    expect(findings.map((f) => [f.title, f.severity, f.ruleId, f.file, f.line])).toEqual([
      ['Hard Coded Github', 'critical', 'Github', '.bashrc', null],
      ['Hard Coded MailChimp API key', 'high', 'MailChimp API key', '.bashrc', null],
    ]);
  });

  it('merges leaks on offender, file and line, keeping the first (as DefectDojo), counting the others', async () => {
    const findings = findingsOf(await parseFile(corpus('version_7.5.0.json')));
    expect(findings.map((f) => [f.file?.split('/').pop(), f.line, f.occurrences])).toEqual([
      ['gitlab_secret_detection_report_1_vuln.json', 13, 2],
      ['gitlab_secret_detection_report_3_vuln.json', 13, 2],
      ['gitlab_secret_detection_report_3_vuln.json', 44, 2],
      ['test_gitlab_secret_detection_report_parser.py', 37, 2],
    ]);
    expect(findings[0]?.description).toContain('Commit: 6d127980966808f7413935678e079dcd7fedf9c2');
  });
});

describe('secrets', () => {
  it.each([
    [
      'Gitleaks 8 (Secret, Match, and a commit message that repeats the secret)',
      fixture('gitleaks-8-links-fabricated.json'),
      ['ghp_Xr7Lm2Qv9Tz4Kb8Nw1Hd5Fs3Jc6Pa0Ye2Ug', 'Pm4Rt8Wx2Zc6Vb0Nq3Ls7'],
    ],
    [
      'Gitleaks 7 (offender, line, and a commit message that repeats the secret)',
      fixture('gitleaks-7-repo-fabricated.json'),
      ['Wk8Rp3Zt6Yn1Qm5Xv9Lc2Hb7Dj4Fs0Ga3Ue6Ko8', 'Tr5Yh9Uj3Ik7Ol1Pm4Nb'],
    ],
    ['the corpus Gitleaks 8 report', corpus('gitleaks8_many.json'), ['secretAWSsecret', 'dfjksdjfs3294dfjlsdaf213', 'BEGIN RSA PRIVATE KEY']],
    ['the corpus Gitleaks 7.5 report', corpus('version_7.5.0.json'), ['AKIAIOSFODNN7EXAMPLE', 'BEGIN OPENSSH PRIVATE KEY']],
  ])('are never yielded from %s, only their keyed hash', async (_what, path, secrets) => {
    const items = await parseFile(path);
    const serialized = JSON.stringify(items);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    for (const f of findingsOf(items)) expect(f.secret?.hash ?? 'redacted by gitleaks').toMatch(/^([0-9a-f]{64}|redacted by gitleaks)$/);
  });

  it('leave out commit messages and authors', async () => {
    const serialized = JSON.stringify(await parseFile(fixture('gitleaks-8-links-fabricated.json')));
    for (const text of ['release job', 'Dana Developer', 'dana@acme.example']) expect(serialized).not.toContain(text);
  });

  it('fingerprint a secret by its keyed hash: another value at the same place is another finding', async () => {
    const original = readFileSync(corpus('gitleaks8_many.json'), 'utf8');
    const [a, b] = await Promise.all([
      parseText('a.json', original),
      parseText('b.json', original.replaceAll('dfjksdjfs3294dfjlsdaf213', 'Lk3Jh7Gf1Ds5Ap9Qw2Er6T')),
    ]);
    expect(findingsOf(b)[2]?.fingerprint).not.toBe(findingsOf(a)[2]?.fingerprint);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});

describe('scan header', () => {
  const header = (repos?: string[]): unknown => ({
    kind: 'scan',
    tool: 'gitleaks',
    category: 'secrets',
    scannedAt: null,
    ...(repos ? { target: { repos } } : {}),
    covers: [{ tool: 'gitleaks', category: 'secrets' }],
  });

  it.each([
    ['a Gitleaks 8 report, with the repository its links name', fixture('gitleaks-8-links-fabricated.json'), header(['https://github.com/acme/payments'])],
    ['a Gitleaks 7 report, with its repoURL', fixture('gitleaks-7-repo-fabricated.json'), header(['https://gitlab.com/acme/ledger'])],
    ['a report of a local checkout (repo ".")', corpus('version_7.5.0.json'), header()],
    ['an empty report (null)', corpus('no_findings.json'), header()],
    ['an empty report ([])', fixture('gitleaks-8-empty.json'), header()],
  ])('describes %s, with no scan time (Gitleaks writes commit dates only)', async (_what, path, expected) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual(expected);
    expect(items.filter((i) => i.kind === 'scan')).toHaveLength(1);
  });

  it.each([
    ['GitLab', 'https://gitlab.com/acme/platform/ledger/-/blob/5b7d9f1a/.env#L3', 'https://gitlab.com/acme/platform/ledger'],
    ['Bitbucket', 'https://bitbucket.org/acme/ledger/src/5b7d9f1a/.env#lines-3', 'https://bitbucket.org/acme/ledger'],
  ])('reads the repository from a %s link', async (_host, link, repo) => {
    const report = [{ RuleID: 'generic-api-key', Description: 'Generic API Key', StartLine: 3, Secret: 'Qa1Ws2Ed3Rf4', File: '.env', Link: link }];
    expect((await parseText('gitleaks.json', JSON.stringify(report)))[0]).toMatchObject({ target: { repos: [repo] } });
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['a StartLine that is not an integer', 'invalid/start-line-not-integer.json', /at \$\[1\]\.StartLine/],
    ['a leak that is not an object', 'invalid/leak-not-object.json', /at \$\[1\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Gitleaks');
    expect((error as InputError).message).toMatch(place);
  });

  it.each([
    ['an object', '{"findings": []}', /at \$\)/],
    ['a list none of whose records is Gitleaks', '[{"id": 1, "title": "x"}]', /at \$\[0\]\): neither a Gitleaks 7 leak/],
  ])('rejects %s: another format, not an empty scan', async (_what, text, place) => {
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

  it('do not move when the secret shifts to another line', async () => {
    const original = readFileSync(corpus('gitleaks8_many.json'), 'utf8');
    const shifted = original.replace('"StartLine": 21,\n  "EndLine": 21', '"StartLine": 25,\n  "EndLine": 25');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', shifted)]);
    expect(findingsOf(b)[2]?.line).toBe(25);
    expect(findingsOf(b)[2]?.fingerprint).toBe(findingsOf(a)[2]?.fingerprint);
  });
});
