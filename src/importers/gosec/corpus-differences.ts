import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Differences in values no DefectDojo test asserts (so none is listed below):
 * - G101 (hard-coded credentials): the flagged line is kept as a keyed hash only and left out of
 *   the description, where DefectDojo shows the code.
 * - Issues suppressed with `#nosec` (reported with -track-suppressions) are false positives: the
 *   tool says they are suppressed.
 */
export const corpus: CorpusSpec = {
  formats: ['gosec'],
  differences: [],
};
