import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { expectInputError, expectStableDistinctFingerprints, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { defectdojoFindingsImporter } from './index.js';

const FIXTURE = new URL('./fixtures/findings-page-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(defectdojoFindingsImporter);

describe('detect', () => {
  it.each([
    [
      'a findings page',
      '{"count": 2, "next": null, "previous": null, "results": [{"id": 1, "title": "x", "false_p": false, "numerical_severity": "S1", "hash_code": "a"',
      95,
    ],
    ['an empty findings page', '{"count": 0, "next": null, "previous": null, "results": []}', 40],
    ['the results saved alone', '[{"id": 1, "false_p": false, "is_mitigated": false, "numerical_severity": "S1"', 85],
    ['DefectDojo generic findings', '{"findings": [{"title": "x", "severity": "High", "false_p": false}]}', 0],
  ])('scores %s as %i', (_what, head, score) => {
    expect(defectdojoFindingsImporter.detect({ path: 'findings.json', head })).toBe(score);
  });
});

describe('findings', () => {
  it('maps a finding with its ids, CWE, component, fix and the product it belongs to', async () => {
    expect(findingsOf(await parseFile(FIXTURE))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'CVE-2023-5363 openssl 3.0.11-1~deb12u1',
      ruleId: 'CVE-2023-5363',
      vulnerabilityIds: ['CVE-2023-5363', 'GHSA-xw78-pcr6-wrg8'],
      cwes: [787],
      file: 'usr/lib/x86_64-linux-gnu/libssl.so.3',
      line: null,
      component: { name: 'openssl', version: '3.0.11-1~deb12u1' },
      fixVersion: '3.0.11-1~deb12u2',
      fixAvailableAt: null,
      description: expect.stringContaining('Found by: Trivy Scan'),
      falsePositive: false,
      exploitAvailable: false,
      category: 'sca',
      target: { repos: ['https://github.com/acme/payments-api', 'payments-api'] },
      occurrences: 1,
      toolOpenedAt: parseTimestamp('2024-03-01'),
      toolFixedAt: null,
    });
  });

  it.each([
    [
      'a mitigated finding is a fix at its mitigation time, open since its date (not a false positive)',
      1,
      {
        falsePositive: false,
        toolOpenedAt: parseTimestamp('2024-02-10'),
        toolFixedAt: parseTimestamp('2024-02-20T14:00:00Z'),
        category: 'sast',
        line: 118,
        occurrences: 2,
      },
    ],
    ['a false positive is not live', 2, { falsePositive: true, toolFixedAt: null, category: 'dast' }],
  ])('%s', async (_what, index, expected) => {
    expect(findingsOf(await parseFile(FIXTURE))[index]).toMatchObject(expected);
  });

  it.each([
    ['mitigated without a mitigation date: no time to fix it at, so kept as not live', { is_mitigated: true, mitigated: null }, true, null],
    ['mitigated and a false positive: a false positive', { is_mitigated: true, mitigated: '2024-02-20T14:00:00Z', false_p: true }, true, 1708437600000],
    ['inactive and not mitigated: not live', { active: false }, true, null],
    ['risk accepted: not live', { risk_accepted: true }, true, null],
  ])('%s', async (_what, flags, falsePositive, toolFixedAt) => {
    const finding = { id: 7, title: 'x', severity: 'High', date: '2024-02-10', active: true, false_p: false, is_mitigated: false, ...flags };
    const [f] = findingsOf(await parseText('f.json', JSON.stringify({ count: 1, next: null, results: [finding] })));
    expect([f!.falsePositive, f!.toolFixedAt]).toEqual([falsePositive, toolFixedAt]);
  });

  it('skips duplicates and unknown severities, naming where they are', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([
      { kind: 'skip', reason: 'finding 1044 is a duplicate of finding 1041', place: { jsonPath: '$.results[3]' } },
      { kind: 'skip', reason: 'finding "Legacy finding" has an unknown severity "S5"', place: { jsonPath: '$.results[4]' } },
    ]);
  });

  it('gives each product and category its own snapshot header', async () => {
    expect(headersOf(await parseFile(FIXTURE)).map((h) => [h.category, h.target?.repos?.[1] ?? null])).toEqual([
      ['sca', 'payments-api'],
      ['sast', 'payments-api'],
      ['dast', null],
    ]);
  });

  it('says when the file is one page of several', async () => {
    const items = await parseText(
      'page1.json',
      '{"count": 250, "next": "https://dojo.example.com/api/v2/findings/?limit=100&offset=100", "previous": null, "results": []}',
    );
    expect(skipsOf(items)).toEqual([
      {
        kind: 'skip',
        reason:
          'this page holds 0 of 250 findings: the other pages (next: https://dojo.example.com/api/v2/findings/?limit=100&offset=100) are not in this file; import every page, or this one with --partial',
        place: { jsonPath: '$.next' },
      },
    ]);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '{"count": 1, "results": [', /line 1, column \d+/],
    ['a page without results', '{"count": 1}', /at \$\.results/],
    ['a finding without a title', '{"count": 1, "results": [{"severity": "High"}]}', /at \$\.results\[0\]\.title/],
    ['a line that is not a number', '[{"title": "x", "severity": "High", "line": "12"}]', /at \$\[0\]\.line/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'DefectDojo findings export', place);
  });
});

describe('fingerprints', () => {
  it('are stable and distinct', async () => {
    await expectStableDistinctFingerprints(parseFile, FIXTURE);
  });

  it("follow DefectDojo's finding id, not its wording", async () => {
    const [a, b] = await Promise.all([
      parseText('a.json', '[{"id": 7, "title": "Old title", "severity": "High"}]'),
      parseText('b.json', '[{"id": 7, "title": "New title", "severity": "High", "line": 3}]'),
    ]);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
