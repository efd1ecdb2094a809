import { criticalMttrInternet } from './critical-mttr-internet.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
// s1: internet-exposed; internal: not exposed.
const services = [service('s1'), service('internal', { internetExposed: false })];

describeKpiCases(criticalMttrInternet, [
  {
    name: 'means the days from open to fix of critical fixes in P on internet-exposed services',
    // fixes of 4, 10 and 1 days: mean 15/3 = 5; median 4; p90 = sorted [1,4,10], pos 1.8 -> 4 + 6 * 0.8 = 8.8
    services,
    intervals: [
      interval({ findingId: 1, openedAt: d(0), fixedAt: d(4) }),
      interval({ findingId: 2, openedAt: d(10), fixedAt: d(20) }),
      interval({ findingId: 3, openedAt: d(30), fixedAt: d(31) }),
    ],
    expect: { value: 5, n: 3, details: { median: 4, p90: 8.8 } },
  },
  {
    name: 'counts an interval that crosses the period start by its whole duration',
    // opened 10 days before P, fixed 2 days into P: 12 days
    services,
    intervals: [interval({ findingId: 1, openedAt: P.start - 10 * DAY, fixedAt: d(2) })],
    expect: { value: 12, n: 1 },
  },
  {
    name: 'counts a fix exactly at the period start and not one exactly at the end',
    // in: opened 3 d before P, fixed at start: 3 days. out: fixed at END (half-open)
    services,
    intervals: [interval({ findingId: 1, openedAt: P.start - 3 * DAY, fixedAt: P.start }), interval({ findingId: 2, openedAt: d(0), fixedAt: END })],
    expect: { value: 3, n: 1 },
  },
  {
    name: 'ignores fixes before P, other severities, info, false positives and non-exposed services',
    // only finding 6 counts: 6 days
    services,
    intervals: [
      interval({ findingId: 1, openedAt: P.start - 20 * DAY, fixedAt: P.start - DAY }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(3), severity: 'high' }),
      interval({ findingId: 3, openedAt: d(0), fixedAt: d(3), severity: 'info' }),
      interval({ findingId: 4, openedAt: d(0), fixedAt: d(3), falsePositive: true }),
      interval({ findingId: 5, openedAt: d(0), fixedAt: d(3), serviceId: 'internal' }),
      interval({ findingId: 6, openedAt: d(0), fixedAt: d(6) }),
    ],
    expect: { value: 6, n: 1 },
  },
  {
    name: 'counts each interval of a reopened finding as its own fix event',
    // 2 days, then reopened d(10) and fixed d(14): 4 days; mean 3
    services,
    intervals: [interval({ findingId: 9, seq: 1, openedAt: d(0), fixedAt: d(2) }), interval({ findingId: 9, seq: 2, openedAt: d(10), fixedAt: d(14) })],
    expect: { value: 3, n: 2 },
  },
  {
    name: 'reports the exploitable subset from KEV and EPSS',
    // exploitable: CVE-K in KEV (2 d), CVE-E EPSS 0.1 >= threshold 0.1 (4 d); CVE-L EPSS 0.09 below (10 d), no CVE (12 d)
    // all: mean (2+4+10+12)/4 = 7; exploitable mean 3, median 3, n 2
    services,
    kev: ['CVE-2026-0001'],
    epss: [
      { cve: 'CVE-2026-0002', epss: 0.1 },
      { cve: 'CVE-2026-0003', epss: 0.09 },
    ],
    intervals: [
      interval({ findingId: 1, openedAt: d(0), fixedAt: d(2), category: 'sca', vulnerabilityIds: ['CVE-2026-0001'] }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(4), category: 'sca', vulnerabilityIds: ['CVE-2026-0002'] }),
      interval({ findingId: 3, openedAt: d(0), fixedAt: d(10), category: 'sca', vulnerabilityIds: ['CVE-2026-0003'] }),
      interval({ findingId: 4, openedAt: d(0), fixedAt: d(12) }),
    ],
    expect: { value: 7, n: 4, details: { exploitable_mean: 3, exploitable_median: 3, exploitable_n: 2, exploitability: 'loaded' } },
  },
  {
    name: 'counts a tool-marked exploit as exploitability data without KEV or EPSS',
    // exploitable: 2 d; other 10 d. mean 6, exploitable mean 2
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(2), exploitAvailable: true }), interval({ findingId: 2, openedAt: d(0), fixedAt: d(10) })],
    expect: { value: 6, n: 2, details: { exploitable_mean: 2, exploitable_n: 1 } },
  },
  {
    name: 'says no exploitability data was loaded instead of treating all or none as exploitable',
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(10) })],
    expect: {
      value: 10,
      n: 1,
      details: { exploitable_mean: null, exploitable_median: null, exploitable_n: null, exploitability: 'no exploitability data loaded' },
      note: /no exploitability data loaded/,
    },
  },
  {
    name: 'has no data when nothing was fixed in P, and says why',
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0) })],
    expect: { noData: true, n: 0, reason: /fixed/ },
  },
  {
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true, reason: /findings/ },
  },
  {
    name: 'computes for a single-service scope only that service',
    // s2 exposed: 8 days; s1 (4 days) is outside the scope
    services: [service('s1'), service('s2')],
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(4) }), interval({ findingId: 2, serviceId: 's2', openedAt: d(0), fixedAt: d(8) })],
    scope: { by: 'service', key: 's2' },
    expect: { value: 8, n: 1 },
  },
]);
