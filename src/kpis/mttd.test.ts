import type { IncidentRecord } from '../domain/records.js';
import { HOUR_MS } from '../domain/time.js';
import { mttd } from './mttd.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, P, service } from './test-support/kpi-input.js';

const incident = (id: string, over: Partial<IncidentRecord>): IncidentRecord => ({
  id,
  title: null,
  severity: 'sev2',
  serviceId: 's1',
  startedAt: null,
  detectedAt: null,
  containedAt: null,
  resolvedAt: null,
  cause: null,
  runbook: null,
  ...over,
});
const h = (n: number) => n * HOUR_MS;

describeKpiCases(mttd, [
  {
    name: 'averages detected_at - started_at in hours over incidents detected in P',
    // i1 sev1: 6 h; i2 started 2 days before P, detected d(1): 72 h; i3 detected before P (left out). (6 + 72) / 2 = 39
    records: {
      incidents: [
        incident('i1', { severity: 'sev1', startedAt: d(1), detectedAt: d(1) + h(6) }),
        incident('i2', { startedAt: d(-2), detectedAt: d(1) }),
        incident('i3', { startedAt: d(-10), detectedAt: d(-1) }),
      ],
    },
    expect: { value: 39, n: 2, details: { median: 39, by_severity: { sev1: 1, sev2: 1, sev3: 0, sev4: 0 }, without_start: 0 } },
  },
  {
    name: 'counts an incident detected exactly at the period start, not one detected at its end; an incident without a start is counted apart',
    // i1 detected at P.start after 3 h -> 3; i2 detected at END -> next period; i3 detected d(5) with no start -> apart. 3 / 1
    records: {
      incidents: [
        incident('i1', { startedAt: P.start - h(3), detectedAt: P.start }),
        incident('i2', { startedAt: d(80), detectedAt: END }),
        incident('i3', { detectedAt: d(5) }),
      ],
    },
    expect: { value: 3, n: 1, details: { median: 3, without_start: 1 } },
  },
  {
    name: 'takes the median of an odd count',
    // 1 h, 2 h, 9 h: mean 4, median 2
    records: {
      incidents: [
        incident('i1', { startedAt: d(1), detectedAt: d(1) + h(1) }),
        incident('i2', { startedAt: d(2), detectedAt: d(2) + h(2), severity: 'sev3' }),
        incident('i3', { startedAt: d(3), detectedAt: d(3) + h(9), severity: 'sev3' }),
      ],
    },
    expect: { value: 4, n: 3, details: { median: 2, by_severity: { sev1: 0, sev2: 1, sev3: 2, sev4: 0 } } },
  },
  {
    name: "counts only the scope's incidents",
    // service s1: i1 10 h; s2's i2 (1 h) is another scope -> 10
    services: [service('s1'), service('s2')],
    scope: { by: 'service', key: 's1' },
    records: {
      incidents: [incident('i1', { startedAt: d(1), detectedAt: d(1) + h(10) }), incident('i2', { serviceId: 's2', startedAt: d(1), detectedAt: d(1) + h(1) })],
    },
    expect: { value: 10, n: 1 },
  },
  {
    name: 'has no data when no incident was detected in P',
    records: { incidents: [incident('i1', { startedAt: d(-5), detectedAt: d(-1) }), incident('i2', { startedAt: d(90), detectedAt: END })] },
    expect: { noData: true, reason: /detected in the period/, details: { median: null } },
  },
  {
    name: 'has no data when no incidents were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /incidents have been imported/ },
  },
]);
