import { describe, expect, it } from 'vitest';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { snykImporter } from './index.js';

const CORPUS = corpusDir('snyk');
const FIXTURE = new URL('./fixtures/container-ignored-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(snykImporter);

describe('detect', () => {
  it.each([
    [
      'snyk test --json',
      '{\n  "vulnerabilities": [],\n  "ok": true,\n  "dependencyCount": 5,\n  "org": "acme",\n  "isPrivate": true,\n  "packageManager": "maven"',
      90,
    ],
    [
      'snyk test --all-projects --json',
      '[\n  {\n    "vulnerabilities": [],\n    "ok": true,\n    "dependencyCount": 5,\n    "org": "acme",\n    "packageManager": "npm"',
      90,
    ],
    ['an npm audit report', '{"auditReportVersion": 2, "vulnerabilities": {}}', 0],
    [
      'a SARIF file (Snyk Code goes to the SARIF importer)',
      '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"tool": {"driver": {"name": "SnykCode"}}}]}',
      0,
    ],
  ])('scores %s as %i', (_what, head, score) => {
    expect(snykImporter.detect({ path: 'snyk.json', head })).toBe(score);
  });
});

describe('open source projects', () => {
  it('maps a vulnerability as DefectDojo does: the project and title, the CVE first, the CWE', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/single_project_one_vuln.json`))).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: 'medium',
        title: 'com.test:myframework@1.0.0-SNAPSHOT: XML External Entity (XXE) Injection',
        ruleId: 'SNYK-JAVA-ORGAPACHESANTUARIO-460281',
        vulnerabilityIds: ['CVE-2019-12400'],
        cwes: [611],
        file: 'pom.xml',
        line: null,
        component: { name: 'org.apache.santuario:xmlsec', version: '2.1.1' },
        fixVersion: '2.1.4',
        fixAvailableAt: null,
        description: expect.stringMatching(
          /^Dependency paths:\n- com\.test:myframework@1\.0\.0-SNAPSHOT > org\.apache\.santuario:xmlsec@2\.1\.1\n\n## Overview/,
        ),
        falsePositive: false,
        exploitAvailable: false,
        category: 'sca',
        target: { repos: ['com.test:myframework'] },
        occurrences: 1,
      },
    ]);
  });

  it('merges the dependency paths of one vulnerable package version into one finding', async () => {
    const findings = findingsOf(await parseFile(`${CORPUS}/single_project_upgrade_libs.json`));
    expect(findings).toHaveLength(52);
    expect(findings.reduce((n, f) => n + f.occurrences, 0)).toBe(254);
  });

  it('gives each project of an --all-projects run its own snapshot header and target', async () => {
    const items = await parseFile(`${CORPUS}/all-projects_many_vulns.json`);
    expect(headersOf(items).map((h) => h.target)).toEqual([
      { repos: ['com.test:version-collision'] },
      { repos: ['com.test:project-a'] },
      { repos: ['com.test:project-b'] },
    ]);
    expect(findingsOf(items).map((f) => f.file)).toEqual(['pom.xml', 'project-a\\pom.xml', 'project-a\\pom.xml', 'project-b\\pom.xml']);
  });

  it('rates by the CVSS score where Snyk gives one, as DefectDojo does, else by its word', async () => {
    const findings = findingsOf(await parseFile(FIXTURE));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['SNYK-DEBIAN12-OPENSSL-6190070', 'high'],
      ['SNYK-DEBIAN12-ZLIB-6008963', 'low'],
      ['SNYK-DEBIAN12-GLIBC-5927133', 'medium'],
    ]);
  });
});

describe('container projects', () => {
  it('name their image, mark mature exploits, keep ignored issues as false positives', async () => {
    const items = await parseFile(FIXTURE);
    expect(headersOf(items)).toEqual([
      {
        kind: 'scan',
        tool: 'snyk',
        category: 'container',
        scannedAt: null,
        target: { images: ['acme/payments-api:2.4.1'] },
        covers: [{ tool: 'snyk', category: 'container' }],
      },
    ]);
    expect(findingsOf(items).map((f) => [f.exploitAvailable, f.falsePositive, f.vulnerabilityIds, f.cwes])).toEqual([
      [true, false, ['CVE-2023-5363'], [787]],
      [false, false, ['SNYK-DEBIAN12-ZLIB-6008963'], [1035]],
      [false, true, ['CVE-2023-4806'], [674]],
    ]);
  });

  it('skip a record without an id, naming where it is', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([{ kind: 'skip', reason: 'vulnerability without an id', place: { jsonPath: '$.vulnerabilities[2]' } }]);
  });
});

describe('Snyk Code', () => {
  it('hands SARIF to the SARIF importer', async () => {
    const items = await parseFile(`${CORPUS}/snykcode_issue_9270.json`);
    expect(findingsOf(items)).toHaveLength(39);
    expect(headersOf(items)[0]).toMatchObject({ kind: 'scan', tool: 'SnykCode', category: 'sast' });
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '{"vulnerabilities": [', /line 1, column \d+/],
    ['an empty list', '[]', /at \$\): an empty list names no Snyk project/],
    ['a project without vulnerabilities', '[{"ok": true}]', /at \$\[0\]\.vulnerabilities/],
    ['a path entry of the wrong type', '{"vulnerabilities": [{"id": "S", "packageName": "p", "from": [1]}]}', /at \$\.vulnerabilities\[0\]\.from\[0\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'Snyk JSON', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(CORPUS).filter((p) => !p.includes('snykcode')), FIXTURE].map((p) => [p.split('/').pop()!, p]))(
    'are stable and distinct in %s',
    async (_name, path) => {
      await expectStableDistinctFingerprints(parseFile, path);
    },
  );
});
