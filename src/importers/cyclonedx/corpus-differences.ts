import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['cyclonedx'],
  differences: [
    {
      file: 'scans/cyclonedx/valid-vulnerability-1.4.xml',
      index: 0,
      field: 'vulnerability_ids',
      dojo: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111', 'CVE-2018-7489', 'CVE-2018-7489'],
      secscore: ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111', 'CVE-2018-7489'],
      reason:
        'The BOM lists the same reference twice; secscore keeps each vulnerability id once (as DefectDojo itself does for the JSON form of the same BOM).',
    },
  ],
};
