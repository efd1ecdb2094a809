/** Arithmetic mean; null for an empty list. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Quantile with linear interpolation between closest ranks (the `percentile_cont` of SQL,
 * type 7 of Hyndman & Fan): the p90 of [1..10] is 9.1. Null for an empty list.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** Rounds for output: 1 decimal (kpis.md "Common rules"). */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function percent(part: number, whole: number): number {
  return (part / whole) * 100;
}
