import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Differences in values no DefectDojo test asserts (so none is listed below):
 * - The secret (`Secret`, `Match`, `offender`, `line`) is kept as a keyed hash only; DefectDojo
 *   shows Gitleaks 8's secret and match in the description. Commit messages and authors are
 *   left out too (a message can repeat the secret).
 * - A Gitleaks 8 finding without StartLine has no line (null); DefectDojo gives 0.
 * - A record of neither version is skipped with a reason, unless no record of the file is
 *   Gitleaks' (then the file is rejected, as DefectDojo rejects it on the first such record).
 */
export const corpus: CorpusSpec = {
  formats: ['gitleaks'],
  differences: [],
};
