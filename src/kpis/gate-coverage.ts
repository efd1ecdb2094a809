import { defineKpi, noData } from './define-kpi.js';
import { hasSecurityStage, runsIn } from './gate-runs.js';
import { percent } from './stats.js';

/** A metric behind the scorecard (kpis.md): release gate coverage of the critical services. */
export const gateCoverage = defineKpi({
  id: 'gate_coverage',
  name: 'Release gate coverage (tier 0/1)',
  measures: 'Share of production releases of tier 0 and tier 1 services that went through a security gate.',
  why: 'A release without gate evidence is a release nobody checked; on the critical services that is the exposure that matters.',
  formula:
    'Production releases (pipeline runs with release = true) started in P of tier 0/1 services of the scope: those with security gate evidence (security_stage not absent) / all of them.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 80 },
  frequency: 'monthly',
  inputs: ['catalog', 'pipeline-runs'],
  compute({ period, services, records, loaded }) {
    if (!loaded.has('pipeline-runs')) return noData('no pipeline runs have been imported');
    const releases = runsIn(records.pipelineRuns, period).filter((r) => r.release);
    const critical = releases.filter((r) => {
      const s = r.serviceId === null ? undefined : services.get(r.serviceId);
      return s !== undefined && s.tier <= 1;
    });
    const gated = critical.filter(hasSecurityStage).length;
    const unknown = releases.filter((r) => r.serviceId === null || !services.has(r.serviceId)).length;
    const details = { gated, ungated: critical.length - gated, releases_of_unknown_service: unknown };
    if (critical.length === 0) return noData('no production releases of tier 0/1 services started in the period', details);
    return { kind: 'value', value: percent(gated, critical.length), n: critical.length, details };
  },
});
