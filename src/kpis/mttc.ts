import { defineKpi, noData } from './define-kpi.js';
import { incidentHours } from './incident-hours.js';
import { mean } from './stats.js';

export const mttc = defineKpi({
  id: 'mttc',
  name: 'Mean time to contain',
  measures: 'Mean hours from the detection of a security incident to its containment.',
  why: 'Containment time bounds the blast radius once an incident is known; it measures response readiness.',
  formula: 'Incidents with contained_at in P: mean of contained_at - detected_at, in hours.',
  unit: 'hours',
  better: 'down',
  target: { op: 'down' },
  frequency: 'quarterly',
  inputs: ['incidents'],
  compute({ period, records, loaded }) {
    if (!loaded.has('incidents')) return noData('no incidents have been imported');
    const { hours, details } = incidentHours(records.incidents, period, 'containedAt', 'detectedAt');
    const value = mean(hours);
    if (value === null) return noData('no incident with a detection time was contained in the period', details);
    return { kind: 'value', value, n: hours.length, details };
  },
});
