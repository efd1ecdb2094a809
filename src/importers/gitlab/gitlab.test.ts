import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { gitlabImporter } from './index.js';

const SAST = corpusDir('gitlab_sast');
const DEPS = corpusDir('gitlab_dep_scan');
const SECRETS = new URL('./fixtures/secret-detection-fabricated.json', import.meta.url).pathname;
const CONTAINER = new URL('./fixtures/container-scanning-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(gitlabImporter);

describe('detect', () => {
  it.each([
    ['a report with a scan', '{"version": "15.0.4", "vulnerabilities": [], "scan": {"scanner": {"id": "semgrep"}, "type": "sast"', 95],
    [
      'a legacy report',
      '{\n  "version": "2.3",\n  "vulnerabilities": [\n    {\n      "category": "sast",\n      "cve": "a:b:c",\n      "location": {}, "identifiers": []',
      90,
    ],
    ['an empty legacy report', '{\n  "version": "2.3",\n  "vulnerabilities": [],\n  "remediations": []\n}', 80],
    ['a CycloneDX BOM', '{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "vulnerabilities": []}', 0],
  ])('scores %s as %i', (_what, head, score) => {
    expect(gitlabImporter.detect({ path: 'gl-report.json', head })).toBe(score);
  });
});

describe('SAST', () => {
  it('maps a vulnerability with its rule, every CWE, file and line', async () => {
    expect(findingsOf(await parseFile(`${SAST}/gl-sast-report-multiple-cwe-fabricated_v15.json`))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'Servlet reflected cross site scripting vulnerability',
      ruleId: 'XSS_REQUEST_PARAMETER_TO_SERVLET_WRITER',
      vulnerabilityIds: [],
      cwes: [79, 89],
      file: 'src/main/java/servlets/module/lesson/XssLesson.java',
      line: 96,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: 'HTTP parameter written to Servlet output in servlets.module.lesson.XssLesson.doPost(HttpServletRequest, HttpServletResponse)',
      falsePositive: false,
      exploitAvailable: false,
      tool: 'gitlab-find_sec_bugs',
      category: 'sast',
      occurrences: 1,
    });
  });

  it('lets a later entry with the same key replace the earlier one in its place, as DefectDojo does', async () => {
    const findings = findingsOf(await parseFile(`${SAST}/gl-sast-report-many-vuln_v14.json`));
    expect(findings).toHaveLength(219);
    expect(findings.slice(0, 3).map((f) => f.title)).toEqual(['Password in URL', 'Password in URL', 'PKCS8 key']);
    expect(findings.reduce((n, f) => n + f.occurrences, 0)).toBe(467);
  });

  it('files the TruffleHog and Gitleaks results of a legacy SAST report as secrets of their own tool', async () => {
    const findings = findingsOf(await parseFile(`${SAST}/gl-sast-report-many-vuln_v14.json`));
    expect([...new Set(findings.map((f) => `${f.tool} ${f.category}`))].sort()).toEqual([
      'gitlab-bandit sast',
      'gitlab-eslint sast',
      'gitlab-gitleaks secrets',
      'gitlab-trufflehog secrets',
    ]);
  });

  it('reads the rule from the name where the analyzer put a sentence in the value', async () => {
    expect(findingsOf(await parseFile(`${SAST}/gl-sast-report-confidence_v15.json`))[0]).toMatchObject({ ruleId: 'node_username', cwes: [798] });
  });
});

describe('secret detection', () => {
  it('keeps only the keyed hash of the matched text', async () => {
    const items = await parseFile(SECRETS);
    expect(JSON.stringify(items)).not.toContain('AKIA2E0A8F3B244C9986');
    expect(findingsOf(items)[0]).toMatchObject({
      category: 'secrets',
      tool: 'gitlab-gitleaks',
      ruleId: 'AWS',
      secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'AKI…(20 chars)' },
    });
  });

  it('describes the scan with its end time and skips a vulnerability of unknown severity', async () => {
    const items = await parseFile(SECRETS);
    expect(headersOf(items)).toEqual([
      {
        kind: 'scan',
        tool: 'gitlab-gitleaks',
        category: 'secrets',
        scannedAt: parseTimestamp('2024-05-01T10:00:12Z'),
        scannedAtPlace: { jsonPath: '$.scan.end_time' },
        covers: [{ tool: 'gitlab-gitleaks', category: 'secrets' }],
      },
    ]);
    expect(skipsOf(items)).toEqual([
      { kind: 'skip', reason: 'vulnerability "Generic API key" has an unknown severity "Extreme"', place: { jsonPath: '$.vulnerabilities[1]' } },
    ]);
  });
});

describe('dependency and container scanning', () => {
  it('maps a dependency with its CVE, version and the fix the solution names', async () => {
    expect(findingsOf(await parseFile(`${DEPS}/gl-dependency-scanning-report-many-vuln_v15.json`))[0]).toMatchObject({
      title: 'Nil Pointer Dereference',
      vulnerabilityIds: ['CVE-2020-29652'],
      file: 'service/go.sum',
      component: { name: 'golang.org/x/crypto', version: 'v0.0.0-20190219172222-a4c6cb3142f2' },
      fixVersion: 'v0.0.0-20201216223049-8b5274cf687f',
      category: 'sca',
      tool: 'gitlab-gemnasium',
    });
  });

  it('names the scanned image, and keeps what GitLab flags as a likely false positive as one', async () => {
    const items = await parseFile(CONTAINER);
    expect(headersOf(items)[0]).toMatchObject({ category: 'container', target: { images: ['registry.example.com/acme/payments-api:2.4.1'] } });
    expect(findingsOf(items).map((f) => [f.component.name, f.fixVersion, f.falsePositive])).toEqual([
      ['openssl', '3.0.11-1~deb12u2', false],
      ['glibc', null, true],
    ]);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '{"version": "15.0.0", "vulnerabilities": [', /line 1, column \d+/],
    ['a report without vulnerabilities', '{"version": "15.0.0"}', /at \$\.vulnerabilities/],
    [
      'a start line that is not an integer',
      '{"version": "15", "vulnerabilities": [{"name": "x", "location": {"start_line": "3"}}]}',
      /at \$\.vulnerabilities\[0\]\.location\.start_line/,
    ],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'GitLab security report', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(SAST), ...filesIn(DEPS), SECRETS, CONTAINER].map((p) => [p.split('/').pop()!, p]))(
    'are stable and distinct in %s',
    async (_name, path) => {
      await expectStableDistinctFingerprints(parseFile, path);
    },
  );

  it("follow GitLab's identity, not the line", async () => {
    const text = readFileSync(SECRETS, 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', text), parseText('b.json', text.replace('"start_line": 3', '"start_line": 5'))]);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
