import type { IntervalFact } from '../domain/facts.js';
import { tierWeight, type Service } from '../domain/service.js';
import type { Severity } from '../domain/severity.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData, type KpiInput } from './define-kpi.js';
import { countable } from './fix-events.js';
import { perScope } from './scope-memo.js';

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 5, medium: 2, low: 1, info: 0 };

/** A metric behind the scorecard (kpis.md): blast-radius-weighted open exposure, beside the raw open count. */
export const riskIndex = defineKpi({
  id: 'risk_index',
  name: 'Risk index (blast-radius weighted)',
  measures: 'Open exposure at the end of the period, weighted by severity, tier and internet exposure.',
  why: 'A raw count of open issues hides where they sit: ten mediums on an internal tool weigh less than one critical on a crown jewel.',
  formula:
    'Sum over findings open at end of severity weight (critical 10, high 5, medium 2, low 1) × tier weight (tier 0: 3, 1: 2, 2: 1) × (2 if internet-exposed else 1). Reported beside the raw open count.',
  unit: 'index',
  better: 'down',
  target: { op: 'down' },
  frequency: 'monthly',
  inputs: ['catalog', 'findings'],
  compute(input) {
    const { period, services, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    if (services.size === 0) return noData('no services in scope');
    // The scope's countable intervals as columns, worked out once for every period.
    const { opened, fixed, weight } = perScope(input, 'risk index columns', () => columnsOf(input.intervals, services));
    const t = period.end;
    let index = 0;
    let open = 0;
    for (let j = 0; j < opened.length; j++) {
      if (opened[j]! < t && fixed[j]! >= t) {
        open++;
        index += weight[j]!;
      }
    }
    if (open === 0 && !lookedAt(input)) {
      const days = input.policy.coverageWindowDays;
      return noData(
        `no scan of the scope in the ${days} days before the end of the period and no finding of it in the period: nothing says its exposure was 0`,
      );
    }
    return { kind: 'value', value: index, n: open, details: { open_count: open } };
  },
});

/**
 * Whether anything was seen of the scope near the end of the period: a scan in the coverage
 * window before the end, or a finding open at some time in the period. An index of 0 before the
 * first scan (a quarter years before the data) is "no data", never "no exposure". Only what every
 * command loads for the period is read, so that `kpis` and a review's series agree.
 */
function lookedAt({ period, policy, services, scans, intervals }: KpiInput): boolean {
  const from = period.end - policy.coverageWindowDays * DAY_MS;
  for (const s of scans) if (s.scannedAt >= from && s.scannedAt < period.end && services.has(s.serviceId)) return true;
  for (const i of intervals) if (i.openedAt < period.end && (i.fixedAt === null || i.fixedAt >= period.start) && services.has(i.serviceId)) return true;
  return false;
}

/**
 * The countable intervals of the scope's services as three columns: open time, fix time
 * (Infinity when open) and weight (severity × tier × exposure). A review reads 6 periods of
 * 52 scopes and a service series; filtering the interval objects for each, then looking up each
 * open one's service, was ~1.2 s of a review at bench scale 1, where a pass over the columns is
 * a millisecond or two.
 */
function columnsOf(
  intervals: readonly IntervalFact[],
  services: ReadonlyMap<string, Service>,
): { opened: Float64Array; fixed: Float64Array; weight: Float64Array } {
  const list = countable(intervals);
  const opened = new Float64Array(list.length);
  const fixed = new Float64Array(list.length);
  const weight = new Float64Array(list.length);
  let n = 0;
  for (let j = 0; j < list.length; j++) {
    const i = list[j]!;
    const s = services.get(i.serviceId);
    if (!s) continue;
    opened[n] = i.openedAt;
    fixed[n] = i.fixedAt ?? Infinity;
    weight[n++] = SEVERITY_WEIGHT[i.severity] * tierWeight(s.tier) * (s.internetExposed ? 2 : 1);
  }
  return { opened: opened.subarray(0, n), fixed: fixed.subarray(0, n), weight: weight.subarray(0, n) };
}
