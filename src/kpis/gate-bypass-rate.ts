import { defineKpi, noData } from './define-kpi.js';
import { hasSecurityStage, runsIn } from './gate-runs.js';
import { percent } from './stats.js';

/** A metric behind the scorecard (kpis.md): how often the release gate was bypassed or overridden. */
export const gateBypassRate = defineKpi({
  id: 'gate_bypass_rate',
  name: 'Release gate bypass rate',
  measures: 'Share of gated production releases whose security gate was bypassed or overridden.',
  why: 'A gate that is routinely bypassed gives the appearance of control without the control.',
  formula: 'Gated releases (release = true, security_stage not absent) started in P: those with security_stage bypassed / all of them.',
  unit: '%',
  better: 'down',
  target: { op: '<=', value: 5 },
  frequency: 'monthly',
  inputs: ['pipeline-runs'],
  compute({ period, records, loaded }) {
    if (!loaded.has('pipeline-runs')) return noData('no pipeline runs have been imported');
    const gated = runsIn(records.pipelineRuns, period).filter((r) => r.release && hasSecurityStage(r));
    const bypassed = gated.filter((r) => r.securityStage === 'bypassed').length;
    // Shipped although the gate failed: not counted as bypassed (the stage says failed), shown beside it.
    const details = { bypassed, released_with_failed_gate: gated.filter((r) => r.securityStage === 'failed').length };
    if (gated.length === 0) return noData('no gated production releases started in the period', details);
    return { kind: 'value', value: percent(bypassed, gated.length), n: gated.length, details };
  },
});
