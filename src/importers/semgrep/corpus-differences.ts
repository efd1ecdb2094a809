import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Differences in values no DefectDojo test asserts (so none is listed below):
 * - App supply-chain export (`vulns[]`): DefectDojo merges on title + file + line across the whole
 *   export; secscore adds the repository, so that two repositories with the same lockfile line stay
 *   two findings (of two services). Its rule id is the advisory's `ruleId` (`ssc-…`), where
 *   DefectDojo puts the repository id in vuln_id_from_tool. Vulnerabilities triaged FIXED are
 *   skipped (absent from the snapshot, hence fixed); IGNORED ones are false positives.
 * - Secret rules (`*.secrets.*`, Semgrep Secrets): the matched line is kept as a keyed hash only and
 *   left out of the description; DefectDojo shows it as the snippet.
 * - Rules of severity INVENTORY or EXPERIMENT are skipped with a reason; DefectDojo rejects the file.
 */
export const corpus: CorpusSpec = {
  formats: ['semgrep'],
  differences: [],
};
