import type { Period } from '../domain/period.js';
import type { Millis } from '../domain/time.js';

/** An event time in the half-open period `[start, end)` (kpis.md "Event times"); a missing time is never in P. */
export function inPeriod(t: Millis | null, p: Period): t is Millis {
  return t !== null && t >= p.start && t < p.end;
}
