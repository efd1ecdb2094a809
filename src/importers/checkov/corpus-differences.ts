import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['checkov'],
  differences: [
    {
      file: 'scans/checkov/checkov-report-multiple-check_type.json',
      index: 11,
      field: 'line',
      dojo: 0,
      secscore: null,
      reason:
        'Checkov writes the line range [0, 0] for a check on a whole file (a Dockerfile without HEALTHCHECK or USER); lines are 1-based, so secscore stores no line rather than line 0.',
    },
  ],
};
