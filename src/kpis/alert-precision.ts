import { defineKpi, noData } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { percent } from './stats.js';

export const alertPrecision = defineKpi({
  id: 'alert_precision',
  name: 'Alert precision',
  measures: 'Share of dispositioned security alerts that were real.',
  why: 'Noisy alerting burns analyst time and trains people to ignore the alert that matters.',
  formula: 'Alerts dispositioned in P: true positives / (true positives + false positives); benign alerts are left out of both.',
  unit: '%',
  better: 'up',
  target: { op: 'up' },
  frequency: 'monthly',
  inputs: ['alerts'],
  compute({ period, records, loaded }) {
    if (!loaded.has('alerts')) return noData('no alerts have been imported');
    const inP = records.alerts.filter((a) => inPeriod(a.dispositionedAt, period));
    const tp = inP.filter((a) => a.disposition === 'true_positive').length;
    const fp = inP.filter((a) => a.disposition === 'false_positive').length;
    const benign = inP.filter((a) => a.disposition === 'benign').length;
    const n = tp + fp;
    const details = { true_positives: tp, false_positives: fp, benign };
    if (n === 0) return noData('no alert was dispositioned true or false positive in the period', details);
    return { kind: 'value', value: percent(tp, n), n, details };
  },
});
