import type { ExceptionRecord } from '../domain/exception.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
// s1 is tier 1: critical SLA 14 days. s0 is tier 0: 7 days. s2 is tier 2 and internal: 30 days.
const services = [service('s1', { tier: 1 }), service('s0', { tier: 0 }), service('s2', { tier: 2, internetExposed: false })];

function exception(over: Partial<ExceptionRecord>): ExceptionRecord {
  return {
    id: 'EX-1',
    scope: { fingerprint: 'fp-9' },
    reason: null,
    owner: 'o',
    approver: 'a',
    startsAt: d(0),
    expiresAt: END + DAY,
    backlog: null,
    compensatingControls: null,
    status: 'approved',
    ...over,
  };
}
const fixedInTime = interval({ findingId: 1, openedAt: d(0), fixedAt: d(1) });
const overdueOpen = interval({ findingId: 9, openedAt: d(10) }); // due d(24) < end

describeKpiCases(criticalSlaCompliance, [
  {
    name: 'a fix exactly at the due date is compliant',
    // tier 1: due d(0) + 14 d = d(14); fixed at d(14): fixed_at <= due
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(14) })],
    expect: { value: 100, n: 1, details: { fixed_within_sla: 1, fixed_late: 0 } },
  },
  {
    name: 'a fix one millisecond after the due date is not',
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(14) + 1 })],
    expect: { value: 0, n: 1, details: { fixed_late: 1 } },
  },
  {
    name: 'uses the tier of the service for the SLA',
    // tier 0: 7 days, fixed after 8: late. tier 1 after 8: in time. 1/2
    services,
    intervals: [interval({ findingId: 1, openedAt: d(0), fixedAt: d(8), serviceId: 's0' }), interval({ findingId: 2, openedAt: d(0), fixedAt: d(8) })],
    expect: { value: 50, n: 2 },
  },
  {
    name: 'adds criticals still open and overdue at the end to the population',
    // 3 fixed in time; 1 open since d(60) (due d(74) < end) on tier 1; 1 open on internal tier 2 since d(0) (due d(30)): 3/5
    services,
    intervals: [
      interval({ findingId: 1, openedAt: d(0), fixedAt: d(1) }),
      interval({ findingId: 2, openedAt: d(0), fixedAt: d(2) }),
      interval({ findingId: 3, openedAt: d(0), fixedAt: d(3) }),
      interval({ findingId: 4, openedAt: d(60) }),
      interval({ findingId: 5, openedAt: d(0), serviceId: 's2' }),
    ],
    expect: { value: 60, n: 5, details: { overdue_open: 2, overdue_open_tier01_or_internet: 1 } },
  },
  {
    name: 'leaves out open criticals not yet overdue, or due exactly at the end',
    // open since end - 3 d: due later. open since end - 14 d on tier 1: due == end, not due < end
    services,
    intervals: [fixedInTime, interval({ findingId: 2, openedAt: END - 3 * DAY }), interval({ findingId: 3, openedAt: END - 14 * DAY })],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'treats an interval fixed after the end as open at the end',
    // opened d(10), fixed end + 5 d: open and overdue at end. 1/2
    services,
    intervals: [fixedInTime, interval({ findingId: 2, openedAt: d(10), fixedAt: END + 5 * DAY })],
    expect: { value: 50, n: 2 },
  },
  {
    name: 'counts a fix exactly at the period start and not one exactly at the end',
    // fixed at start (opened start - 2 d): in P, in time. fixed at end (opened d(85), due d(99) > end: not overdue open either): 1/1
    services,
    intervals: [interval({ findingId: 1, openedAt: P.start - 2 * DAY, fixedAt: P.start }), interval({ findingId: 2, openedAt: d(85), fixedAt: END })],
    expect: { value: 100, n: 1, details: { fixed: 1 } },
  },
  {
    name: 'judges an interval crossing the period start against its own open time',
    // opened 20 d before P on tier 1 (due start + -6 d), fixed d(1): late. 0/1
    services,
    intervals: [interval({ findingId: 1, openedAt: P.start - 20 * DAY, fixedAt: d(1) })],
    expect: { value: 0, n: 1 },
  },
  {
    name: 'counts both fix events of a reopened finding, and the reopen when overdue',
    // finding 1: d(0)-d(2) in time; reopened d(30), fixed d(50) (20 d > 14: late); finding 2: fixed d(3), reopened d(40), open and due d(54) < end
    // population: 3 fixes + 1 overdue = 4; compliant 2 -> 50
    services,
    intervals: [
      interval({ findingId: 1, seq: 1, openedAt: d(0), fixedAt: d(2) }),
      interval({ findingId: 1, seq: 2, openedAt: d(30), fixedAt: d(50) }),
      interval({ findingId: 2, seq: 1, openedAt: d(0), fixedAt: d(3) }),
      interval({ findingId: 2, seq: 2, openedAt: d(40) }),
    ],
    expect: { value: 50, n: 4 },
  },
  {
    name: 'leaves out an overdue critical under an exception active at the end',
    services,
    intervals: [fixedInTime, overdueOpen],
    exceptions: [exception({})],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'counts the overdue critical again when the exception expires exactly at the end',
    // active means t < expires_at: an exception expiring at `end` is not active at `end`. 1/2
    services,
    intervals: [fixedInTime, overdueOpen],
    exceptions: [exception({ expiresAt: END })],
    expect: { value: 50, n: 2 },
  },
  {
    name: 'honours an exception starting exactly at the end (starts_at <= t)',
    services,
    intervals: [fixedInTime, overdueOpen],
    exceptions: [exception({ startsAt: END })],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'ignores revoked exceptions and rule exceptions of another service',
    services,
    intervals: [interval({ findingId: 1, openedAt: d(10), ruleId: 'r1' })],
    exceptions: [exception({ status: 'revoked', scope: { service: 's1', rule: 'r1' } }), exception({ id: 'EX-2', scope: { service: 's0', rule: 'r1' } })],
    expect: { value: 0, n: 1 },
  },
  {
    name: 'excludes false positives and info findings',
    services,
    intervals: [
      fixedInTime,
      interval({ findingId: 2, openedAt: d(0), falsePositive: true }),
      interval({ findingId: 3, openedAt: d(0), fixedAt: d(60), severity: 'info' }),
    ],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'has no data with no fixes and nothing overdue',
    services,
    intervals: [interval({ findingId: 1, openedAt: END - DAY })],
    expect: { noData: true, n: 0, reason: /fixed/ },
  },
  {
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
