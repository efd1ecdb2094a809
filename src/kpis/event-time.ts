import type { Period } from '../domain/period.js';
import type { Millis } from '../domain/time.js';

/** An event time in the half-open period `[start, end)` (kpis.md "Event times"); a missing time is never in P. */
export function inPeriod(t: Millis | null, p: Period): t is Millis {
  return t !== null && t >= p.start && t < p.end;
}

/**
 * The non-null times `at` gives for the items of `list`, sorted ascending, memoised per list and
 * `key` (facts and records are never mutated once loaded): sorted once, each period is then
 * `countInPeriod`, two binary searches, instead of a walk over every item.
 */
export function sortedTimes<T extends object>(list: readonly T[], key: string, at: (x: T) => number | null): Float64Array {
  let byKey = sortedCache.get(list);
  if (byKey === undefined) sortedCache.set(list, (byKey = new Map()));
  let times = byKey.get(key);
  if (times === undefined) {
    const picked = new Float64Array(list.length);
    let n = 0;
    for (let j = 0; j < list.length; j++) {
      const t = at(list[j]!);
      if (t !== null) picked[n++] = t;
    }
    byKey.set(key, (times = (n === picked.length ? picked : picked.slice(0, n)).sort()));
  }
  return times;
}

const sortedCache = new WeakMap<readonly object[], Map<string, Float64Array>>();

/** How many of `times` (sorted ascending) are in P: two binary searches instead of a walk. */
export function countInPeriod(times: Float64Array, p: Period): number {
  return firstAtOrAfter(times, p.end) - firstAtOrAfter(times, p.start);
}

/** Index of the first of sorted `times` that is >= `t` (times.length when none is). */
function firstAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
