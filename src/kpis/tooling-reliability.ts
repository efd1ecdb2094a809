import { defineKpi, noData } from './define-kpi.js';
import { gateRunCounts } from './gate-runs.js';
import { percent } from './stats.js';

export const toolingReliability = defineKpi({
  id: 'tooling_reliability',
  name: 'Tooling reliability (scanner uptime)',
  measures: 'How often security checks in CI run to a verdict instead of failing on their own.',
  why: 'A flaky scanner trains teams to retry or skip it, and every tool error is a release that shipped unchecked or late.',
  formula:
    'CI runs started in P that include a security stage (security_stage not absent): runs whose security stage finished without a tool error / all such runs.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 99.9 },
  frequency: 'monthly',
  inputs: ['pipeline-runs'],
  compute({ period, records, loaded }) {
    if (!loaded.has('pipeline-runs')) return noData('no pipeline runs have been imported');
    const { runs, gated, toolErrors: errors } = gateRunCounts(records.pipelineRuns, period);
    const details = { tool_errors: errors, runs_without_security_stage: runs - gated };
    if (gated === 0) return noData('no CI runs with a security stage started in the period', details);
    return { kind: 'value', value: percent(gated - errors, gated), n: gated, details };
  },
});
