import { deliveryPredictability } from './delivery-predictability.js';
import { milestone } from './test-support/delivery-records.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, P, service } from './test-support/kpi-input.js';

const SERVICES = [service('s1', { area: 'A' }), service('s2', { area: 'B' })];

describeKpiCases(deliveryPredictability, [
  {
    name: 'divides milestones due in P that were met by all due in P',
    // in P: due d(10) done d(9) met; due d(20) done exactly at d(20) met; due d(30) done d(31) late; due d(40) never done;
    // due at P.start done before it met. Out: due at END; due just before P. 3/5.
    services: SERVICES,
    records: {
      milestones: [
        milestone(d(10), d(9)),
        milestone(d(20), d(20)),
        milestone(d(30), d(31)),
        milestone(d(40), null),
        milestone(P.start, P.start - 1000),
        milestone(END, d(50)),
        milestone(P.start - 1, null),
      ],
    },
    expect: { value: 60, n: 5, details: { met: 3, completed_late: 1, not_completed: 1 } },
  },
  {
    name: "counts, for an area, only that area's milestones",
    // area B: due d(15) done d(16) late, due d(16) done d(2) met -> 1/2; area A's milestone is not the scope's.
    services: SERVICES,
    scope: { by: 'area', key: 'B' },
    records: { milestones: [milestone(d(10), d(9)), milestone(d(15), d(16), { area: 'B' }), milestone(d(16), d(2), { area: 'B' })] },
    expect: { value: 50, n: 2, details: { met: 1, completed_late: 1 } },
  },
  {
    name: 'has no data for a service scope: milestones belong to areas',
    services: SERVICES,
    scope: { by: 'service', key: 's1' },
    records: { milestones: [milestone(d(10), d(9))] },
    expect: { noData: true, reason: /product areas/ },
  },
  {
    name: 'has no data when no milestone is due in P',
    records: { milestones: [milestone(END, null), milestone(P.start - 1, P.start - 2)] },
    expect: { noData: true, reason: /no milestones due/ },
  },
  {
    name: 'has no data when milestones were never loaded',
    expect: { noData: true, reason: /milestones/ },
  },
]);
