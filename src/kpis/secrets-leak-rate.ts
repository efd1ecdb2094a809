import type { CommitCountRecord } from '../domain/records.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData, type KpiInput } from './define-kpi.js';
import { countIn } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';

/** `YYYY-MM-DD` (UTC) as the epoch milliseconds of its midnight (memoised: few distinct days, many commit rows). */
function dayStart(day: string): number {
  let t = dayStarts.get(day);
  if (t === undefined) dayStarts.set(day, (t = Date.parse(`${day}T00:00:00Z`)));
  return t;
}

const dayStarts = new Map<string, number>();

/**
 * A scope's commit counts summed by day (its UTC midnight), memoised per commits array (records
 * are never mutated once loaded): each period sums the days it holds instead of walking every
 * row. Counts are integers, so the sums are exact in any order.
 */
function countsByDay(commits: readonly CommitCountRecord[]): ReadonlyMap<number, number> {
  let byDay = countsByDayCache.get(commits);
  if (byDay === undefined) {
    const sums = new Map<number, number>();
    for (const c of commits) {
      const t = dayStart(c.day);
      sums.set(t, (sums.get(t) ?? 0) + c.count);
    }
    countsByDayCache.set(commits, (byDay = sums));
  }
  return byDay;
}

const countsByDayCache = new WeakMap<readonly CommitCountRecord[], ReadonlyMap<number, number>>();

/**
 * Whether the scope had a secrets scan in the coverage window before the end (as
 * scanning_coverage counts one): without one and without a leak found, 0 would be a guess —
 * "no data" is never 0. Only the scans every command loads for the period are read.
 */
function secretsScanned({ period, policy, services, scans }: KpiInput): boolean {
  const from = period.end - policy.coverageWindowDays * DAY_MS;
  return scans.some((s) => s.category === 'secrets' && s.scannedAt >= from && s.scannedAt < period.end && services.has(s.serviceId));
}

/** First open intervals of secret findings: a leak counts when it is first found. */
const firstSecrets = scopeSubset('secrets first interval', () => (i) => i.category === 'secrets' && i.seq === 1);

export const secretsLeakRate = defineKpi({
  id: 'secrets_leak_rate',
  name: 'Secrets leak rate',
  measures: 'New leaked secrets per thousand commits.',
  why: 'Every leaked credential is a door left open until it is rotated; the rate shows whether pre-commit guards work as the codebase grows.',
  formula:
    'Secret findings whose first opened_at is in P (first open interval, false positives and info excluded) × 1000 / commits in P (commit counts by day, from the GitHub connector or a commits import). ' +
    'Without commit counts in P: the value is the count of new secret findings, unit count, with a note that the rate is unavailable. ' +
    'No data when no new secret was found and the scope had no secrets scan in [end - coverage window, end).',
  unit: 'per 1k commits',
  better: 'down',
  target: { op: 'down' },
  frequency: 'monthly',
  inputs: ['findings', 'commits'],
  subsets: [firstSecrets],
  compute(input) {
    const { period, records, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const leaks = countIn(subsetOf(input, firstSecrets), 'openedAt', period);
    if (leaks === 0 && !secretsScanned(input))
      return noData(`no secrets scan of the scope in the ${input.policy.coverageWindowDays} days before the end of the period: nothing says no secret leaked`);
    let commits = 0;
    for (const [t, count] of countsByDay(records.commits)) if (t >= period.start && t < period.end) commits += count;
    if (commits === 0) {
      const why = loaded.has('commits') ? 'no commits were counted in the period for this scope' : 'no commit counts have been imported';
      return {
        kind: 'value',
        value: leaks,
        n: leaks,
        unit: 'count',
        details: { leaks, commits: null },
        note: `rate per 1k commits unavailable: ${why}; the value is the count of new secret findings`,
      };
    }
    return { kind: 'value', value: (leaks * 1000) / commits, n: commits, unit: 'per 1k commits', details: { leaks, commits } };
  },
});
