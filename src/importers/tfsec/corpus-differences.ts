import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['tfsec'],
  differences: [],
};
