// A CommonJS package: Node's ESM loader gives it as one default export.
import cvssCalculator from 'ae-cvss-calculator';
import { severityFromCvss, type Severity } from '../domain/severity.js';

const { fromVector } = cvssCalculator;

/**
 * The base score of a CVSS vector (v2, v3.x or v4.0), or null where the text is not one. Tools
 * such as OSV-Scanner give only the vector, so the score is computed from it.
 */
export function cvssBaseScore(vector: string): number | null {
  try {
    const base = fromVector(vector.trim())?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) && base >= 0 && base <= 10 ? base : null;
  } catch {
    return null;
  }
}

/** The severity band of the highest-scoring vector among them, or null where none is a vector. */
export function severityOfCvssVectors(vectors: readonly (string | null | undefined)[]): Severity | null {
  let best: number | null = null;
  for (const v of vectors) {
    if (!v) continue;
    const score = cvssBaseScore(v);
    if (score !== null && (best === null || score > best)) best = score;
  }
  return best === null ? null : severityFromCvss(best);
}
