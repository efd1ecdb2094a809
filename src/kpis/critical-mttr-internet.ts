import { defineKpi, noData } from './define-kpi.js';
import { exploitabilityKnown, fixEventsIn, mttrOf } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';

const eligible = scopeSubset(
  'critical internet-exposed',
  ({ services }) =>
    (i) =>
      i.severity === 'critical' && services.get(i.serviceId)!.internetExposed,
);

export const criticalMttrInternet = defineKpi({
  id: 'critical_mttr_internet',
  name: 'Critical vuln MTTR (internet-exposed)',
  measures: 'Mean time to remediate critical vulnerabilities on internet-exposed services.',
  why: 'Internet-exposed criticals are the most likely path to a breach; the time they stay open is the exposure window attackers get.',
  formula:
    'Fix events in P of critical findings on services marked internet-exposed; mean of (fixed_at - opened_at) in days. Also median, p90, and mean/median for the exploitable subset (KEV, EPSS >= threshold, or exploit marked available); without any exploitability data the subset is not reported and the output says so.',
  unit: 'days',
  better: 'down',
  target: { op: '<=', value: 14 },
  frequency: 'weekly',
  inputs: ['catalog', 'findings', 'exploitability'],
  subsets: [eligible],
  compute(input) {
    const { period, intervals, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const fixes = fixEventsIn(subsetOf(input, eligible), period);
    return mttrOf(fixes, exploitabilityKnown(loaded, intervals), 'no critical findings on internet-exposed services were fixed in the period');
  },
});
