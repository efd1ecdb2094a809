import { dh, run } from './test-support/delivery-records.js';
import { GATE_SERVICES, gateRuns } from './test-support/gate-fixture.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { toolingReliability } from './tooling-reliability.js';

describeKpiCases(toolingReliability, [
  {
    name: 'divides runs with a security stage that ended without a tool error by all such runs',
    // runs with a security stage in P: a c d f g h i k n = 9; tool errors d i; l (at END) is out. 7/9. Without a stage: b e j.
    services: GATE_SERVICES,
    records: { pipelineRuns: gateRuns() },
    expect: { value: 700 / 9, n: 9, details: { tool_errors: 2, runs_without_security_stage: 3 } },
  },
  {
    name: 'counts failed and bypassed stages as finished without a tool error',
    records: { pipelineRuns: [run({ startedAt: dh(1), securityStage: 'failed' }), run({ startedAt: dh(2), securityStage: 'bypassed' })] },
    expect: { value: 100, n: 2, details: { tool_errors: 0 } },
  },
  {
    name: 'has no data when no run in P had a security stage',
    records: { pipelineRuns: [run({ startedAt: dh(1), securityStage: 'absent' }), run({ startedAt: dh(-1), securityStage: 'tool_error' })] },
    expect: { noData: true, reason: /security stage/, details: { runs_without_security_stage: 1 } },
  },
  {
    name: 'has no data when pipeline runs were never loaded',
    expect: { noData: true, reason: /pipeline runs/ },
  },
  {
    name: "counts only the scope's runs",
    // tier 1 = s1: c d h i have a stage (j absent); errors d i -> 2/4.
    services: GATE_SERVICES,
    scope: { by: 'tier', key: '1' },
    records: { pipelineRuns: gateRuns() },
    expect: { value: 50, n: 4 },
  },
]);
