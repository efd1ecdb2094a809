import type { CorpusSpec } from '../test-support/corpus-spec.js';

const MITIGATED =
  "A finding the file marks mitigated is not a live issue: DefectDojo keeps it active and mitigated, secscore records it as fixed at its mitigation date (a fix event, as for DefectDojo's own findings), or excludes it when the file gives no date to place the fix at.";

const CWE_LIST = 'secscore keeps every CWE a finding names in one list, the primary `cwe` first; DefectDojo keeps `cwe` apart from `cwes`.';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['generic'],
  differences: [
    { file: 'scans/generic/generic_report3.json', index: 2, field: 'active', dojo: true, secscore: false, reason: MITIGATED },
    { file: 'scans/generic/generic_report3.json', index: 3, field: 'active', dojo: true, secscore: false, reason: MITIGATED },
    {
      file: 'scans/generic/generic_report_multi_cwe_fabricated.json',
      index: 1,
      field: 'cwes',
      dojo: [89, 200],
      secscore: [79, 89, 200],
      reason: CWE_LIST,
    },
    { file: 'scans/generic/generic_report_multi_cwe_fabricated.json', index: 2, field: 'cwes', dojo: [], secscore: [22], reason: CWE_LIST },
  ],
};
