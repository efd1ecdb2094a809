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
import { prowlerImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'aws_prowler_v3plus');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of prowlerImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));
const CSPM = [{ tool: 'prowler', category: 'cspm' }];

describe('detect', () => {
  it.each([
    {
      what: 'Prowler 3 JSON',
      path: 'out.json',
      head: '[{\n    "AssessmentStartTime": "2023-04-25T23:49:42.744599",\n    "FindingUniqueId": "prowler-aws-acm',
      score: 90,
    },
    {
      what: 'Prowler 4 OCSF',
      path: 'out.json',
      head: '[{"metadata": {"event_code": "iam_root_mfa_enabled", "product": {"name": "Prowler", "vendor_name": "Prowler"}}, "status_code": "FAIL", "finding_info": {',
      score: 90,
    },
    {
      what: 'OCSF findings of another product',
      path: 'out.json',
      head: '[{"metadata": {"product": {"name": "Other"}}, "status_code": "FAIL", "finding_info": {}}]',
      score: 0,
    },
    { what: 'an empty OCSF output, by its name', path: 'prowler-output-123456789012-20240603.ocsf.json', head: '[]', score: 40 },
    { what: 'an empty list of another name', path: 'out.json', head: '[]', score: 0 },
    { what: 'a Trivy legacy list', path: 'out.json', head: '[{"Target": "alpine:3.10 (alpine 3.10.2)", "Vulnerabilities": []}]', score: 0 },
  ])('scores $what as $score', ({ path, head, score }) => {
    expect(prowlerImporter.detect({ path, head })).toBe(score);
  });

  it('recognises every Prowler sample of the corpus', async () => {
    for (const name of readdirSync(CORPUS)) expect(prowlerImporter.detect(await fileSource(corpus(name))), name).toBe(name === 'no_vuln.ocsf.json' ? 40 : 90);
  });
});

