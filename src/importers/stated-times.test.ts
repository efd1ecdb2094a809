import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePlace } from '../domain/errors.js';
import { parseTimestamp } from '../domain/time.js';
import { banditImporter } from './bandit/index.js';
import { cyclonedxImporter } from './cyclonedx/index.js';
import { dependencyCheckImporter } from './dependency-check/index.js';
import { dependencyTrackImporter } from './dependency-track/index.js';
import { defectdojoGenericImporter } from './defectdojo-generic/index.js';
import { gitlabImporter } from './gitlab/index.js';
import { grypeImporter } from './grype/index.js';
import { kicsImporter } from './kics/index.js';
import { nucleiImporter } from './nuclei/index.js';
import { openvexImporter } from './openvex/index.js';
import { prowlerImporter } from './prowler/index.js';
import { sarifImporter } from './sarif/index.js';
import { trivyImporter } from './trivy/index.js';
import { zapImporter } from './zap/index.js';
import { corpusDir, expectInputError, findingsOf, headersOf, parser } from './test-support/parse.js';
import type { ScannerImporter } from './types.js';

// A scan time the file states that is not a timestamp is an error at its place, not "now"
// (fields.ts, statedTime), and the header gives that place (scannedAtPlace, for the error of a
// time in the future): each case is a real file with its time replaced.
const cases: [string, ScannerImporter, string, string, string, RegExp][] = [
  ['Trivy', trivyImporter, join(corpusDir('trivy'), 'all_statuses.json'), '2024-01-15T08:58:29.82753744Z', 'Trivy JSON', /at \$\.CreatedAt\b/],
  [
    'Grype',
    grypeImporter,
    join(corpusDir('anchore_grype'), 'fix_available.json'),
    '2024-04-10T11:05:22.636338786Z',
    'Grype JSON',
    /at \$\.descriptor\.timestamp\b/,
  ],
  ['Bandit', banditImporter, join(corpusDir('bandit'), 'dd2.json'), '2021-10-03T12:53:18Z', 'Bandit JSON', /at \$\.generated_at\b/],
  [
    'KICS',
    kicsImporter,
    join(import.meta.dirname, 'kics', 'fixtures', 'kics-2-fabricated.json'),
    '2024-05-21T09:14:03.516723+02:00',
    'KICS JSON',
    /at \$\.start\b/,
  ],
  [
    'GitLab (end_time before start_time)',
    gitlabImporter,
    join(corpusDir('gitlab_dep_scan'), 'gl-dependency-scanning-report-1-vuln_v15.json'),
    '2020-12-23T13:43:49',
    'GitLab security report',
    /at \$\.scan\.end_time\b/,
  ],
  [
    'SARIF (the latest invocation time)',
    sarifImporter,
    join(corpusDir('sarif'), 'appendix_k.sarif'),
    '2016-07-16T14:19:01Z',
    'SARIF 2.1.0',
    /at \$\.runs\[0\]\.invocations\[0\]\.endTimeUtc\b/,
  ],
  ['CycloneDX JSON', cyclonedxImporter, join(corpusDir('cyclonedx'), 'log4j.json'), '2022-07-22T09:45:32+01:00', 'CycloneDX', /at \$\.metadata\.timestamp\b/],
  [
    'CycloneDX XML',
    cyclonedxImporter,
    join(corpusDir('cyclonedx'), 'log4j.xml'),
    '2022-07-22T09:45:22+01:00',
    'CycloneDX',
    /at \$\.bom\.metadata\.timestamp\b/,
  ],
  [
    'Dependency-Check XML',
    dependencyCheckImporter,
    join(corpusDir('dependency_check'), 'version-6.5.3.xml'),
    '2022-01-15T14:31:13.042600508Z',
    'OWASP Dependency-Check',
    /at \$\.analysis\.projectInfo\.reportDate\b/,
  ],
  ['OpenVEX', openvexImporter, join(corpusDir('openvex'), 'openvex_many_vuln.json'), '2026-07-29T00:00:00Z', 'OpenVEX', /at \$\.timestamp\b/],
  [
    'Dependency-Track',
    dependencyTrackImporter,
    join(import.meta.dirname, 'dependency-track', 'fixtures', 'fpf-export-fabricated.json'),
    '2024-05-02T07:30:00Z',
    'Dependency-Track findings',
    /at \$\.meta\.timestamp\b/,
  ],
  // Scan times taken from the results: the first result's time, or the date every finding shares.
  [
    'Prowler 3 (the first result)',
    prowlerImporter,
    join(corpusDir('aws_prowler_v3plus'), 'many_vuln.json'),
    '2023-04-25T23:49:42.744599',
    'Prowler JSON',
    /at \$\[0\]\.AssessmentStartTime\b/,
  ],
  [
    'Nuclei JSON lines (the first result)',
    nucleiImporter,
    join(corpusDir('nuclei'), 'many_findings.json'),
    '2021-05-20T11:11:01.667748+03:00',
    'Nuclei JSON',
    /line 1, at \$\.timestamp\b/,
  ],
  [
    'Nuclei JSON array',
    nucleiImporter,
    join(corpusDir('nuclei'), 'multi_cwe_fabricated.json'),
    '2023-11-06T14:48:31.591398+01:00',
    'Nuclei JSON',
    /at \$\[0\]\.timestamp\b/,
  ],
  [
    'DefectDojo generic JSON (the date its findings share)',
    defectdojoGenericImporter,
    join(corpusDir('generic'), 'generic_report1.json'),
    '2021-01-06',
    'DefectDojo Generic Findings Import',
    /at \$\.findings\[0\]\.date\b/,
  ],
];

