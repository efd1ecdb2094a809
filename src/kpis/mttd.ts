import { defineKpi, noData } from './define-kpi.js';
import { incidentHours } from './incident-hours.js';
import { mean } from './stats.js';

export const mttd = defineKpi({
  id: 'mttd',
  name: 'Mean time to detect',
  measures: 'Mean hours from the start of a security incident to its detection.',
  why: 'The longer an attacker goes unnoticed, the larger the damage; detection time is what monitoring investment buys down.',
  formula: 'Incidents with detected_at in P: mean of detected_at - started_at, in hours.',
  unit: 'hours',
  better: 'down',
  target: { op: 'down' },
  frequency: 'quarterly',
  inputs: ['incidents'],
  compute({ period, records, loaded }) {
    if (!loaded.has('incidents')) return noData('no incidents have been imported');
    const { hours, details } = incidentHours(records.incidents, period, 'detectedAt', 'startedAt');
    const value = mean(hours);
    if (value === null) return noData('no incident with a start time was detected in the period', details);
    return { kind: 'value', value, n: hours.length, details };
  },
});
