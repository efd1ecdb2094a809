import { defineKpi, noData } from './define-kpi.js';
import { latestAtOrBefore } from './latest.js';
import { percent } from './stats.js';

export const loggingCoverage = defineKpi({
  id: 'logging_coverage',
  name: 'Logging coverage (critical services)',
  measures: 'Share of tier 0 and tier 1 services that ship their required logs and keep them long enough.',
  why: 'Without the logs of critical services an incident can be neither detected nor investigated.',
  formula:
    'Tier 0 and 1 services whose latest logging record at or before end has shipped true and retained_days >= the configured minimum (default 90) / tier 0 and 1 services.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 95 },
  frequency: 'quarterly',
  inputs: ['catalog', 'logging'],
  compute({ period, policy, services, records, loaded }) {
    if (!loaded.has('logging')) return noData('no logging records have been imported');
    const critical = [...services.values()].filter((s) => s.tier <= 1);
    const latest = latestAtOrBefore(
      records.logging,
      period.end,
      (r) => r.serviceId,
      (r) => r.at,
    );
    const min = policy.loggingMinRetentionDays;
    let covered = 0;
    let notShipped = 0;
    let shortRetention = 0;
    let noRecord = 0;
    for (const s of critical) {
      const r = latest.get(s.id);
      if (r === undefined) noRecord++;
      else if (!r.shipped) notShipped++;
      else if (r.retainedDays === null || r.retainedDays < min) shortRetention++;
      else covered++;
    }
    const n = critical.length;
    const details = { covered, not_shipped: notShipped, short_or_unknown_retention: shortRetention, no_record: noRecord, min_retention_days: min };
    if (n === 0) return noData('the scope has no tier 0 or tier 1 service', details);
    return { kind: 'value', value: percent(covered, n), n, details };
  },
});
