import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { percent } from './stats.js';

/** A threat model older than this at `end` no longer counts (kpis.md). */
const WINDOW_DAYS = 365;

export const threatModelAdoption = defineKpi({
  id: 'threat_model_adoption',
  name: 'Threat model adoption',
  measures: 'Share of tier 0 and tier 1 services with a threat model kept up to date.',
  why: 'A current threat model is how a team knows what it must defend before an attacker shows it.',
  formula: 'Tier 0 and 1 services with a threat model updated in [end - 365 d, end) / tier 0 and 1 services.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 80 },
  frequency: 'quarterly',
  inputs: ['catalog', 'threat-models'],
  compute({ period, services, records, loaded }) {
    if (!loaded.has('threat-models')) return noData('no threat models have been imported');
    const from = period.end - WINDOW_DAYS * DAY_MS;
    const current = new Set(records.threatModels.filter((t) => t.updatedAt >= from && t.updatedAt < period.end).map((t) => t.serviceId));
    const older = new Set(records.threatModels.filter((t) => t.updatedAt < from).map((t) => t.serviceId));
    const critical = [...services.values()].filter((s) => s.tier <= 1);
    const share = (tier: 0 | 1): number | null => {
      const list = critical.filter((s) => s.tier === tier);
      return list.length === 0 ? null : percent(list.filter((s) => current.has(s.id)).length, list.length);
    };
    const covered = critical.filter((s) => current.has(s.id)).length;
    const n = critical.length;
    const details = {
      covered,
      outdated: critical.filter((s) => !current.has(s.id) && older.has(s.id)).length,
      none: critical.filter((s) => !current.has(s.id) && !older.has(s.id)).length,
      tier0_share: share(0),
      tier1_share: share(1),
    };
    if (n === 0) return noData('the scope has no tier 0 or tier 1 service', details);
    return { kind: 'value', value: percent(covered, n), n, details };
  },
});
