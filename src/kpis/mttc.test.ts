import type { IncidentRecord } from '../domain/records.js';
import { HOUR_MS } from '../domain/time.js';
import { mttc } from './mttc.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, P } from './test-support/kpi-input.js';

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

describeKpiCases(mttc, [
  {
    name: 'averages contained_at - detected_at in hours over incidents contained in P',
    // i1 sev1: 2 h; i2 detected a day before P, contained d(0) + 6 h: 30 h; i3 contained before P (left out);
    // i4 detected in P, not contained (left out). (2 + 30) / 2 = 16
    records: {
      incidents: [
        incident('i1', { severity: 'sev1', startedAt: d(0), detectedAt: d(3), containedAt: d(3) + h(2) }),
        incident('i2', { detectedAt: d(-1), containedAt: d(0) + h(6) }),
        incident('i3', { detectedAt: d(-3), containedAt: d(-2) }),
        incident('i4', { detectedAt: d(10) }),
      ],
    },
    expect: { value: 16, n: 2, details: { median: 16, by_severity: { sev1: 1, sev2: 1, sev3: 0, sev4: 0 }, without_detection: 0 } },
  },
  {
    name: 'counts an incident contained exactly at the period start, not one contained at its end; one without a detection time is counted apart',
    // i1 contained at P.start, 5 h after detection -> 5; i2 contained at END -> next period; i3 contained d(4) with no detection time. 5 / 1
    records: {
      incidents: [
        incident('i1', { detectedAt: P.start - h(5), containedAt: P.start }),
        incident('i2', { detectedAt: d(91), containedAt: END }),
        incident('i3', { containedAt: d(4) }),
      ],
    },
    expect: { value: 5, n: 1, details: { without_detection: 1 } },
  },
  {
    name: 'has no data when no incident was contained in P',
    records: { incidents: [incident('i1', { detectedAt: d(1) })] },
    expect: { noData: true, reason: /contained in the period/ },
  },
  {
    name: 'has no data when no incidents were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /incidents have been imported/ },
  },
]);
