/** A deliberate difference: which value DefectDojo asserts, which one secscore gives, and why. */
export interface Difference {
  file: string;
  /** The check's index; absent for file-level fields (`findings`). */
  index?: number;
  field: string;
  dojo: unknown;
  secscore: unknown;
  reason: string;
}

/**
 * What an importer folder's `corpus-differences.ts` exports: the DefectDojo corpus formats
 * (folder names under fixtures/corpus/scans) it answers for, and the values where it
 * deliberately differs from DefectDojo's parser tests, each with the reason.
 */
export interface CorpusSpec {
  formats: string[];
  differences: Difference[];
}
