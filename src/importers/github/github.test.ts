import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { githubImporter } from './index.js';

const DEPENDABOT = corpusDir('github_vulnerability');
const SECRETS = corpusDir('github_secrets_detection_report');
const API = `${corpusDir('')}/../github-api`;
const SEARCH = new URL('./fixtures/graphql-search-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(githubImporter);

describe('detect', () => {
  it.each([
    ['a GraphQL export', 'x.json', '{\n  "data": {\n    "repository": {\n      "vulnerabilityAlerts": {', 95],
    [
      'a REST secret scanning list',
      'x.json',
      '[{"number": 2, "html_url": "https://github.com/o/r/security/secret-scanning/2", "state": "open", "secret_type": "x"',
      90,
    ],
    ['a REST code scanning list', 'x.json', '[{"number": 35, "html_url": "u", "state": "open", "rule": {"id": "py/x"}, "most_recent_instance": {}', 90],
    ['a REST Dependabot list', 'x.json', '[{"number": 1, "state": "open", "dependency": {}, "security_advisory": {}, "html_url": "u"', 90],
    ['an empty list named after secret scanning', 'github-secret-scanning.json', '[]', 50],
    ['an empty list named otherwise', 'report.json', '[]', 0],
  ])('scores %s as %i', (_what, path, head, score) => {
    expect(githubImporter.detect({ path, head })).toBe(score);
  });
});

describe('Dependabot (GraphQL)', () => {
  it('maps an alert as DefectDojo does: the advisory summary, its ids in order, the manifest, the CWE', async () => {
    expect(findingsOf(await parseFile(`${DEPENDABOT}/github_h2.json`))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'critical',
      title: 'RCE in H2 Console',
      ruleId: 'GHSA-h376-j262-vhq6',
      vulnerabilityIds: ['GHSA-h376-j262-vhq6', 'CVE-2021-42392'],
      cwes: [502],
      file: 'apache/cxf/syncope/cxf-syncope/pom.xml',
      line: null,
      component: { name: 'com.h2database:h2', version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringMatching(/^### Impact\nH2 Console/),
      exploitAvailable: false,
      tool: 'dependabot',
      category: 'sca',
      occurrences: 1,
      toolOpenedAt: parseTimestamp('2022-05-09T09:43:40Z'),
      falsePositive: false,
      toolFixedAt: null,
    });
  });

  it('reads the installed version from an exact requirement, and the first patched version', async () => {
    expect(findingsOf(await parseFile(`${DEPENDABOT}/github-vuln-version.json`))[0]).toMatchObject({
      component: { name: 'org.springframework:spring-web', version: '5.3.29' },
      fixVersion: '6.0.0',
    });
  });

  it('reads every repository of a search, merges repeated alert nodes, and keeps a fixed alert as a fix at its fix time', async () => {
    const items = await parseFile(SEARCH);
    expect(headersOf(items).map((h) => h.target)).toEqual([{ repos: ['github.com/acme/payments'] }]);
    const findings = findingsOf(items);
    expect(findings.map((f) => [f.fingerprint, f.falsePositive, f.toolFixedAt, f.component.version])).toEqual([
      ['github:github.com/acme/payments:dependabot:7', false, parseTimestamp('2024-02-09T17:30:00Z'), null],
    ]);
    expect(skipsOf(items)).toEqual([
      {
        kind: 'skip',
        reason: 'Dependabot alert "HTTP/2 rapid reset": unknown severity "SEVERE"',
        place: { jsonPath: '$.data.search.nodes[1].vulnerabilityAlerts.nodes[0]' },
      },
    ]);
  });
});

describe('REST lists', () => {
  it('maps a Dependabot alert with the repository its URL names, as the GitHub connector does', async () => {
    const items = await parseFile(`${API}/dependabot-alerts-repo.json`);
    expect(headersOf(items)).toEqual([
      {
        kind: 'scan',
        tool: 'dependabot',
        category: 'sca',
        scannedAt: null,
        target: { repos: ['github.com/coopernetes/pygithub'] },
        covers: [{ tool: 'dependabot', category: 'sca' }],
      },
    ]);
    expect(findingsOf(items)[0]).toMatchObject({
      fingerprint: 'github:github.com/coopernetes/pygithub:dependabot:1',
      vulnerabilityIds: ['GHSA-h5c8-rqwp-cp95', 'CVE-2024-22195'],
      component: { name: 'jinja2', version: null },
      file: 'requirements/docs.txt',
      // Dismissed as a tolerable risk: the vulnerability is still there, so, as the connector
      // reads it (alertOutcome), the finding stays open; neither fixed nor a false positive.
      falsePositive: false,
      toolFixedAt: null,
    });
  });

  it('gives each repository of an organization list its own snapshot', async () => {
    expect(headersOf(await parseFile(`${API}/dependabot-alerts-org.json`)).map((h) => h.target?.repos)).toEqual([
      ['github.com/octo-org/octo-repo'],
      ['github.com/octo-org/hello-world'],
    ]);
  });

  it('maps code scanning alerts by their tool and rule, open or fixed', async () => {
    const findings = findingsOf(await parseFile(`${API}/code-scanning-alerts-repo.json`));
    expect(findings).toHaveLength(14);
    // Fixed alerts are fixes at their fixed_at, not false positives; the open ones carry no fix time.
    expect(findings.filter((f) => f.falsePositive)).toEqual([]);
    expect(findings.filter((f) => f.toolFixedAt === null).map((f) => f.fingerprint)).toEqual(
      [13, 10, 9, 4].map((n) => `github:github.com/matt-davis27/pygithub:code-scanning:${n}`),
    );
    expect(new Set(findings.flatMap((f) => (f.toolFixedAt === null ? [] : [f.toolFixedAt])))).toEqual(new Set([parseTimestamp('2025-08-25T16:03:09Z')]));
    expect(findingsOf(await parseFile(`${DEPENDABOT}/issue_9582.json`))[0]).toMatchObject({
      title: 'py/clear-text-storage-sensitive-data',
      tool: 'codeql',
      category: 'sast',
      severity: 'high',
      cwes: [312, 315, 359],
      file: 'Unsafe Deserialization/file.py',
      line: 42,
    });
  });

  it('keeps only the keyed hash of a leaked secret, and grades it by validity and public leak', async () => {
    const items = await parseFile(`${SECRETS}/github_secrets_detection_report_many_vul.json`);
    expect(JSON.stringify(items)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    // Resolved as a false positive: a false positive; open; resolved as revoked: a fix at resolved_at.
    expect(findingsOf(items).map((f) => [f.title, f.severity, f.falsePositive, f.toolFixedAt, f.secret?.preview])).toEqual([
      ['Exposed Secret Detected: Adafruit IO Key', 'high', true, parseTimestamp('2020-11-07T02:47:13Z'), 'aio…(32 chars)'],
      ['Exposed Secret Detected: AWS Access Key ID', 'critical', false, null, 'AKI…(20 chars)'],
      ['Exposed Secret Detected: GitHub Personal Access Token', 'medium', false, parseTimestamp('2021-06-21T09:15:30Z'), 'ghp…(40 chars)'],
    ]);
  });

  it('reads an empty list named after secret scanning as a scan that found nothing', async () => {
    const items = await parseFile(`${SECRETS}/github_secrets_detection_report_zero_vul.json`);
    expect(headersOf(items)).toEqual([
      { kind: 'scan', tool: 'github-secret-scanning', category: 'secrets', scannedAt: null, covers: [{ tool: 'github-secret-scanning', category: 'secrets' }] },
    ]);
    expect(findingsOf(items)).toEqual([]);
  });
});

describe('invalid input', () => {
  it.each([
    ['an object that is no export, as DefectDojo does', '{}', /at \$\): expected a GraphQL export/],
    ['a GraphQL answer without alerts', '{"data": {"repository": {}}}', /at \$\.data\): no `vulnerabilityAlerts`/],
    ['a list of something else', '[{"id": 1}]', /at \$\[0\]\): neither a Dependabot/],
    ['an alert number that is not an integer', '[{"number": "2", "secret_type": "x"}]', /at \$\[0\]\.number/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'GitHub alerts', place);
  });
});

describe('fingerprints', () => {
  it.each(
    [
      ...filesIn(DEPENDABOT),
      ...filesIn(SECRETS).filter((p) => !p.includes('invalid')),
      SEARCH,
      ...['dependabot-alerts-org.json', 'code-scanning-alerts-repo.json', 'secret-scanning-alerts-repo.json'].map((n) => `${API}/${n}`),
    ].map((p) => [p.split('/').pop()!, p]),
  )('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });
});
