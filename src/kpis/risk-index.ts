import type { Severity } from '../domain/severity.js';
import { tierWeight } from '../domain/service.js';
import { defineKpi, noData } from './define-kpi.js';
import { countable, openAt } from './fix-events.js';

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
  compute({ period, services, intervals, loaded }) {
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    if (services.size === 0) return noData('no services in scope');
    let index = 0;
    let open = 0;
    for (const i of openAt(countable(intervals), period.end)) {
      const s = services.get(i.serviceId);
      if (!s) continue;
      open++;
      index += SEVERITY_WEIGHT[i.severity] * tierWeight(s.tier) * (s.internetExposed ? 2 : 1);
    }
    return { kind: 'value', value: index, n: open, details: { open_count: open } };
  },
});
