import type { IntervalFact } from '../domain/facts.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { fixEventsIn } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { median } from './stats.js';

/** Days from when a fix could be applied (the later of opened_at and fix_available_at; unknown → opened_at) to the fix. */
function latency(i: IntervalFact): number {
  const from = i.fixAvailableAt === null ? i.openedAt : Math.max(i.openedAt, i.fixAvailableAt);
  return (i.fixedAt! - from) / DAY_MS;
}

const eligible = scopeSubset('sca critical or high', () => (i) => i.category === 'sca' && (i.severity === 'critical' || i.severity === 'high'));

export const dependencyUpdateLatency = defineKpi({
  id: 'dependency_update_latency',
  name: 'Dependency update latency',
  measures: 'How long vulnerable dependencies wait for an update once a fixed version exists.',
  why: 'Most exploited vulnerabilities have had a patch for months; latency after the patch ships is pure self-inflicted exposure.',
  formula:
    'SCA fix events in P of critical and high findings: fixed_at - max(opened_at, fix_available_at) in days (fix_available_at unknown → opened_at); value = median. Also the median for critical ones.',
  unit: 'days',
  better: 'down',
  target: { op: '<=', value: 30 },
  frequency: 'monthly',
  inputs: ['findings'],
  subsets: [eligible],
  compute(input) {
    const { period, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const fixes = fixEventsIn(subsetOf(input, eligible), period);
    const all = fixes.map(latency);
    const critical = fixes.filter((i) => i.severity === 'critical').map(latency);
    const details = {
      critical_median: median(critical),
      critical_n: critical.length,
      critical_target_days: 14,
      fix_date_unknown: fixes.filter((i) => i.fixAvailableAt === null).length,
    };
    const value = median(all);
    if (value === null) return noData('no critical or high SCA findings were fixed in the period', details);
    return { kind: 'value', value, n: all.length, details };
  },
});
