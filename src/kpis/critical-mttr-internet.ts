import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { countable, fixEventsIn } from './fix-events.js';
import { mean, median, quantile } from './stats.js';

export const criticalMttrInternet = defineKpi({
  id: 'critical_mttr_internet',
  name: 'Critical vuln MTTR (internet-exposed)',
  measures: 'Mean time to remediate critical vulnerabilities on internet-exposed services.',
  why: 'Internet-exposed criticals are the most likely path to a breach; the time they stay open is the exposure window attackers get.',
  formula:
    'Fix events in P of critical findings on services marked internet-exposed; mean of (fixed_at - opened_at) in days. Also median, p90, and the same for the exploitable subset.',
  unit: 'days',
  better: 'down',
  target: { op: '<=', value: 14 },
  frequency: 'weekly',
  inputs: ['catalog', 'findings', 'exploitability'],
  compute({ period, services, intervals, loaded }) {
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const fixes = fixEventsIn(countable(intervals), period).filter(
      (i) => i.severity === 'critical' && services.get(i.serviceId)?.internetExposed === true,
    );
    const durations = fixes.map((i) => (i.fixedAt! - i.openedAt) / DAY_MS);
    const exploitable = fixes.filter((i) => i.exploitAvailable).map((i) => (i.fixedAt! - i.openedAt) / DAY_MS);
    const exploitData = loaded.has('exploitability') || intervals.some((i) => i.exploitAvailable);
    const details = {
      median: median(durations),
      p90: quantile(durations, 0.9),
      exploitable_mean: exploitData ? mean(exploitable) : null,
      exploitable_n: exploitData ? exploitable.length : null,
      exploitability: exploitData ? 'loaded' : 'no exploitability data loaded',
    };
    const value = mean(durations);
    if (value === null) return noData('no critical findings on internet-exposed services were fixed in the period', details);
    return { kind: 'value', value, n: durations.length, details };
  },
});
