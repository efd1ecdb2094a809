import { describe, expect, it } from 'vitest';
import { isCalendarDay, parseTimestamp } from './time.js';

describe('parseTimestamp', () => {
  it('reads ISO 8601 days and timestamps, without a zone as UTC', () => {
    expect(parseTimestamp('2026-03-02')).toBe(Date.UTC(2026, 2, 2));
    expect(parseTimestamp('2026-03-02T10:30:00')).toBe(Date.UTC(2026, 2, 2, 10, 30));
    expect(parseTimestamp('2026-03-02T10:30:00+02:00')).toBe(Date.UTC(2026, 2, 2, 8, 30));
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses a day that is not in the calendar instead of rolling it over', () => {
    for (const bad of ['2026-02-30', '2026-02-29', '2026-04-31T00:00:00Z', '2026-13-01', '2026-00-10', '2026-01-00', '2100-02-29', 'garbage', ''])
      expect(parseTimestamp(bad), bad).toBeNull();
  });
});

describe('isCalendarDay', () => {
  it('knows month lengths and leap years, those before 1900 too', () => {
    expect(['2024-02-29', '2000-02-29', '0000-02-29', '0096-02-29', '2026-12-31', '2026-04-30'].every(isCalendarDay)).toBe(true);
    expect(['1900-02-29', '2026-02-29', '0100-02-29', '2026-06-31', '2026-1-01'].some(isCalendarDay)).toBe(false);
  });
});
