/** A deliberate difference: which value DefectDojo asserts, which one secscore gives, and why. */
export interface Difference {
  file: string;
  /**
   * The check's index; absent for file-level fields (`findings`). Where secscore merges records
   * DefectDojo keeps apart, a check may name an index secscore has no finding at: its field is
   * then `index`.
   */
  index?: number;
  field: string;
  /**
   * DefectDojo's scan type, where one file is tested under two (`Anchore Grype` and `Anchore Grype
   * detailed`): the difference holds for that one only.
   */
  scanType?: string;
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
