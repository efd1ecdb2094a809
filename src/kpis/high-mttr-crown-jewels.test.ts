import { highMttrCrownJewels } from './high-mttr-crown-jewels.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
// crown: tier 0 (internal, to show exposure does not matter); t1: tier 1.
const services = [service('crown', { tier: 0, internetExposed: false }), service('t1', { tier: 1 })];
const high = (over: Parameters<typeof interval>[0]) => interval({ serviceId: 'crown', severity: 'high', ...over });

describeKpiCases(highMttrCrownJewels, [
  {
    name: 'means the days from open to fix of high fixes in P on tier-0 services',
    // 10, 20 and 60 days: mean 30; median 20; p90: pos 1.8 -> 20 + 40 * 0.8 = 52
    services,
    intervals: [
      high({ findingId: 1, openedAt: d(0), fixedAt: d(10) }),
      high({ findingId: 2, openedAt: d(5), fixedAt: d(25) }),
      high({ findingId: 3, openedAt: P.start - 30 * DAY, fixedAt: d(30) }), // crosses the period start: 60 days
    ],
    expect: { value: 30, n: 3, details: { median: 20, p90: 52 } },
  },
  {
    name: 'ignores criticals, tier-1 highs, info, false positives and fixes outside [start, end)',
    // only finding 7 (fixed exactly at start, opened 5 d before): 5 days
    services,
    intervals: [
      high({ findingId: 1, openedAt: d(0), fixedAt: d(3), severity: 'critical' }),
      high({ findingId: 2, openedAt: d(0), fixedAt: d(3), serviceId: 't1' }),
      high({ findingId: 3, openedAt: d(0), fixedAt: d(3), severity: 'info' }),
      high({ findingId: 4, openedAt: d(0), fixedAt: d(3), falsePositive: true }),
      high({ findingId: 5, openedAt: d(0), fixedAt: END }),
      high({ findingId: 6, openedAt: P.start - 9 * DAY, fixedAt: P.start - 1 }),
      high({ findingId: 7, openedAt: P.start - 5 * DAY, fixedAt: P.start }),
    ],
    expect: { value: 5, n: 1 },
  },
  {
    name: 'counts each interval of a reopened finding',
    // 6 days, then reopened d(20), fixed d(22): 2 days. mean 4
    services,
    intervals: [high({ findingId: 1, seq: 1, openedAt: d(0), fixedAt: d(6) }), high({ findingId: 1, seq: 2, openedAt: d(20), fixedAt: d(22) })],
    expect: { value: 4, n: 2 },
  },
  {
    name: 'reports the exploitable subset from KEV',
    // CVE in KEV: 4 d; other: 8 d. mean 6; exploitable mean 4, median 4, n 1
    services,
    kev: ['CVE-2026-1111'],
    intervals: [
      high({ findingId: 1, openedAt: d(0), fixedAt: d(4), vulnerabilityIds: ['CVE-2026-1111'] }),
      high({ findingId: 2, openedAt: d(0), fixedAt: d(8) }),
    ],
    expect: { value: 6, n: 2, details: { exploitable_mean: 4, exploitable_median: 4, exploitable_n: 1, exploitability: 'loaded' } },
  },
  {
    name: 'says so when no exploitability data was loaded',
    services,
    intervals: [high({ findingId: 1, openedAt: d(0), fixedAt: d(4) })],
    expect: { value: 4, n: 1, details: { exploitable_mean: null, exploitability: 'no exploitability data loaded' }, note: /exploitability/ },
  },
  {
    name: 'has no data when no tier-0 high was fixed in P',
    services,
    intervals: [high({ findingId: 1, openedAt: d(0) }), high({ findingId: 2, serviceId: 't1', openedAt: d(0), fixedAt: d(2) })],
    expect: { noData: true, n: 0, reason: /tier-0/ },
  },
  {
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
