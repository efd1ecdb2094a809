import { defineKpi, noData } from './define-kpi.js';
import { countIn } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { percent } from './stats.js';

/** The scope's intervals that end in a fix, and those that start with a reopen: each period's events are picked from them. */
const fixed = scopeSubset('fixed', () => (i) => i.fixedAt !== null);
const reopened = scopeSubset('reopened', () => (i) => i.seq > 1);

export const reopenRate = defineKpi({
  id: 'reopen_rate',
  name: 'Vulnerability re-open rate',
  measures: 'Share of fixes that did not hold: findings that came back after being fixed.',
  why: 'Fixes that do not stick cost twice and point at patched symptoms instead of root causes.',
  formula: 'Reopen events in P / fix events in P.',
  unit: '%',
  better: 'down',
  target: { op: '<=', value: 10 },
  frequency: 'monthly',
  inputs: ['findings'],
  subsets: [fixed, reopened],
  compute(input) {
    const { period, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const fixes = countIn(subsetOf(input, fixed), 'fixedAt', period);
    const reopens = countIn(subsetOf(input, reopened), 'openedAt', period);
    const details = { reopens, fixes, good_threshold: 5 };
    if (fixes === 0) return noData('no fix events in the period', details);
    return { kind: 'value', value: percent(reopens, fixes), n: fixes, details };
  },
});
