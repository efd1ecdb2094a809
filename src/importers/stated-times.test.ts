import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclonedxImporter } from './cyclonedx/index.js';
import { dependencyCheckImporter } from './dependency-check/index.js';
import { dependencyTrackImporter } from './dependency-track/index.js';
import { openvexImporter } from './openvex/index.js';
import { corpusDir, expectInputError, headersOf, parser } from './test-support/parse.js';
import type { ScannerImporter } from './types.js';

// A scan time the file states that is not a timestamp is an error at its place, not "now"
// (fields.ts, statedTime): each case is a real file with its time replaced.
const cases: [string, ScannerImporter, string, string, string, RegExp][] = [
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
  it.each(cases)('%s: the file as it is has its own scan time', async (_what, importer, path, time) => {
    const [header] = headersOf(await parser(importer).parseText('scan', readFileSync(path, 'utf8')));
    expect(header?.scannedAt).toBe(Date.parse(time));
  });

  it.each(cases)('%s: a time that is not one is an error at its place', async (_what, importer, path, time, format, place) => {
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(time);
    await expectInputError(parser(importer).parseText('when.scan', text.replace(time, 'last tuesday')), 'when.scan', format, place);
  });
});
