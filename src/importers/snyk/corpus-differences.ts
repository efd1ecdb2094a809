import type { CorpusSpec } from '../test-support/corpus-spec.js';

const MERGED =
  'Snyk lists a vulnerability once per dependency path, and DefectDojo keeps every path as a finding; secscore keeps one finding per vulnerable package version in each project (the paths counted and listed), so that one upgrade closes one finding.';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Not asserted by DefectDojo, so not listed: issues the project's `.snyk` policy ignores
 * (`filtered.ignore`) become false-positive findings, where DefectDojo leaves them out; GHSA ids
 * are kept after the CVE ids; an issue with neither is known by its Snyk id.
 */
export const corpus: CorpusSpec = {
  formats: ['snyk'],
  differences: [
    { file: 'scans/snyk/all_containers_target_output.json', field: 'findings', dojo: 40, secscore: 17, reason: MERGED },
    { file: 'scans/snyk/single_project_upgrade_libs.json', field: 'findings', dojo: 254, secscore: 52, reason: MERGED },
    {
      file: 'scans/snyk/single_project_upgrade_libs.json',
      index: 227,
      field: 'index',
      dojo: 227,
      secscore: null,
      reason: `${MERGED} Its 52 findings have no 228th.`,
    },
    {
      file: 'scans/snyk/single_project_one_vuln.json',
      index: 0,
      field: 'file_path',
      dojo: 'com.test:myframework > org.apache.santuario:xmlsec',
      secscore: 'pom.xml',
      reason:
        "secscore's file is the manifest the fix goes into (Snyk's displayTargetFile); DefectDojo puts the dependency path there, which secscore lists in the description.",
    },
  ],
};
