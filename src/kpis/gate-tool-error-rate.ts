import { defineKpi, noData } from './define-kpi.js';
import { gateRunsIn } from './gate-runs.js';
import { percent } from './stats.js';

/** A metric behind the scorecard (kpis.md): how often the gate itself broke. */
export const gateToolErrorRate = defineKpi({
  id: 'gate_tool_error_rate',
  name: 'Release gate tool error rate',
  measures: 'Share of security gate runs that ended in a tool error instead of a verdict.',
  why: 'Tool errors are where bypasses start: a gate that breaks gets switched off.',
  formula: 'Gate runs (pipeline runs with a security stage, release or not) started in P: those with security_stage tool_error / all of them.',
  unit: '%',
  better: 'down',
  target: { op: '<=', value: 2 },
  frequency: 'monthly',
  inputs: ['pipeline-runs'],
  compute({ period, records, loaded }) {
    if (!loaded.has('pipeline-runs')) return noData('no pipeline runs have been imported');
    const { runs, toolErrors: errors } = gateRunsIn(records.pipelineRuns, period);
    const details = { tool_errors: errors, release_runs: runs.filter((r) => r.release).length };
    if (runs.length === 0) return noData('no pipeline runs with a security stage started in the period', details);
    return { kind: 'value', value: percent(errors, runs.length), n: runs.length, details };
  },
});
