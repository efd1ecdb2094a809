import { dependencyUpdateLatency } from './dependency-update-latency.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const sca = (over: Parameters<typeof interval>[0]) => interval({ category: 'sca', tool: 'trivy', ...over });

describeKpiCases(dependencyUpdateLatency, [
  {
    name: 'takes the median of fixed_at - max(opened_at, fix_available_at) over critical/high SCA fixes in P',
    // 1 critical, fix date unknown: d(10) - d(0) = 10
    // 2 critical, fix available d(6) after open: d(10) - d(6) = 4
    // 3 high, fix available before open: d(50) - d(20) = 30
    // 4 high, opened 30 d before P (crosses the start), fix available d(2): d(22) - d(2) = 20
    // median of [4, 10, 20, 30] = 15; critical [4, 10]: 7
    intervals: [
      sca({ findingId: 1, openedAt: d(0), fixedAt: d(10) }),
      sca({ findingId: 2, openedAt: d(0), fixAvailableAt: d(6), fixedAt: d(10) }),
      sca({ findingId: 3, severity: 'high', openedAt: d(20), fixAvailableAt: P.start - 5 * DAY, fixedAt: d(50) }),
      sca({ findingId: 4, severity: 'high', openedAt: P.start - 30 * DAY, fixAvailableAt: d(2), fixedAt: d(22) }),
    ],
    expect: { value: 15, n: 4, details: { critical_median: 7, critical_n: 2, fix_date_unknown: 1 } },
  },
  {
    name: 'leaves out medium, non-SCA, false-positive, info and out-of-period fixes; counts a fix exactly at the start',
    // only 6: opened 3 d before P, fixed at the start: 3 days (a high: critical median null)
    intervals: [
      sca({ findingId: 1, severity: 'medium', openedAt: d(0), fixedAt: d(10) }),
      interval({ findingId: 2, category: 'sast', openedAt: d(0), fixedAt: d(10) }),
      sca({ findingId: 3, openedAt: d(0), fixedAt: d(10), falsePositive: true }),
      sca({ findingId: 4, severity: 'info', openedAt: d(0), fixedAt: d(10) }),
      sca({ findingId: 5, openedAt: d(0), fixedAt: END }),
      sca({ findingId: 6, severity: 'high', openedAt: P.start - 3 * DAY, fixedAt: P.start }),
    ],
    expect: { value: 3, n: 1, details: { critical_median: null, critical_n: 0 } },
  },
  {
    name: 'measures each fix of a reopened finding from its own interval',
    // fix available d(1). interval 1: d(0)-d(5): d(5) - d(1) = 4. interval 2: d(30)-d(40): 10. median 7
    intervals: [
      sca({ findingId: 1, seq: 1, openedAt: d(0), fixAvailableAt: d(1), fixedAt: d(5) }),
      sca({ findingId: 1, seq: 2, openedAt: d(30), fixAvailableAt: d(1), fixedAt: d(40) }),
    ],
    expect: { value: 7, n: 2, details: { critical_median: 7 } },
  },
  {
    name: 'has no data when no critical or high SCA finding was fixed in P',
    intervals: [sca({ findingId: 1, openedAt: d(0) })],
    expect: { noData: true, n: 0, reason: /SCA/ },
  },
  {
    name: 'has no data when findings were never loaded',
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
