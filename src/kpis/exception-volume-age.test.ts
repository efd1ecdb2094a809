import { expect } from 'vitest';
import type { ExceptionRecord } from '../domain/exception.js';
import { exceptionVolumeAge } from './exception-volume-age.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
// 2026-Q3 is 92 days long: end - d(0) = 92 days.

function exception(id: string, over: Partial<ExceptionRecord>): ExceptionRecord {
  return {
    id,
    scope: { fingerprint: `fp-${id}` },
    reason: 'accepted',
    owner: 'o',
    approver: 'a',
    startsAt: d(0),
    expiresAt: END + 10 * DAY,
    backlog: null,
    compensatingControls: null,
    status: 'approved',
    ...over,
  };
}

describeKpiCases(exceptionVolumeAge, [
  {
    name: 'counts approved exceptions active at the end, with their age and hygiene',
    // active: EX-1 (age 92, backlog, expiry), EX-2 (started 8 d before P: age 100, no backlog, no expiry), EX-5 (starts at end: age 0, expiry)
    // not active: EX-3 (expired d(50)), EX-4 (revoked). count 3; median 92, max 100; backlog 1/3, expiry 2/3
    // EX-3 covers fp-3, still open at end: expired_while_open 1
    intervals: [interval({ findingId: 3, openedAt: d(1) })],
    exceptions: [
      exception('EX-1', { backlog: 'SEC-1' }),
      exception('EX-2', { startsAt: P.start - 8 * DAY, expiresAt: null }),
      exception('EX-3', { scope: { fingerprint: 'fp-3' }, startsAt: d(2), expiresAt: d(50), backlog: 'SEC-3' }),
      exception('EX-4', { status: 'revoked' }),
      exception('EX-5', { startsAt: END }),
    ],
    expect: {
      value: 3,
      n: 3,
      details: {
        median_age_days: 92,
        max_age_days: 100,
        expired_while_open: 1,
        backlog_share: expect.closeTo(100 / 3, 9),
        expiry_share: expect.closeTo(200 / 3, 9),
      },
    },
  },
  {
    name: 'an exception expiring exactly at the end is not active at the end: 0, not no-data, and expired while its finding is open',
    intervals: [interval({ findingId: 1, openedAt: d(1) })],
    exceptions: [exception('EX-1', { scope: { fingerprint: 'fp-1' }, expiresAt: END })],
    expect: { value: 0, n: 0, details: { median_age_days: null, max_age_days: null, expired_while_open: 1, backlog_share: null, expiry_share: null } },
  },
  {
    name: 'does not count an expired exception whose finding was fixed, but counts one whose finding was reopened',
    // fp-1 fixed d(30), exception expired d(40): not open at end. fp-7 fixed d(5), reopened d(60), open at end; its exception expired d(30)
    // rule exception of s1/r9 expired: finding with rule r9 is a false positive -> not counted
    intervals: [
      interval({ findingId: 1, openedAt: d(0), fixedAt: d(30) }),
      interval({ findingId: 7, seq: 1, openedAt: d(0), fixedAt: d(5) }),
      interval({ findingId: 7, seq: 2, openedAt: d(60) }),
      interval({ findingId: 8, openedAt: d(0), ruleId: 'r9', falsePositive: true }),
    ],
    exceptions: [
      exception('EX-1', { scope: { fingerprint: 'fp-1' }, expiresAt: d(40) }),
      exception('EX-7', { scope: { fingerprint: 'fp-7' }, expiresAt: d(30) }),
      exception('EX-9', { scope: { service: 's1', rule: 'r9' }, expiresAt: d(30) }),
    ],
    expect: { value: 0, n: 0, details: { expired_while_open: 1 } },
  },
  {
    name: 'a narrower scope counts exceptions covering its findings or naming its services',
    // area B = s2. EX-b covers fp-2 on s2; EX-c names s2 (no finding matches); EX-a names s1 -> out. 2 active
    services: [service('s1', { area: 'A' }), service('s2', { area: 'B' })],
    intervals: [interval({ findingId: 2, serviceId: 's2', openedAt: d(0) }), interval({ findingId: 1, serviceId: 's1', openedAt: d(0), ruleId: 'r1' })],
    exceptions: [
      exception('EX-a', { scope: { service: 's1', rule: 'r1' } }),
      exception('EX-b', { scope: { fingerprint: 'fp-2' }, startsAt: d(2) }),
      exception('EX-c', { scope: { service: 's2', cve: 'CVE-2026-9' }, startsAt: d(12) }),
    ],
    scope: { by: 'area', key: 'B' },
    // ages 90 and 80: median 85, max 90
    expect: { value: 2, n: 2, details: { median_age_days: 85, max_age_days: 90 } },
  },
  {
    name: 'is 0, not no-data, when exceptions were loaded and none is active',
    loaded: ['catalog', 'findings', 'exceptions'],
    expect: { value: 0, n: 0, details: { expired_while_open: 0 } },
  },
  {
    name: 'has no data when exceptions were never loaded',
    intervals: [interval({ findingId: 1, openedAt: d(0) })],
    expect: { noData: true, reason: /exceptions/ },
  },
]);
