import type { InputKind, IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import { DAY_MS } from '../domain/time.js';
import { countInPeriod, sortedTimes } from './event-time.js';
import { noData, type KpiResult } from './define-kpi.js';
import { mean, median, quantile } from './stats.js';

/*
 * Many KPIs ask the same questions of the same slice (the countable intervals of a scope, its fix
 * events in P, what is open at the end), once per KPI and period. The answers are memoised per
 * input array (facts are never mutated once loaded), so that each is worked out once per scope;
 * the arrays handed back are shared between callers and must not be modified (hence readonly).
 */
const countableCache = new WeakMap<readonly IntervalFact[], readonly IntervalFact[]>();
const derivedCache = new WeakMap<readonly IntervalFact[], Map<string, readonly IntervalFact[]>>();

function memo(intervals: readonly IntervalFact[], key: string, work: () => IntervalFact[]): readonly IntervalFact[] {
  let byKey = derivedCache.get(intervals);
  if (byKey === undefined) derivedCache.set(intervals, (byKey = new Map()));
  let out = byKey.get(key);
  if (out === undefined) byKey.set(key, (out = work()));
  return out;
}

/**
 * Intervals counted by the finding KPIs: false positives and `info` findings are excluded
 * from every KPI (kpis.md, Common rules).
 */
export function countable(intervals: readonly IntervalFact[]): readonly IntervalFact[] {
  let out = countableCache.get(intervals);
  if (out === undefined) countableCache.set(intervals, (out = intervals.filter(isCountable)));
  return out;
}

export function isCountable(i: IntervalFact): boolean {
  return !i.falsePositive && i.severity !== 'info';
}

/** Fix events in P: ends of open intervals with `fixedAt` in [start, end). */
export function fixEventsIn(intervals: readonly IntervalFact[], p: Period): readonly IntervalFact[] {
  return memo(intervals, `fix ${p.start} ${p.end}`, () => intervals.filter((i) => i.fixedAt !== null && i.fixedAt >= p.start && i.fixedAt < p.end));
}

/** Reopen events in P: starts of second or later intervals with `openedAt` in [start, end). */
export function reopenEventsIn(intervals: readonly IntervalFact[], p: Period): readonly IntervalFact[] {
  return memo(intervals, `reopen ${p.start} ${p.end}`, () => intervals.filter((i) => i.seq > 1 && i.openedAt >= p.start && i.openedAt < p.end));
}

/** Intervals still open at `t`: opened before it and not fixed by it. */
export function openAt(intervals: readonly IntervalFact[], t: number): readonly IntervalFact[] {
  return memo(intervals, `open ${t}`, () => intervals.filter((i) => i.openedAt < t && (i.fixedAt === null || i.fixedAt >= t)));
}

/**
 * How many of `intervals` have `at` (fix or open time) in P, [start, end): a count of events,
 * as `fixEventsIn(...).length` of intervals that all end in a fix, or `reopenEventsIn(...).length`
 * of reopened ones, by binary search over the times sorted once (`sortedTimes`).
 */
export function countIn(intervals: readonly IntervalFact[], at: 'fixedAt' | 'openedAt', p: Period): number {
  return countInPeriod(sortedTimes(intervals, at, at === 'fixedAt' ? fixedAtOf : openedAtOf), p);
}

// One function per field, not `(i) => i[at]`: a keyed load whose key varies is a megamorphic
// lookup per item (~0.1 s of `kpis --by area` at bench scale 1).
const fixedAtOf = (i: IntervalFact): number | null => i.fixedAt;
const openedAtOf = (i: IntervalFact): number => i.openedAt;

/** Days from open to fix of a fix event (unrounded). */
export function daysToFix(i: IntervalFact): number {
  return (i.fixedAt! - i.openedAt) / DAY_MS;
}

/**
 * Whether any exploitability signal exists (kpis.md, Exploitable vs found): a KEV or EPSS
 * import, or a tool that marked an exploit available on one of the intervals.
 */
export function exploitabilityKnown(loaded: ReadonlySet<InputKind>, intervals: readonly IntervalFact[]): boolean {
  return loaded.has('exploitability') || intervals.some((i) => i.exploitAvailable);
}

export const NO_EXPLOITABILITY = 'no exploitability data loaded';

/**
 * Mean time to remediate over fix events: mean days with median, p90 and the exploitable
 * subset (mean, median, n) — or, without any exploitability data, a note saying so instead of
 * treating every finding as exploitable or none.
 */
export function mttrOf(fixes: readonly IntervalFact[], exploitData: boolean, emptyReason: string): KpiResult {
  const durations = fixes.map(daysToFix);
  const exploitable = fixes.filter((i) => i.exploitAvailable).map(daysToFix);
  const details = {
    median: median(durations),
    p90: quantile(durations, 0.9),
    exploitable_mean: exploitData ? mean(exploitable) : null,
    exploitable_median: exploitData ? median(exploitable) : null,
    exploitable_n: exploitData ? exploitable.length : null,
    exploitability: exploitData ? 'loaded' : NO_EXPLOITABILITY,
  };
  const value = mean(durations);
  if (value === null) return noData(emptyReason, details);
  return {
    kind: 'value',
    value,
    n: durations.length,
    details,
    ...(exploitData ? {} : { note: `${NO_EXPLOITABILITY}: the exploitable subset is not reported` }),
  };
}
