import { gateCoverage } from './gate-coverage.js';
import { dh, run } from './test-support/delivery-records.js';
import { GATE_SERVICES, gateRuns } from './test-support/gate-fixture.js';
import { describeKpiCases } from './test-support/kpi-cases.js';

describeKpiCases(gateCoverage, [
  {
    name: 'divides tier 0/1 production releases in P with a security stage by all of them',
    // tier 0/1 releases in P: a b c d k = 5 (l at END and m before P are out; e f g are tier 2; h i j are not releases).
    // With a stage: a c d k = 4 -> 80 %. n has no known service: 1.
    services: GATE_SERVICES,
    records: { pipelineRuns: gateRuns() },
    expect: { value: 80, n: 5, details: { gated: 4, ungated: 1, releases_of_unknown_service: 1 } },
  },
  {
    name: 'computes per tier: the crown jewels alone',
    // s0 releases in P: a (passed), b (absent), k (passed, at P.start) -> 2/3.
    services: GATE_SERVICES,
    scope: { by: 'tier', key: '0' },
    records: { pipelineRuns: gateRuns() },
    expect: { value: 200 / 3, n: 3 },
  },
  {
    name: 'has no data when no tier 0/1 service released in P',
    // tier 2 releases and a tier 1 build only.
    services: GATE_SERVICES,
    records: { pipelineRuns: [run({ serviceId: 's2', release: true, startedAt: dh(1) }), run({ serviceId: 's1', release: false, startedAt: dh(2) })] },
    expect: { noData: true, reason: /tier 0\/1/ },
  },
  {
    name: 'has no data when pipeline runs were never loaded',
    expect: { noData: true, reason: /pipeline runs/ },
  },
]);
