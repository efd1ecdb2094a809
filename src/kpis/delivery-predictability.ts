import { defineKpi, noData } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { percent } from './stats.js';

export const deliveryPredictability = defineKpi({
  id: 'delivery_predictability',
  name: 'Delivery predictability',
  measures: 'Whether security commitments land when promised.',
  why: 'Leadership plans around the roadmap; missed dates erode trust in every other number here.',
  formula: 'Milestones with due_at in P: met (completed_at <= due_at) / all; a milestone not completed counts as missed.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 80 },
  frequency: 'quarterly',
  inputs: ['milestones'],
  compute({ period, records, loaded, scope }) {
    if (!loaded.has('milestones')) return noData('no milestones have been imported');
    const due = records.milestones.filter((m) => inPeriod(m.dueAt, period));
    const met = due.filter((m) => m.completedAt !== null && m.completedAt <= m.dueAt).length;
    const notCompleted = due.filter((m) => m.completedAt === null).length;
    const details = { met, completed_late: due.length - met - notCompleted, not_completed: notCompleted };
    if (due.length === 0) {
      const byArea = scope.by === 'company' || scope.by === 'line' || scope.by === 'area';
      return noData(byArea ? 'no milestones due in the period' : 'milestones belong to product areas, not to this scope', details);
    }
    return { kind: 'value', value: percent(met, due.length), n: due.length, details };
  },
});
