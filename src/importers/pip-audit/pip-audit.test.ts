import { describe, expect, it } from 'vitest';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { pipAuditImporter } from './index.js';

const CORPUS = corpusDir('pip_audit');
const FIXTURE = new URL('./fixtures/aliases-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(pipAuditImporter);

describe('detect', () => {
  it.each([
    ['a legacy list', 'x.json', '[\n    {\n        "name": "adal",\n        "version": "1.2.2",\n        "vulns": []\n    }', 90],
    ['the dependencies form', 'x.json', '{"dependencies": [{"name": "adal", "version": "1.2.2", "vulns": []}], "fixes": []}', 90],
    ['an empty report named after pip-audit', 'pip-audit.json', '{\n  "dependencies":[]\n}', 60],
    ['an empty report named otherwise', 'report.json', '{"dependencies": []}', 30],
    ['a Gitleaks list', 'x.json', '[{"Description": "AWS", "RuleID": "aws", "StartLine": 1, "Secret": "x"}]', 0],
  ])('scores %s as %i', (_what, path, head, score) => {
    expect(pipAuditImporter.detect({ path, head })).toBe(score);
  });
});

describe('vulnerabilities', () => {
  it('maps one as DefectDojo does: id in package:version, medium, CWE-1395', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/many_vulns.json`))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'PYSEC-2021-76 in aiohttp:3.6.2',
      ruleId: 'PYSEC-2021-76',
      vulnerabilityIds: ['PYSEC-2021-76'],
      cwes: [1395],
      file: null,
      line: null,
      component: { name: 'aiohttp', version: '3.6.2' },
      fixVersion: '3.7.4',
      fixAvailableAt: null,
      description: expect.stringMatching(/^aiohttp is an asynchronous HTTP client/),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('keeps the aliases after the id and takes the fix of the installed release line', async () => {
    expect(findingsOf(await parseFile(FIXTURE))[0]).toMatchObject({
      vulnerabilityIds: ['PYSEC-2021-439', 'CVE-2021-44420', 'GHSA-v6rh-hp5x-86rv'],
      fixVersion: '3.2.10',
    });
  });

  it('skips dependencies pip-audit could not audit and records without an id, saying why', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([
      { kind: 'skip', reason: 'vulnerability without an id', place: { jsonPath: '$.dependencies[0].vulns[1]' } },
      {
        kind: 'skip',
        reason: 'internal-lib was not audited: Dependency not found on PyPI and could not be audited: internal-lib (0.3.0)',
        place: { jsonPath: '$.dependencies[1]' },
      },
    ]);
  });

  it.each(['zero_vulns.json', 'zero_vulns_new.json', 'empty_new.json'])('reads %s as a scan that found nothing', async (name) => {
    const items = await parseFile(`${CORPUS}/${name}`);
    expect(headersOf(items)).toEqual([{ kind: 'scan', tool: 'pip-audit', category: 'sca', scannedAt: null, covers: [{ tool: 'pip-audit', category: 'sca' }] }]);
    expect(findingsOf(items)).toEqual([]);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '[{"name": "a",', /line 1, column \d+/],
    ['an object without dependencies', '{"fixes": []}', /at \$\.dependencies/],
    [
      'fix versions that are not strings',
      '[{"name": "a", "version": "1", "vulns": [{"id": "X", "fix_versions": [2]}]}]',
      /at \$\[0\]\.vulns\[0\]\.fix_versions\[0\]/,
    ],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'pip-audit JSON', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(CORPUS), FIXTURE].map((p) => [p.split('/').pop()!, p]))('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });
});
