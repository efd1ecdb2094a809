import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePlace } from '../domain/errors.js';
import { parseTimestamp } from '../domain/time.js';
import { banditImporter } from './bandit/index.js';
import { cyclonedxImporter } from './cyclonedx/index.js';
import { dependencyCheckImporter } from './dependency-check/index.js';
import { dependencyTrackImporter } from './dependency-track/index.js';
import { gitlabImporter } from './gitlab/index.js';
import { grypeImporter } from './grype/index.js';
import { kicsImporter } from './kics/index.js';
import { openvexImporter } from './openvex/index.js';
import { sarifImporter } from './sarif/index.js';
import { trivyImporter } from './trivy/index.js';
import { corpusDir, expectInputError, headersOf, parser } from './test-support/parse.js';
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
