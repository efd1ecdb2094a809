import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * One importer reads every GitLab security report type; the category follows `scan.type` (or each
 * vulnerability's `category` in reports before schema 15), and TruffleHog or Gitleaks results in a
 * legacy SAST report are secrets. The tool is `gitlab-<analyzer>`, so that GitLab's Semgrep and a
 * Semgrep report of one's own are two streams that do not close each other's findings.
 * Not asserted by DefectDojo, so not listed: secret detection's `raw_source_code_extract` is kept as
 * a keyed hash only; vulnerabilities GitLab flags as likely false positives are false positives.
 */
export const corpus: CorpusSpec = {
  formats: ['gitlab_sast', 'gitlab_dep_scan'],
  differences: [],
};
