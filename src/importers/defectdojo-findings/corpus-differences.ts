import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** No DefectDojo parser reads its own findings export, so the corpus has no case for it. */
export const corpus: CorpusSpec = { formats: [], differences: [] };
