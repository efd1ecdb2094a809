import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Not asserted by DefectDojo, so not listed: the aliases newer pip-audit lists (CVE, GHSA) are kept
 * after the PYSEC id; the fix version is the lowest listed one above the installed version.
 */
export const corpus: CorpusSpec = {
  formats: ['pip_audit'],
  differences: [],
};
