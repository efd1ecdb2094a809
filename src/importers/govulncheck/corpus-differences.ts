import type { CorpusSpec } from '../test-support/corpus-spec.js';

const REACHABILITY =
  "secscore rates every govulncheck finding by reachability, as DefectDojo's `Govulncheck Scanner V2` does (a called vulnerable symbol is high); the older `Govulncheck Scanner` type files everything as Info.";
const TITLE = "secscore titles a finding `<advisory> - <module>` in every govulncheck format, as DefectDojo's V2 parser does.";
const ENTRY =
  "secscore's file and line are where the scanned code enters the vulnerable call chain (the last frame of govulncheck's trace); DefectDojo's older parser puts the vulnerable package's import path there.";

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * secscore reads govulncheck 1.0 streams as DefectDojo's V2 parser does: one finding per
 * (advisory, module) among the `finding` messages, so that advisories the database sent but that
 * do not apply to the code are not findings. The older scan type (one finding per `osv` message)
 * agrees on the corpus counts except where noted. Both reject empty input and SARIF.
 */
export const corpus: CorpusSpec = {
  formats: ['govulncheck'],
  differences: [
    ...[0, 1, 2].map((index) => ({
      file: 'scans/govulncheck/many_vulns.json',
      index,
      field: 'severity',
      dojo: 'Info',
      secscore: 'high',
      reason: REACHABILITY,
    })),
    ...(
      [
        [0, 'GO-2022-1144'],
        [1, 'GO-2022-1143'],
        [2, 'GO-2022-0969'],
      ] as const
    ).map(([index, id]) => ({ file: 'scans/govulncheck/many_vulns.json', index, field: 'title', dojo: id, secscore: `${id} - stdlib`, reason: TITLE })),
    { file: 'scans/govulncheck/many_vulns_new_version.json', index: 0, field: 'severity', dojo: 'Info', secscore: 'high', reason: REACHABILITY },
    {
      file: 'scans/govulncheck/many_vulns_new_version.json',
      index: 0,
      field: 'title',
      dojo: 'GO-2023-1840 - stdlib - runtime',
      secscore: 'GO-2023-1840 - stdlib',
      reason: TITLE,
    },
    {
      file: 'scans/govulncheck/many_vulns_new_version.json',
      index: 0,
      field: 'file_path',
      dojo: 'runtime',
      secscore: '/tmp/testproject/main.go',
      reason: ENTRY,
    },
  ],
};
