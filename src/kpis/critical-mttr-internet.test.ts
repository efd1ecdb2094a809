import { describe, expect, it } from 'vitest';
import { criticalMttrInternet as kpi } from './critical-mttr-internet.js';
import { d, END, input, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;

describe('critical_mttr_internet', () => {
  it.each([
    {
      name: 'means the days from open to fix of critical fixes in P on internet-exposed services',
      // fixes of 4, 10 and 1 days: mean 5, median 4, p90 = 4 + (10 - 4) * 0.8 = 8.8
      intervals: [
        interval({ openedAt: d(0), fixedAt: d(4) }),
        interval({ openedAt: d(10), fixedAt: d(20) }),
        interval({ openedAt: d(30), fixedAt: d(31) }),
      ],
      value: 5,
      n: 3,
      details: { median: 4, p90: 8.8 },
    },
    {
      name: 'counts an interval that crosses the period start by its whole duration',
      // opened 10 days before P, fixed 2 days into P: 12 days
      intervals: [interval({ openedAt: P.start - 10 * DAY, fixedAt: d(2) })],
      value: 12,
      n: 1,
    },
    {
      name: 'ignores fixes outside P, other severities, info, false positives and non-exposed services',
      intervals: [
        interval({ openedAt: d(0), fixedAt: END }), // fixed exactly at end: not in [start, end)
        interval({ openedAt: P.start - 20 * DAY, fixedAt: P.start - DAY }),
        interval({ openedAt: d(0), fixedAt: d(3), severity: 'high' }),
        interval({ openedAt: d(0), fixedAt: d(3), falsePositive: true }),
        interval({ openedAt: d(0), fixedAt: d(3), serviceId: 'internal' }),
        interval({ openedAt: d(0), fixedAt: d(6) }),
      ],
      value: 6,
      n: 1,
    },
    {
      name: 'counts each interval of a reopened finding as its own fix event',
      intervals: [
        interval({ findingId: 900, seq: 1, openedAt: d(0), fixedAt: d(2) }),
        interval({ findingId: 900, seq: 2, openedAt: d(10), fixedAt: d(14) }),
      ],
      value: 3,
      n: 2,
    },
  ])('$name', ({ intervals, value, n, details }) => {
    const r = kpi.compute(input({ services: [service('s1'), service('internal', { internetExposed: false })], intervals }));
    expect(r.kind).toBe('value');
    if (r.kind !== 'value') return;
    expect(r.value).toBeCloseTo(value, 9);
    expect(r.n).toBe(n);
    if (details) expect(r.details).toMatchObject(details);
  });

  it('has no data when nothing was fixed, and says why', () => {
    const r = kpi.compute(input({ intervals: [interval({ openedAt: d(0) })] }));
    expect(r).toMatchObject({ kind: 'no-data', n: 0 });
    expect(r.kind === 'no-data' && r.reason).toMatch(/fixed/);
  });

  it('has no data when findings were never loaded', () => {
    expect(kpi.compute(input({ loaded: ['catalog'] })).kind).toBe('no-data');
  });

  it('reports the exploitable subset only when exploitability data exists', () => {
    const intervals = [interval({ openedAt: d(0), fixedAt: d(2), exploitAvailable: true }), interval({ openedAt: d(0), fixedAt: d(10) })];
    const r = kpi.compute(input({ intervals }));
    expect(r.details).toMatchObject({ exploitable_mean: 2, exploitable_n: 1 });
    const none = kpi.compute(input({ intervals: [interval({ openedAt: d(0), fixedAt: d(10) })] }));
    expect(none.details).toMatchObject({ exploitable_mean: null, exploitability: 'no exploitability data loaded' });
  });
});
