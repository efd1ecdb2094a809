import { describe, expect, it } from 'vitest';
import type { ExceptionRecord } from '../domain/exception.js';
import { criticalSlaCompliance as kpi } from './critical-sla-compliance.js';
import { d, END, input, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
// s1 is tier 1: critical SLA 14 days. s0 is tier 0: 7 days.
const services = [service('s1', { tier: 1 }), service('s0', { tier: 0 })];

function exception(over: Partial<ExceptionRecord>): ExceptionRecord {
  return {
    id: 'EX-1',
    scope: { fingerprint: 'fp-open' },
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

describe('critical_sla_compliance', () => {
  it.each([
    {
      name: 'a fix exactly at the due date is compliant',
      intervals: [interval({ openedAt: d(0), fixedAt: d(14) })],
      value: 100,
      n: 1,
    },
    {
      name: 'a fix one millisecond after the due date is not',
      intervals: [interval({ openedAt: d(0), fixedAt: d(14) + 1 })],
      value: 0,
      n: 1,
    },
    {
      name: 'uses the tier of the service for the SLA',
      // tier 0: 7 days; fixed after 8 days: late. tier 1 after 8 days: in time. 1/2
      intervals: [interval({ openedAt: d(0), fixedAt: d(8), serviceId: 's0' }), interval({ openedAt: d(0), fixedAt: d(8) })],
      value: 50,
      n: 2,
    },
    {
      name: 'adds criticals still open and overdue at the end to the population',
      // 3 fixed in time, 1 open since d(60) (due d(74) < end): 3/4
      intervals: [
        interval({ openedAt: d(0), fixedAt: d(1) }),
        interval({ openedAt: d(0), fixedAt: d(2) }),
        interval({ openedAt: d(0), fixedAt: d(3) }),
        interval({ openedAt: d(60) }),
      ],
      value: 75,
      n: 4,
    },
    {
      name: 'leaves out open criticals not yet overdue at the end',
      intervals: [interval({ openedAt: d(0), fixedAt: d(1) }), interval({ openedAt: END - 3 * DAY })],
      value: 100,
      n: 1,
    },
    {
      name: 'treats an interval fixed after the end as open at the end',
      intervals: [interval({ openedAt: d(0), fixedAt: d(1) }), interval({ openedAt: d(10), fixedAt: END + 5 * DAY })],
      value: 50,
      n: 2,
    },
  ])('$name', ({ intervals, value, n }) => {
    const r = kpi.compute(input({ services, intervals }));
    expect(r).toMatchObject({ kind: 'value', n });
    expect(r.kind === 'value' && r.value).toBeCloseTo(value, 9);
  });

  it('leaves out an overdue critical under an exception active at the end', () => {
    const intervals = [interval({ openedAt: d(0), fixedAt: d(1) }), interval({ openedAt: d(10), fingerprint: 'fp-open' })];
    expect(kpi.compute(input({ services, intervals, exceptions: [exception({})] }))).toMatchObject({ value: 100, n: 1 });
  });

  it('counts the overdue critical again when the exception expires exactly at the end', () => {
    // active means t < expires_at: an exception expiring at `end` is not active at `end`
    const intervals = [interval({ openedAt: d(0), fixedAt: d(1) }), interval({ openedAt: d(10), fingerprint: 'fp-open' })];
    expect(kpi.compute(input({ services, intervals, exceptions: [exception({ expiresAt: END })] }))).toMatchObject({ value: 50, n: 2 });
  });

  it('ignores revoked exceptions and exceptions of another service', () => {
    const intervals = [interval({ openedAt: d(10), ruleId: 'r1' })];
    const exceptions = [exception({ status: 'revoked' }), exception({ id: 'EX-2', scope: { service: 's0', rule: 'r1' } })];
    expect(kpi.compute(input({ services, intervals, exceptions }))).toMatchObject({ value: 0, n: 1 });
  });

  it('has no data with no fixes and nothing overdue', () => {
    expect(kpi.compute(input({ services, intervals: [interval({ openedAt: END - DAY })] })).kind).toBe('no-data');
    expect(P.label).toBe('2026-Q3');
  });
});
