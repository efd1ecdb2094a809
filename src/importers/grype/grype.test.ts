import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { corpusDir, expectInputError, expectStableDistinctFingerprints, filesIn, findingsOf, headersOf, parser, skipsOf } from '../test-support/parse.js';
import { grypeImporter } from './index.js';

const CORPUS = corpusDir('anchore_grype');
const FIXTURE = new URL('./fixtures/directory-kev-fabricated.json', import.meta.url).pathname;
const { parseFile, parseText } = parser(grypeImporter);

describe('detect', () => {
  it.each([
    ['a Grype report', '{"matches": [], "source": {}, "descriptor": {"name": "grype", "version": "0.36.0"}}', 95],
    ['matches without a descriptor yet', '{"matches": [{"vulnerability": {"id": "x"}, "relatedVulnerabilities": [], "matchDetails": [], "artifact": {', 90],
    ['a Trivy report', '{"SchemaVersion": 2, "ArtifactName": "x", "Results": []}', 0],
    ['an array', '[{"matches": []}]', 0],
  ])('scores %s as %i', (_what, head, score) => {
    expect(grypeImporter.detect({ path: 'scan.json', head })).toBe(score);
  });
});

describe('matches', () => {
  it('maps a match as DefectDojo does: id in package:version, related ids after the matched one', async () => {
    expect(findingsOf(await parseFile(`${CORPUS}/check_all_fields.json`))[4]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'GHSA-v6rh-hp5x-86rv in Django:3.2.9',
      ruleId: 'GHSA-v6rh-hp5x-86rv',
      vulnerabilityIds: ['GHSA-v6rh-hp5x-86rv', 'CVE-2021-44420'],
      cwes: [],
      file: '/usr/local/lib/python3.8/site-packages/Django-3.2.9.dist-info/METADATA',
      line: null,
      component: { name: 'Django', version: '3.2.9' },
      fixVersion: '3.2.10',
      fixAvailableAt: null,
      description: expect.stringContaining('Package: pkg:pypi/Django@3.2.9'),
      falsePositive: false,
      exploitAvailable: false,
      category: 'container',
      occurrences: 2,
    });
  });

  it.each([
    ['Negligible', 0, 'info'],
    ['Critical', 2, 'critical'],
  ])("maps Grype's %s severity", async (_word, index, severity) => {
    expect(findingsOf(await parseFile(`${CORPUS}/check_all_fields.json`))[index]?.severity).toBe(severity);
  });

  it('merges one package found at several paths, listing the paths', async () => {
    const findings = findingsOf(await parseFile(`${CORPUS}/same_cve_different_paths.json`));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.occurrences).toBe(2);
    expect(findings[0]?.description).toContain('- /usr/lib/x86_64-linux-gnu/libc.so.6\n- /lib/x86_64-linux-gnu/libc.so.6');
  });

  it('keeps the CWEs of the match and its related records, the KEV flag and the date the fix appeared', async () => {
    expect(findingsOf(await parseFile(FIXTURE))[0]).toMatchObject({
      vulnerabilityIds: ['GHSA-p6mc-m468-83gw', 'CVE-2020-8203'],
      cwes: [1321, 770],
      fixVersion: '4.17.19',
      fixAvailableAt: parseTimestamp('2020-07-15'),
      exploitAvailable: true,
      category: 'sca',
      occurrences: 2,
    });
  });

  it.each([
    ['a fixed state', `${CORPUS}/fix_available.json`, 0, '1.2.3'],
    ["a won't-fix state, whose versions are not fixes", `${CORPUS}/check_all_fields.json`, 1, null],
    ['an old report with fixedInVersion', `${CORPUS}/many_vulns3.json`, 0, null],
  ])('reads the fix version of %s', async (_what, path, index, fix) => {
    expect(findingsOf(await parseFile(path))[index]?.fixVersion).toBe(fix);
  });

  it('keeps matches the ignore rules suppressed, as false positives', async () => {
    const findings = findingsOf(await parseFile(FIXTURE));
    expect(findings.map((f) => [f.ruleId, f.falsePositive])).toEqual([
      ['GHSA-p6mc-m468-83gw', false],
      ['GHSA-jf85-cpcp-j695', true],
    ]);
  });

  it('skips matches without an id or with an unknown severity, naming where they are', async () => {
    expect(skipsOf(await parseFile(FIXTURE))).toEqual([
      { kind: 'skip', reason: 'match of CVE-2022-0001 has an unknown severity "Whatever"', place: { jsonPath: '$.matches[2]' } },
      { kind: 'skip', reason: 'match without a vulnerability id', place: { jsonPath: '$.matches[3]' } },
    ]);
  });
});

describe('scan header', () => {
  it.each([
    [
      'an image scan names its image',
      `${CORPUS}/check_all_fields.json`,
      { category: 'container', target: { images: ['vulnerable-image:latest'] }, scannedAt: null },
    ],
    [
      'a directory scan names none, and has its scan time',
      FIXTURE,
      { category: 'sca', scannedAt: parseTimestamp('2025-05-02T10:11:12Z'), scannedAtPlace: { jsonPath: '$.descriptor.timestamp' } },
    ],
  ])('%s', async (_what, path, expected) => {
    const headers = headersOf(await parseFile(path));
    expect(headers).toHaveLength(1);
    expect(headers[0]).toEqual({ kind: 'scan', tool: 'grype', covers: [{ tool: 'grype', category: expected.category }], ...expected });
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', '{"matches": [', /line 1, column \d+/],
    ['matches that is not a list', '{"matches": {}}', /at \$\.matches\b/],
    [
      'a location path that is not a string',
      '{"matches": [{"vulnerability": {"id": "x", "severity": "High"}, "artifact": {"name": "a", "locations": [{"path": 3}]}}]}',
      /at \$\.matches\[0\]\.artifact\.locations\[0\]\.path/,
    ],
  ])('rejects %s naming the file, the format and the place', async (_what, text, place) => {
    await expectInputError(parseText('bad.json', text), 'bad.json', 'Grype JSON', place);
  });
});

describe('fingerprints', () => {
  it.each([...filesIn(CORPUS), FIXTURE].map((p) => [p.split('/').pop()!, p]))('are stable and distinct in %s', async (_name, path) => {
    await expectStableDistinctFingerprints(parseFile, path);
  });

  it('do not move when a still-vulnerable package is upgraded', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const [a, b] = await Promise.all([parseText('a.json', text), parseText('b.json', text.replaceAll('"4.17.15"', '"4.17.16"'))]);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });
});
