import { gateToolErrorRate } from './gate-tool-error-rate.js';
import { dh, run } from './test-support/delivery-records.js';
import { GATE_SERVICES, gateRuns } from './test-support/gate-fixture.js';
import { describeKpiCases } from './test-support/kpi-cases.js';

describeKpiCases(gateToolErrorRate, [
  {
    name: 'divides gate runs ending in a tool error by all gate runs in P, release or not',
    // runs with a stage in P: a c d f g h i k n = 9; tool errors d i (l at END is out) -> 2/9; releases among them: a c d f g k n.
    services: GATE_SERVICES,
    records: { pipelineRuns: gateRuns() },
    expect: { value: 200 / 9, n: 9, details: { tool_errors: 2, release_runs: 7 } },
  },
  {
    name: 'is 0 % when every gate ran to a verdict',
    records: { pipelineRuns: [run({ startedAt: dh(1), securityStage: 'failed' }), run({ startedAt: dh(2), securityStage: 'passed', release: true })] },
    expect: { value: 0, n: 2 },
  },
  {
    name: 'has no data when no run in P had a security stage',
    records: { pipelineRuns: [run({ startedAt: dh(1), securityStage: 'absent' })] },
    expect: { noData: true, reason: /security stage/ },
  },
  {
    name: 'has no data when pipeline runs were never loaded',
    expect: { noData: true, reason: /pipeline runs/ },
  },
]);
