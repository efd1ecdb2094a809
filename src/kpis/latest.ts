/**
 * "Latest record at or before `end`" (kpis.md, Common rules) for snapshot-like kinds: per key,
 * the record with the greatest time `<= end`. Records after `end` are not seen.
 */
export function latestAtOrBefore<T>(records: readonly T[], end: number, keyOf: (r: T) => string, timeOf: (r: T) => number): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of records) {
    const t = timeOf(r);
    if (t > end) continue;
    const key = keyOf(r);
    const seen = out.get(key);
    if (seen === undefined || t > timeOf(seen)) out.set(key, r);
  }
  return out;
}
