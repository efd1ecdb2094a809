import type { IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';

/**
 * Intervals counted by the finding KPIs: false positives and `info` findings are excluded
 * from every KPI (kpis.md, Common rules).
 */
export function countable(intervals: readonly IntervalFact[]): IntervalFact[] {
  return intervals.filter((i) => !i.falsePositive && i.severity !== 'info');
}

/** Fix events in P: ends of open intervals with `fixedAt` in [start, end). */
export function fixEventsIn(intervals: readonly IntervalFact[], p: Period): IntervalFact[] {
  return intervals.filter((i) => i.fixedAt !== null && i.fixedAt >= p.start && i.fixedAt < p.end);
}

/** Reopen events in P: starts of second or later intervals with `openedAt` in [start, end). */
export function reopenEventsIn(intervals: readonly IntervalFact[], p: Period): IntervalFact[] {
  return intervals.filter((i) => i.seq > 1 && i.openedAt >= p.start && i.openedAt < p.end);
}

/** Intervals still open at `t`: opened before it and not fixed by it. */
export function openAt(intervals: readonly IntervalFact[], t: number): IntervalFact[] {
  return intervals.filter((i) => i.openedAt < t && (i.fixedAt === null || i.fixedAt >= t));
}
