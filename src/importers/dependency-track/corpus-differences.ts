import type { CorpusSpec } from '../test-support/corpus-spec.js';

/** DefectDojo's corpus has no Dependency-Track findings export, so there is no case to agree with. */
export const corpus: CorpusSpec = { formats: [], differences: [] };