// ZAP's generated time is no ISO 8601 timestamp: its cases are apart.
const zapCases: [string, string, string, number, RegExp][] = [
  ['XML', join(corpusDir('zap'), '0_zap_sample.xml'), 'Tue, 12 May 2020 20:57:30', Date.UTC(2020, 4, 12, 20, 57, 30), /at \$\.OWASPZAPReport\["@generated"\]/],
  [
    'JSON',
    join(import.meta.dirname, 'zap', 'fixtures', 'zap-2.16-report-fabricated.json'),
    'Tue, 21 May 2024 10:31:12',
    Date.UTC(2024, 4, 21, 10, 31, 12),
    /at \$\["@generated"\]/,
  ],
];

describe('scan times stated in the file', () => {
  it.each(cases)('%s: the file as it is has its own scan time, and its place', async (_what, importer, path, time, _format, place) => {
    const header = headersOf(await parser(importer).parseText('scan', readFileSync(path, 'utf8'))).at(-1);
    expect(header?.scannedAt).toBe(parseTimestamp(time));
    expect(header?.scannedAtPlace && describePlace(header.scannedAtPlace)).toMatch(place);
  });

  it.each(cases)('%s: a time that is not one is an error at its place', async (_what, importer, path, time, format, place) => {
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(time);
    await expectInputError(parser(importer).parseText('when.scan', text.replace(time, 'last tuesday')), 'when.scan', format, place);
  });
});

describe('scan times taken from the results (Prowler, Nuclei)', () => {
  it('Prowler 4 OCSF: an event_time that is not a timestamp is an error at its place', async () => {
    const text = readFileSync(join(corpusDir('aws_prowler_v3plus'), 'one_vuln.ocsf.json'), 'utf8');
    const at = '"event_time": "2024-06-03T14:15:19.382075"';
    expect(text).toContain(at);
    const items = await parser(prowlerImporter).parseText('ocsf.json', text);
    expect(headersOf(items)[0]).toMatchObject({ scannedAt: Date.parse('2024-06-03T14:15:19.382075Z'), scannedAtPlace: { jsonPath: '$[0].event_time' } });
    await expectInputError(
      parser(prowlerImporter).parseText('ocsf.json', text.replace(at, '"event_time": "soon"')),
      'ocsf.json',
      'Prowler JSON',
      /at \$\[0\]\.event_time\b/,
    );
  });

  it('Nuclei: a later result whose time is not a timestamp is an error at its line, not passed over', async () => {
    const text = readFileSync(join(corpusDir('nuclei'), 'many_findings.json'), 'utf8');
    const at = '"timestamp":"2021-05-20T11:11:07.554305+03:00"';
    expect(text).toContain(at);
    await expectInputError(
      parser(nucleiImporter).parseText('n.jsonl', text.replace(at, '"timestamp":"2021-05-20 at noon"')),
      'n.jsonl',
      'Nuclei JSON',
      /\(line 3, at \$\.timestamp\)/,
    );
  });

  it.each([
    ['Prowler 3', prowlerImporter, join(corpusDir('aws_prowler_v3plus'), 'many_vuln.json'), /"AssessmentStartTime": "[^"]*"/g, '"AssessmentStartTime": null'],
    ['Prowler 4 OCSF', prowlerImporter, join(corpusDir('aws_prowler_v3plus'), 'one_vuln.ocsf.json'), /"(event_time|created_time)": "[^"]*"/g, '"$1": ""'],
    ['Nuclei', nucleiImporter, join(corpusDir('nuclei'), 'many_findings.json'), /,"timestamp":"[^"]*"/g, ''],
  ])('%s: results without a time give no scan time, and no error', async (_what, importer, path, time, none) => {
    const text = readFileSync(path, 'utf8');
    const without = text.replace(time, none);
    expect(without).not.toBe(text);
    const items = await parser(importer).parseText('scan', without);
    expect(headersOf(items).map((h) => h.scannedAt)).toEqual(headersOf(items).map(() => null));
    expect(findingsOf(items).length).toBeGreaterThan(0);
  });
});

