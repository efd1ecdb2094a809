import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P } from './test-support/kpi-input.js';
import { reopenRate } from './reopen-rate.js';

describeKpiCases(reopenRate, [
  {
    name: 'divides reopen events in P by fix events in P',
    // finding 1: fixed d(1), reopened d(5), fixed d(9) -> 2 fixes, 1 reopen; finding 2: fixed d(3) -> 1 fix. 1/3
    intervals: [
      interval({ findingId: 1, seq: 1, openedAt: d(0), fixedAt: d(1) }),
      interval({ findingId: 1, seq: 2, openedAt: d(5), fixedAt: d(9) }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
    ],
    expect: { value: 100 / 3, n: 3 },
  },
  {
    name: 'counts a reopen in P whose earlier fix was before P',
    intervals: [
      interval({ findingId: 1, seq: 1, openedAt: P.start - 9e8, fixedAt: P.start - 1 }),
      interval({ findingId: 1, seq: 2, openedAt: d(2) }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
    ],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'ignores reopens at the end instant and info findings',
    intervals: [
      interval({ findingId: 1, seq: 2, openedAt: END }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
      interval({ findingId: 3, seq: 2, openedAt: d(4), severity: 'info' }),
    ],
    expect: { value: 0, n: 1 },
  },
  {
    name: 'has no data when nothing was fixed in P, even with reopens',
    intervals: [interval({ findingId: 1, seq: 1, openedAt: P.start - 9e8, fixedAt: P.start - 5 }), interval({ findingId: 1, seq: 2, openedAt: d(1) })],
    expect: { noData: true, details: { reopens: 1, fixes: 0 } },
  },
  {
    name: 'has no data when no findings were ever loaded',
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
