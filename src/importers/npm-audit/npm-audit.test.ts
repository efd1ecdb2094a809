import { describe, expect, it } from 'vitest';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { npmAuditImporter } from './index.js';

const CORPUS = corpusDir('npm_audit_7_plus');
const FIXTURE = new URL('./fixtures/fix-dry-run-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(npmAuditImporter);

describe('detect', () => {
  it.each([
    ['npm audit --json', '{\n  "auditReportVersion": 2,\n  "vulnerabilities": {', 95],
    ['npm audit fix --dry-run --json', '{"added": 0, "audit": {"auditReportVersion": 2, "vulnerabilities": {}}}', 95],
    ['npm 6 audit (advisories)', '{"actions": [], "advisories": {}, "muted": []}', 0],
    ['a Snyk report', '{"vulnerabilities": [], "ok": true}', 0],
  ])('scores %s as %i', (_what, head, score) => {
    expect(npmAuditImporter.detect({ path: 'audit.json', head })).toBe(score);
  });
});

describe('packages', () => {
  it('maps a package with its own advisory: the advisory title, GHSA id, CWEs and where it is installed', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/many_vulns.json`))[2]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'Regular Expression Denial of Service in debug',
      ruleId: '1094219',
      vulnerabilityIds: ['GHSA-gxpj-cx7g-858c'],
      cwes: [400],
      file: 'node_modules/@vercel/fun/node_modules/debug',
      line: null,
      component: { name: 'debug', version: null },
      fixVersion: 'vercel@32.3.0',
      fixAvailableAt: null,
      description: expect.stringContaining('Fix: update vercel to 32.3.0 (a major version)'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('files a package vulnerable only through its dependencies under CWE-1035, named after itself', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/many_vulns.json`))[0]).toMatchObject({
      title: '@vercel/fun',
      cwes: [1035],
      vulnerabilityIds: [],
      description: expect.stringContaining('Vulnerable through debug\nVulnerable through semver'),
    });
  });

  it('reads the report nested under `audit` by npm audit fix --dry-run, with every advisory id', async () => {
    const findings = findingsOf(await parseFile(FIXTURE));
    expect(findings.map((f) => [f.component.name, f.severity, f.vulnerabilityIds, f.fixVersion])).toEqual([
      ['minimist', 'critical', ['GHSA-xvch-5gv4-984h', 'GHSA-vh95-rmgr-6w4m'], null],
      ['mkdirp', 'critical', [], '0.5.6'],
    ]);
  });

  it('skips a package of unknown severity, naming where it is', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([
      { kind: 'skip', reason: 'package left-pad has an unknown severity "catastrophic"', place: { jsonPath: '$.audit.vulnerabilities["left-pad"]' } },
    ]);
  });

  it('describes the scan: npm audit, software composition, no scan time', async () => {
    expect(headersOf(await parseFile(`${CORPUS}/no_vuln.json`))).toEqual([
      { kind: 'scan', tool: 'npm-audit', category: 'sca', scannedAt: null, covers: [{ tool: 'npm-audit', category: 'sca' }] },
    ]);
  });
});

describe('invalid input', () => {
  it.each([
    ['the report of npm 6', '{"advisories": {}, "metadata": {}}', /at \$\.advisories\b.*npm 6/],
    ['a report without auditReportVersion', '{"vulnerabilities": {}}', /at \$/],
    ['a via entry of the wrong type', '{"auditReportVersion": 2, "vulnerabilities": {"a": {"via": [3]}}}', /at \$\.vulnerabilities\.a\.via\[0\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'npm audit', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(CORPUS), FIXTURE].map((p) => [p.split('/').pop()!, p]))('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });
});
