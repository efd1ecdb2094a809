import { describe, expect, it } from 'vitest';
import { businessDays } from './business-days.js';
import { DAY_MS, HOUR_MS, parseTimestamp } from './time.js';

const t = (s: string) => parseTimestamp(s)!;

/** Reference by brute force: walk the span hour by hour (inputs on whole hours), counting weekday hours. */
function byHours(from: number, to: number): number {
  let h = 0;
  for (let x = from; x < to; x += HOUR_MS) {
    const wd = new Date(x).getUTCDay();
    if (wd !== 0 && wd !== 6) h++;
  }
  return h / 24;
}

describe('businessDays (Mon–Fri UTC, weekend time does not count)', () => {
  // 2026-07-03 is a Friday, 07-04 Saturday, 07-05 Sunday, 07-06 Monday.
  it.each([
    ['within one weekday', '2026-07-01T09:00Z', '2026-07-01T15:00Z', 0.25],
    ['a whole weekday', '2026-07-01T00:00Z', '2026-07-02T00:00Z', 1],
    ['Friday noon to Monday noon: the weekend is skipped', '2026-07-03T12:00Z', '2026-07-06T12:00Z', 1],
    ['Friday 00:00 to Monday 00:00', '2026-07-03T00:00Z', '2026-07-06T00:00Z', 1],
    ['inside one weekend', '2026-07-04T03:00Z', '2026-07-05T22:00Z', 0],
    ['Saturday to Monday 06:00: only Monday counts', '2026-07-04T10:00Z', '2026-07-06T06:00Z', 0.25],
    ['Friday 18:00 to Sunday: only Friday evening counts', '2026-07-03T18:00Z', '2026-07-05T12:00Z', 0.25],
    ['one full week, any start', '2026-07-02T07:00Z', '2026-07-09T07:00Z', 5],
    ['two weeks and a day across two weekends', '2026-07-01T00:00Z', '2026-07-16T00:00Z', 11],
    ['the same instant', '2026-07-01T10:00Z', '2026-07-01T10:00Z', 0],
    ['across a year end (Thu 2026-12-31 to Mon 2027-01-04)', '2026-12-31T12:00Z', '2027-01-04T12:00Z', 2],
  ])('%s', (_name, from, to, expected) => {
    expect(businessDays(t(from), t(to))).toBeCloseTo(expected, 12);
  });

  it('is negative when the end is before the start', () => {
    expect(businessDays(t('2026-07-06T12:00Z'), t('2026-07-03T12:00Z'))).toBeCloseTo(-1, 12);
  });

  it('adds up over a split point and agrees with an hour-by-hour count', () => {
    const start = t('2026-06-26T05:00Z');
    for (let a = 0; a < 20 * 24; a += 13) {
      for (let b = a; b < 20 * 24; b += 29) {
        const from = start + a * HOUR_MS;
        const to = start + b * HOUR_MS;
        expect(businessDays(from, to)).toBeCloseTo(byHours(from, to), 9);
        const mid = from + Math.floor((b - a) / 2) * HOUR_MS;
        expect(businessDays(from, mid) + businessDays(mid, to)).toBeCloseTo(businessDays(from, to), 9);
      }
    }
  });

  it('works before 1970 and over long spans', () => {
    // 1969-12-29 is a Monday; 52 weeks later is 1970-12-28, a Monday.
    expect(businessDays(t('1969-12-29T00:00Z'), t('1969-12-29T00:00Z') + 52 * 7 * DAY_MS)).toBe(260);
  });
});
