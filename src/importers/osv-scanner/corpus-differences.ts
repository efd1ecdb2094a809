import type { CorpusSpec } from '../test-support/corpus-spec.js';

const TITLE =
  'secscore titles a package vulnerability as its other SCA importers do (`<id> in <package>:<version>`), where DefectDojo joins id and package with an underscore.';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Not asserted by DefectDojo, so not listed: an advisory without GitHub's severity word is rated
 * from its CVSS vectors (DefectDojo rates every such advisory Low); the CWE ids GitHub advisories
 * carry in `database_specific.cwe_ids` are kept; aliases are kept after the id.
 */
export const corpus: CorpusSpec = {
  formats: ['osv_scanner'],
  differences: [
    {
      file: 'scans/osv_scanner/many_findings.json',
      index: 0,
      field: 'title',
      dojo: 'GHSA-25mq-v84q-4j7r_guzzlehttp/guzzle',
      secscore: 'GHSA-25mq-v84q-4j7r in guzzlehttp/guzzle:6.3.3',
      reason: TITLE,
    },
    {
      file: 'scans/osv_scanner/many_findings.json',
      index: 3,
      field: 'title',
      dojo: 'GHSA-q559-8m2m-g699_guzzlehttp/guzzle',
      secscore: 'GHSA-q559-8m2m-g699 in guzzlehttp/guzzle:6.3.3',
      reason: TITLE,
    },
    {
      file: 'scans/osv_scanner/many_findings.json',
      index: 17,
      field: 'title',
      dojo: 'GHSA-53qw-q765-4fww_django',
      secscore: 'GHSA-53qw-q765-4fww in django:3.2.4',
      reason: TITLE,
    },
  ],
};
