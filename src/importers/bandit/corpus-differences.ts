import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Differences in values no DefectDojo test asserts (so none is listed below):
 * - Hard-coded password results (B105, B106, B107): the password in the issue text is replaced by
 *   `[redacted]` in the title (DefectDojo keeps `Possible hardcoded password: '<password>'`) and
 *   kept as a keyed hash only; their code snippet is left out of the description.
 * - Severity UNDEFINED is info; DefectDojo has no such severity.
 */
export const corpus: CorpusSpec = {
  formats: ['bandit'],
  differences: [],
};