describe('check results', () => {
  it('maps a Prowler 3 FAIL result: status text as title (as DefectDojo), check id, resource ARN as component', async () => {
    expect(findingsOf(await parseFile(corpus('one_vuln.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'ACM Certificate for api.sandbox.partner.teste.com is about to expire in 7 days.',
      ruleId: 'acm_certificates_expiration_check',
      vulnerabilityIds: [],
      cwes: [],
      file: null,
      line: null,
      component: { name: 'arn:aws:acm:us-east-1:999999999999:certificate/ffffffff-0000-0000-0000-000000000000', version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Risk: Expired certificates can impact service availability.'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('maps a Prowler 4 OCSF FAIL result the same way', async () => {
    expect(findingsOf(await parseFile(corpus('one_vuln.ocsf.json')))[0]).toMatchObject({
      severity: 'high',
      title: 'IAM Role myAdministratorExecutionRole has AdministratorAccess policy attached that has too permissive trust relationship.',
      ruleId: 'iam_role_administratoraccess_policy_permissive_trust_relationship',
      component: { name: 'arn:aws:iam::123456789012:role/myAdministratorExecutionRole', version: null },
    });
  });

  it('names a resource without an ARN by provider, account, region and id, as DefectDojo does', async () => {
    expect(findingsOf(await parseFile(corpus('many_vuln.json')))[1]?.component.name).toBe('aws-999999999999-us-east-1-999999999999');
  });

  it.each([
    ['high', corpus('many_vuln.json'), 0, 'high'],
    ['low', corpus('many_vuln.json'), 1, 'low'],
    ['medium', corpus('many_vuln.json'), 2, 'medium'],
    ['critical', fixture('multi-account-v3-fabricated.json'), 1, 'critical'],
  ])('maps the severity %s', async (_word, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('ignores PASS results, merges one uid reported twice, and skips muted results and unknown severities', async () => {
    const items = await parseFile(fixture('multi-account-v3-fabricated.json'));
    expect(findingsOf(items).map((f) => [f.ruleId, f.occurrences])).toEqual([
      ['s3_bucket_default_encryption', 2],
      ['iam_root_mfa_enabled', 1],
      ['account_security_contact_information_is_registered', 1],
    ]);
    expect(skipsOf(items)).toEqual([
      { kind: 'skip', reason: 'check ec2_ebs_default_encryption on 222222222222 failed but is muted in Prowler', place: { jsonPath: '$[4]' } },
      { kind: 'skip', reason: 'check guardduty_is_enabled on 222222222222 has an unknown severity "serious"', place: { jsonPath: '$[5]' } },
    ]);
  });

  it('drops the results Prowler 4 marks Suppressed (muted), as DefectDojo does', async () => {
    const items = await parseFile(corpus('many_vuln_after_4_5_0.ocsf.json'));
    expect(findingsOf(items)).toHaveLength(2);
    expect(skipsOf(items).map((s) => s.reason)).toEqual([
      'check iam_role_permissive_trust_relationship on arn:aws:iam::123456789012:role/CrossAccountResourceAccessRole failed but is muted in Prowler',
    ]);
  });

  it('shortens a long status text to 150 characters for the title, as DefectDojo does', async () => {
    const title = findingsOf(await parseFile(fixture('multi-account-v3-fabricated.json')))[2]?.title;
    expect(title).toBe(
      'Manual check: Login to the AWS Console. Choose your account name on the top right of the window -> My Account -> Alternate Contacts -> Security [...]',
    );
    expect(title!.length).toBeLessThanOrEqual(150);
  });
});

describe('scan header and accounts', () => {
  it.each([
    ['Prowler 3', corpus('many_vuln.json'), parseTimestamp('2023-04-25T23:49:42.744599'), '$[0].AssessmentStartTime', ['999999999999']],
    ['Prowler 4 OCSF', corpus('one_vuln.ocsf.json'), parseTimestamp('2024-06-03T14:15:19.382075'), '$[0].event_time', ['123456789012']],
  ])('describes a %s scan with its start time and its account as the service hint', async (_what, path, scannedAt, jsonPath, cloudAccounts) => {
    const items = await parseFile(path);
    expect(headersOf(items)).toEqual([
      { kind: 'scan', tool: 'prowler', category: 'cspm', scannedAt, scannedAtPlace: { jsonPath }, target: { cloudAccounts }, covers: CSPM },
    ]);
  });

  // ocsf-epoch-seconds-fabricated.json is the corpus file many_vuln_after_4_5_0.ocsf.json (DefectDojo's
  // test data: see the corpus README for its source and license) with its times written as later
  // Prowler versions write them (prowler/lib/outputs/ocsf/ocsf.py: `int(timestamp.timestamp())`).
  describe('Prowler 4.6+ OCSF times: epoch seconds in time and finding_info.created_time, ISO text beside them', () => {
    const epoch = (): Record<string, unknown>[] => JSON.parse(readFileSync(fixture('ocsf-epoch-seconds-fabricated.json'), 'utf8'));
    const scanOf = async (results: Record<string, unknown>[]) => headersOf(await parseText('p.ocsf.json', JSON.stringify(results)))[0]!;

    it('reads epoch seconds, the earliest result starting the scan', async () => {
      expect(await scanOf(epoch())).toMatchObject({
        scannedAt: 1_717_424_119_000,
        scannedAtPlace: { jsonPath: '$[0].time' },
        target: { cloudAccounts: ['123456789012'] },
      });
      expect(findingsOf(await parseFile(fixture('ocsf-epoch-seconds-fabricated.json')))).toHaveLength(
        findingsOf(await parseFile(corpus('many_vuln_after_4_5_0.ocsf.json'))).length,
      );
    });

    it('prefers the ISO text (time_dt, then finding_info.created_time_dt) to the number', async () => {
      const withText = epoch().map((r) => ({ ...r, time_dt: '2024-06-03T14:15:19.382075' }));
      expect(await scanOf(withText)).toMatchObject({ scannedAt: parseTimestamp('2024-06-03T14:15:19.382075'), scannedAtPlace: { jsonPath: '$[0].time_dt' } });
      const created = epoch().map(({ time: _t, ...r }) => ({
        ...r,
        finding_info: { ...(r['finding_info'] as object), created_time_dt: '2024-06-03T14:15:19Z' },
      }));
      expect(await scanOf(created)).toMatchObject({
        scannedAt: parseTimestamp('2024-06-03T14:15:19Z'),
        scannedAtPlace: { jsonPath: '$[0].finding_info.created_time_dt' },
      });
    });

    it('takes a number of 1e11 or more as milliseconds (OCSF’s unit)', async () => {
      expect(await scanOf(epoch().map((r) => ({ ...r, time: 1_717_424_119_382 })))).toMatchObject({ scannedAt: 1_717_424_119_382 });
    });

    it.each([1.5, 17, -1717424119, 1e14])('refuses the number %s at its place, guessing no unit', async (time) => {
      const error = await parseText('p.ocsf.json', JSON.stringify(epoch().map((r) => ({ ...r, time })))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/at \$\[0\]\.time\b.*expected epoch seconds \(or milliseconds\) or an ISO 8601 timestamp/);
    });
  });

  it('describes an empty result list as a snapshot of no account', async () => {
    expect(headersOf(await parseFile(corpus('no_vuln.ocsf.json')))).toEqual([
      { kind: 'scan', tool: 'prowler', category: 'cspm', scannedAt: null, covers: CSPM },
    ]);
  });

  it('snapshots each account of a multi-account scan and maps each finding to its account', async () => {
    const items = await parseFile(fixture('multi-account-v3-fabricated.json'));
    // The earliest result's time, the third result's.
    const scannedAt = parseTimestamp('2024-03-04T06:09:02.004611');
    const scannedAtPlace = { jsonPath: '$[2].AssessmentStartTime' };
    expect(headersOf(items)).toEqual([
      { kind: 'scan', tool: 'prowler', category: 'cspm', scannedAt, scannedAtPlace, target: { cloudAccounts: ['111111111111'] }, covers: CSPM },
      { kind: 'scan', tool: 'prowler', category: 'cspm', scannedAt, scannedAtPlace, target: { cloudAccounts: ['222222222222'] }, covers: CSPM },
    ]);
    expect(findingsOf(items).map((f) => f.target)).toEqual([
      { cloudAccounts: ['111111111111'] },
      { cloudAccounts: ['222222222222'] },
      { cloudAccounts: ['222222222222'] },
    ]);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['a single object instead of a list', 'invalid/not-a-list.json', /at \$\)/],
    ['a result without Status', 'invalid/status-missing.json', /at \$\[0\]\.Status\b/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Prowler');
    expect((error as InputError).message).toMatch(place);
  });
});

describe('fingerprints', () => {
  const files = [...readdirSync(CORPUS).map(corpus), fixture('multi-account-v3-fabricated.json')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it("follow Prowler's uid, not the status text, which changes from scan to scan", async () => {
    const original = readFileSync(corpus('one_vuln.json'), 'utf8');
    const [before, after] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replace('expire in 7 days', 'expire in 3 days'))]);
    expect(findingsOf(after)[0]?.title).toContain('3 days');
    expect(findingsOf(after)[0]?.fingerprint).toBe(findingsOf(before)[0]?.fingerprint);
  });
});
