import { gateBypassRate } from './gate-bypass-rate.js';
import { dh, run } from './test-support/delivery-records.js';
import { GATE_SERVICES, gateRuns } from './test-support/gate-fixture.js';
import { describeKpiCases } from './test-support/kpi-cases.js';

describeKpiCases(gateBypassRate, [
  {
    name: 'divides bypassed gated releases by gated releases in P, every tier',
    // releases in P with a stage: a c d f g k n = 7 (l at END out; b e absent). Bypassed: c f -> 2/7. Failed but shipped: g.
    services: GATE_SERVICES,
    records: { pipelineRuns: gateRuns() },
    expect: { value: 200 / 7, n: 7, details: { bypassed: 2, released_with_failed_gate: 1 } },
  },
  {
    name: 'ignores bypassed builds that did not release',
    // s1 in P: releases c (bypassed), d (tool_error); build i is not a release. 1/2.
    services: GATE_SERVICES,
    scope: { by: 'service', key: 's1' },
    records: { pipelineRuns: [...gateRuns(), run({ serviceId: 's1', release: false, securityStage: 'bypassed', startedAt: dh(12) })] },
    expect: { value: 50, n: 2 },
  },
  {
    name: 'has no data when no gated release started in P',
    records: {
      pipelineRuns: [run({ release: true, securityStage: 'absent', startedAt: dh(1) }), run({ release: true, securityStage: 'bypassed', startedAt: dh(-1) })],
    },
    expect: { noData: true, reason: /gated/ },
  },
  {
    name: 'has no data when pipeline runs were never loaded',
    expect: { noData: true, reason: /pipeline runs/ },
  },
]);
