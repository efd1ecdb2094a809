import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Differences in values no DefectDojo test asserts (so none is listed below):
 * - TruffleHog 2 findings have no line (null); DefectDojo sets a fake 0. TruffleHog 3 results
 *   without a line (non-git sources) also have none, where DefectDojo gives 0.
 * - The secret (`Raw`/`RawV2`, `stringsFound`) is kept as a keyed hash only; `Redacted`,
 *   `ExtraData`, `StructuredData`, the diffs and commit messages are left out of the description,
 *   where DefectDojo shows them.
 * - Log lines (`level`, `msg`) and results without a DetectorName are skipped with a reason;
 *   DefectDojo reads them as findings or fails.
 */
export const corpus: CorpusSpec = {
  formats: ['trufflehog'],
  differences: [],
};
