import { slaDueAt } from '../domain/policy.js';
import { defineKpi, noData } from './define-kpi.js';
import { activeCoverKeys, covers } from './exception-cover.js';
import { fixEventsIn, openAt } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { percent } from './stats.js';

const scopeCriticals = scopeSubset('critical', () => (i) => i.severity === 'critical');

export const criticalSlaCompliance = defineKpi({
  id: 'critical_sla_compliance',
  name: 'Critical vuln SLA compliance',
  measures: 'Share of critical vulnerabilities remediated within their SLA.',
  why: 'The SLA is the promise made to the business; misses on critical findings are what auditors and customers ask about first.',
  formula:
    'Population: critical fix events in P, plus critical intervals still open at end, overdue at end (due < end) and not under an active exception at end. Compliant: fix events with fixed_at <= due. Value = compliant / population.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 90 },
  frequency: 'weekly',
  inputs: ['catalog', 'findings', 'exceptions'],
  subsets: [scopeCriticals],
  compute(input) {
    const { period, policy, services, exceptions, loaded } = input;
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const criticals = subsetOf(input, scopeCriticals);
    const due = (i: (typeof criticals)[number]) => slaDueAt(policy, 'critical', services.get(i.serviceId)!.tier, i.openedAt);
    const fixes = fixEventsIn(criticals, period);
    const compliant = fixes.filter((i) => {
      const d = due(i);
      return d === null || i.fixedAt! <= d;
    });
    const activeAtEnd = activeCoverKeys(exceptions, period.end);
    const overdueOpen = openAt(criticals, period.end).filter((i) => {
      const d = due(i);
      if (d === null || d >= period.end) return false;
      return !covers(i, activeAtEnd);
    });
    const n = fixes.length + overdueOpen.length;
    const details = {
      fixed: fixes.length,
      fixed_within_sla: compliant.length,
      fixed_late: fixes.length - compliant.length,
      overdue_open: overdueOpen.length,
      overdue_open_tier01_or_internet: overdueOpen.filter((i) => {
        const s = services.get(i.serviceId)!;
        return s.tier <= 1 || s.internetExposed;
      }).length,
    };
    if (n === 0) return noData('no critical findings were fixed in the period and none is overdue at its end', details);
    return { kind: 'value', value: percent(compliant.length, n), n, details };
  },
});
