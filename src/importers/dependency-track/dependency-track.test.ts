import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { expectInputError, expectStableDistinctFingerprints, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { dependencyTrackImporter } from './index.js';

const API = new URL('./fixtures/project-findings-fabricated.json', import.meta.url).pathname;
const FPF = new URL('./fixtures/fpf-export-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(dependencyTrackImporter);

describe('detect', () => {
  it.each([
    [
      'the API findings list',
      '[\n  {\n    "component": {"uuid": "a", "name": "x"},\n    "vulnerability": {"vulnId": "CVE-1", "severityRank": 0},\n    "analysis": {}, "matrix": "a:b:c"',
      90,
    ],
    ['an FPF export', '{"version": "1.2", "meta": {"application": "Dependency-Track", "version": "4.11.4"}, "project": {}, "findings": [', 95],
    ['a CycloneDX BOM with vulnerabilities', '{"bomFormat": "CycloneDX", "components": [], "vulnerabilities": []}', 0],
  ])('scores %s as %i', (_what, head, score) => {
    expect(dependencyTrackImporter.detect({ path: 'findings.json', head })).toBe(score);
  });
});

describe('findings', () => {
  // Dependency-Track's finding carries no time for its analysis, so a RESOLVED or suppressed
  // finding has no fix time to be a fix event at (unlike DefectDojo's mitigated date or GitHub's
  // fixed_at): it stays kept but excluded, as a false positive is.
  it.each([
    ['RESOLVED', false, true],
    ['FALSE_POSITIVE', false, true],
    ['NOT_AFFECTED', false, true],
    ['NOT_SET', true, true],
    ['IN_TRIAGE', false, false],
  ])('analysis %s, suppressed %s: excluded %s, and never a fix time', async (state, suppressed, excluded) => {
    const finding = {
      component: { name: 'lodash', version: '4.17.20' },
      vulnerability: { vulnId: 'CVE-2021-23337', severity: 'HIGH' },
      analysis: { state, isSuppressed: suppressed },
      attribution: { attributedOn: 1700000000000 },
    };
    const [f] = findingsOf(await parseText('dt.json', JSON.stringify([finding])));
    expect([f!.falsePositive, f!.toolFixedAt ?? null]).toEqual([excluded, null]);
  });

  it('maps a finding with its aliases, every CWE, the component and the time it was attributed', async () => {
    expect(findingsOf(await parseFile(API))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'critical',
      title: 'CVE-2021-44228 in org.apache.logging.log4j:log4j-core:2.14.1',
      ruleId: 'CVE-2021-44228',
      vulnerabilityIds: ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'],
      cwes: [502, 400, 20],
      file: null,
      line: null,
      component: { name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Package: pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar'),
      falsePositive: false,
      exploitAvailable: true,
      occurrences: 1,
      toolOpenedAt: 1700000000000,
    });
  });

  it('rates an unassigned severity by its CVSS score, and keeps a suppressed, not-affected finding as not live', async () => {
    expect(findingsOf(await parseFile(API))[1]).toMatchObject({
      severity: 'medium',
      component: { name: '@angular/core' },
      falsePositive: true,
      exploitAvailable: false,
    });
  });

  it('names the project for service mapping, and skips a finding without a vulnerability id', async () => {
    const items = await parseFile(API);
    expect(headersOf(items)).toEqual([
      {
        kind: 'scan',
        tool: 'dependency-track',
        category: 'sca',
        scannedAt: null,
        target: { repos: ['payments-api'] },
        covers: [{ tool: 'dependency-track', category: 'sca' }],
      },
    ]);
    expect(skipsOf(items)).toEqual([{ kind: 'skip', reason: 'finding without a vulnerability id', place: { jsonPath: '$[2]' } }]);
  });

  it('reads the FPF export: its project, its time, the single CWE of older servers', async () => {
    const items = await parseFile(FPF);
    expect(headersOf(items)[0]).toMatchObject({ target: { repos: ['ledger-service'] }, scannedAt: parseTimestamp('2024-05-02T07:30:00Z') });
    expect(findingsOf(items)[0]).toMatchObject({ severity: 'medium', cwes: [502], toolOpenedAt: parseTimestamp('2024-04-30T11:00:00Z'), falsePositive: false });
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '[{"component": ', /line 1, column \d+/],
    ['an export without findings', '{"version": "1.2", "meta": {}}', /at \$\.findings/],
    ['a finding without its vulnerability', '[{"component": {"name": "x"}}]', /at \$\[0\]\.vulnerability/],
    ['a component name that is not text', '{"findings": [{"component": {"name": 3}, "vulnerability": {}}]}', /at \$\.findings\[0\]\.component\.name/],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'Dependency-Track findings', place);
  });
});

describe('fingerprints', () => {
  it.each([
    ['the API list', API],
    ['the FPF export', FPF],
  ])('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });

  it('survive a new BOM upload (new component UUIDs) and an upgrade that does not fix', async () => {
    const text = readFileSync(API, 'utf8');
    const changed = text.replace('"3f0b7b52-6a8e-4b8e-9c43-2e1f0b1c7a11"', '"00000000-0000-4000-8000-000000000000"').replaceAll('2.14.1', '2.15.0');
    const [a, b] = await Promise.all([parseText('a.json', text), parseText('b.json', changed)]);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
