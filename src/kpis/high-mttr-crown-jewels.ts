import { defineKpi, noData } from './define-kpi.js';
import { exploitabilityKnown, fixEventsIn, mttrOf } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';

const eligible = scopeSubset(
  'high tier-0',
  ({ services }) =>
    (i) =>
      i.severity === 'high' && services.get(i.serviceId)!.tier === 0,
);

export const highMttrCrownJewels = defineKpi({
  id: 'high_mttr_crown_jewels',
  name: 'High vuln MTTR (crown jewels)',
  measures: 'Mean time to remediate high-severity vulnerabilities on tier-0 (crown jewel) services.',
  why: 'Crown jewels hold the data and revenue that matter most; highs left open there are the next criticals.',
  formula:
    'Fix events in P of high findings on tier-0 services; mean of (fixed_at - opened_at) in days. Also median, p90, and mean/median for the exploitable subset (KEV, EPSS >= threshold, or exploit marked available); without any exploitability data the subset is not reported and the output says so.',
  unit: 'days',
  better: 'down',
  target: { op: '<=', value: 30 },
  frequency: 'monthly',
  inputs: ['catalog', 'findings', 'exploitability'],
  subsets: [eligible],
  compute(input) {
    const { period, intervals, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const fixes = fixEventsIn(subsetOf(input, eligible), period);
    return mttrOf(fixes, exploitabilityKnown(loaded, intervals), 'no high findings on tier-0 services were fixed in the period');
  },
});
