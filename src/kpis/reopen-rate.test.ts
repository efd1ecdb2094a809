import { describe, expect, it } from 'vitest';
import { reopenRate as kpi } from './reopen-rate.js';
import { d, END, input, interval, P } from './test-support/kpi-input.js';

describe('reopen_rate', () => {
  it.each([
    {
      name: 'divides reopen events in P by fix events in P',
      // finding 1: fixed d(1), reopened d(5), fixed d(9) -> 2 fixes, 1 reopen; finding 2: fixed d(3) -> 1 fix. 1/3
      intervals: [
        interval({ findingId: 1, seq: 1, openedAt: d(0), fixedAt: d(1) }),
        interval({ findingId: 1, seq: 2, openedAt: d(5), fixedAt: d(9) }),
        interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
      ],
      value: 100 / 3,
      n: 3,
    },
    {
      name: 'counts a reopen in P whose earlier fix was before P',
      intervals: [
        interval({ findingId: 1, seq: 1, openedAt: P.start - 9e8, fixedAt: P.start - 1 }),
        interval({ findingId: 1, seq: 2, openedAt: d(2) }),
        interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
      ],
      value: 100,
      n: 1,
    },
    {
      name: 'ignores reopens at the end instant and info findings',
      intervals: [
        interval({ findingId: 1, seq: 2, openedAt: END }),
        interval({ findingId: 2, openedAt: d(0), fixedAt: d(3) }),
        interval({ findingId: 3, seq: 2, openedAt: d(4), severity: 'info' }),
      ],
      value: 0,
      n: 1,
    },
  ])('$name', ({ intervals, value, n }) => {
    const r = kpi.compute(input({ intervals }));
    expect(r).toMatchObject({ kind: 'value', n });
    expect(r.kind === 'value' && r.value).toBeCloseTo(value, 9);
  });

  it('has no data when nothing was fixed in P, even with reopens', () => {
    const r = kpi.compute(input({ intervals: [interval({ seq: 2, openedAt: d(1) })] }));
    expect(r).toMatchObject({ kind: 'no-data', details: { reopens: 1, fixes: 0 } });
  });
});
