import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['trivy'],
  differences: [
    {
      file: 'scans/trivy/license_scheme.json',
      index: 0,
      field: 'file_path',
      dojo: '',
      secscore: null,
      reason: 'A license of an OS package has no file (Trivy writes FilePath ""); secscore has no empty paths and stores null.',
    },
  ],
};