describe('ZAP generated time', () => {
  it.each(zapCases)('%s: the report as it is has its own scan time, and its place', async (_what, path, _generated, time, place) => {
    const [header] = headersOf(await parser(zapImporter).parseText('zap', readFileSync(path, 'utf8')));
    expect(header?.scannedAt).toBe(time);
    expect(header?.scannedAtPlace && describePlace(header.scannedAtPlace)).toMatch(place);
  });

  it.each(
    zapCases.flatMap(([what, path, generated, , place]) =>
      ['last tuesday', 'Tue, 31 Feb 2020 20:57:30', 'Tue, 12 May 2020 25:57:30'].map((bad) => [what, bad, path, generated, place] as const),
    ),
  )('%s: %j is an error at its place, not a date rolled over or passed over', async (_what, bad, path, generated, place) => {
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(generated);
    await expectInputError(parser(zapImporter).parseText('when.zap', text.replace(generated, bad)), 'when.zap', 'ZAP report', place);
  });

  it.each(zapCases)(
    '%s: a date with a month name of another language gives no scan time, and a note at its place',
    async (_what, path, generated, _time, place) => {
      const items = await parser(zapImporter).parseText('zap', readFileSync(path, 'utf8').replace(generated, 'Di., 12 Mai 2020 20:57:30'));
      expect(headersOf(items)[0]?.scannedAt).toBeNull();
      const notes = items.flatMap((i) => (i.kind === 'note' ? [i] : []));
      expect(notes).toHaveLength(1);
      expect(notes[0]!.reason).toMatch(/not English/);
      expect(describePlace(notes[0]!.place!)).toMatch(place);
      expect(findingsOf(items).length).toBeGreaterThan(0);
    },
  );

  it.each(zapCases)('%s: a report without one has none, and no error', async (_what, path, generated) => {
    const [header] = headersOf(await parser(zapImporter).parseText('zap', readFileSync(path, 'utf8').replace(generated, '')));
    expect(header?.scannedAt).toBeNull();
  });
});

describe('DefectDojo generic dates', () => {
  const generic = parser(defectdojoGenericImporter);
  const FORMAT = 'DefectDojo Generic Findings Import';

  it('CSV: a Date that is not a date is an error at its row and column', async () => {
    const text = readFileSync(join(corpusDir('generic'), 'generic_report1.csv'), 'utf8');
    expect(text).toMatch(/^Date,[^\n]*\n28\/02\/2021,/);
    await expectInputError(generic.parseText('r.csv', text.replace('28/02/2021', '31/31/2021')), 'r.csv', FORMAT, /row 2, line 2, column\/field "Date"/);
  });

  it('CSV: the date every row shares is the scan time, at the first row', async () => {
    const [header] = headersOf(await generic.parseText('r.csv', 'Title,Severity,Description,Date\na,High,d,2024-01-02\nb,Low,d,2024-01-02\n'));
    expect(header).toMatchObject({ scannedAt: Date.UTC(2024, 0, 2), scannedAtPlace: { row: 2, field: 'Date' } });
  });

  it.each([
    [
      'JSON',
      'r.json',
      JSON.stringify({ findings: [{ title: 't', severity: 'High', description: 'd', date: '2021-01-06', is_mitigated: false, mitigated: 'soon' }] }),
      /at \$\.findings\[0\]\.mitigated\b/,
    ],
    [
      'CSV',
      'r.csv',
      'Title,Severity,Description,Date,IsMitigated,MitigatedDate\nt,High,d,2021-01-06,false,soon\n',
      /row 2, line 2, column\/field "MitigatedDate"/,
    ],
  ])('%s: a mitigation date that is not a date is an error even where the finding is not mitigated', async (_what, name, text, place) => {
    await expectInputError(generic.parseText(name, text), name, FORMAT, place);
  });
});
