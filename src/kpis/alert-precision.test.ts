import type { AlertDisposition, AlertRecord } from '../domain/records.js';
import { alertPrecision } from './alert-precision.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, P, service } from './test-support/kpi-input.js';

let next = 1;
const alert = (disposition: AlertDisposition | null, dispositionedAt: number | null, over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: `a${next++}`,
  rule: 'r',
  serviceId: 's1',
  firedAt: dispositionedAt === null ? d(1) : dispositionedAt - 1000,
  dispositionedAt,
  disposition,
  runbook: null,
  ...over,
});

describeKpiCases(alertPrecision, [
  {
    name: 'divides true positives by true and false positives dispositioned in P, leaving benign out of both',
    // 3 TP, 1 FP, 2 benign in P; 1 FP before P -> 3 / 4
    records: {
      alerts: [
        alert('true_positive', d(1)),
        alert('true_positive', d(2)),
        alert('true_positive', d(3)),
        alert('false_positive', d(4)),
        alert('benign', d(5)),
        alert('benign', d(6)),
        alert('false_positive', d(-1)),
      ],
    },
    expect: { value: 75, n: 4, details: { true_positives: 3, false_positives: 1, benign: 2 } },
  },
  {
    name: 'takes alerts by disposition time: at the period start in, at its end out, undispositioned out',
    // TP at P.start -> in; FP at END -> next period; FP fired in P but not yet dispositioned -> out; TP fired before P,
    // dispositioned d(2) -> in. 2 / 2
    records: {
      alerts: [alert('true_positive', P.start), alert('false_positive', END), alert(null, null), alert('true_positive', d(2), { firedAt: d(-20) })],
    },
    expect: { value: 100, n: 2, details: { true_positives: 2, false_positives: 0, benign: 0 } },
  },
  {
    name: "counts only the scope's alerts",
    // service s1: 1 FP; s2's TP is another scope -> 0 / 1
    services: [service('s1'), service('s2')],
    scope: { by: 'service', key: 's1' },
    records: { alerts: [alert('false_positive', d(3)), alert('true_positive', d(3), { serviceId: 's2' })] },
    expect: { value: 0, n: 1 },
  },
  {
    name: 'has no data when every alert dispositioned in P was benign',
    records: { alerts: [alert('benign', d(1)), alert('benign', d(2))] },
    expect: { noData: true, reason: /true or false positive/, details: { benign: 2 } },
  },
  {
    name: 'has no data when no alerts were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /alerts have been imported/ },
  },
]);
