import type { CorpusSpec } from '../test-support/corpus-spec.js';

const SAME_ID_TWICE =
  'DefectDojo lists the matched id again when Grype relates it to itself (a distro record and its NVD record share the CVE id); secscore keeps each vulnerability id once.';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Not asserted by DefectDojo, so not listed: `ignoredMatches` (matches the project's ignore rules
 * suppressed) become false-positive findings, where DefectDojo leaves them out.
 */
export const corpus: CorpusSpec = {
  formats: ['anchore_grype'],
  differences: [
    {
      file: 'scans/anchore_grype/check_all_fields.json',
      index: 0,
      field: 'vulnerability_ids',
      dojo: ['CVE-2004-0971', 'CVE-2004-0971'],
      secscore: ['CVE-2004-0971'],
      reason: SAME_ID_TWICE,
    },
    {
      file: 'scans/anchore_grype/check_all_fields.json',
      index: 2,
      field: 'vulnerability_ids',
      dojo: ['CVE-2021-33574', 'CVE-2021-33574'],
      secscore: ['CVE-2021-33574'],
      reason: SAME_ID_TWICE,
    },
    {
      file: 'scans/anchore_grype/check_all_fields.json',
      index: 3,
      field: 'vulnerability_ids',
      dojo: ['CVE-2021-33574', 'CVE-2021-33574'],
      secscore: ['CVE-2021-33574'],
      reason: SAME_ID_TWICE,
    },
    {
      file: 'scans/anchore_grype/same_cve_different_paths.json',
      scanType: 'Anchore Grype detailed',
      field: 'findings',
      dojo: 2,
      secscore: 1,
      reason:
        "secscore reads Grype as DefectDojo's default `Anchore Grype` scan type does: one package installed at two paths is one finding, its paths listed; the `detailed` scan type keeps one finding per path.",
    },
  ],
};
