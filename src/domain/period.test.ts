import { describe, expect, it } from 'vitest';
import { monthPeriod, parsePeriod, previousPeriod, quarterPeriod, yearEarlier } from './period.js';

const NOW = Date.parse('2026-12-07T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

describe('parsePeriod', () => {
  it('reads quarters and months as half-open UTC intervals', () => {
    const q = parsePeriod({ period: '2026-Q3' }, NOW);
    expect([q.label, iso(q.start), iso(q.end)]).toEqual(['2026-Q3', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z']);
    const m = parsePeriod({ period: '2026-12' }, NOW);
    expect([m.label, iso(m.start), iso(m.end)]).toEqual(['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('keeps years before 100 as written, not as 19xx', () => {
    const m = parsePeriod({ period: '0099-08' }, NOW);
    expect(new Date(m.start).getUTCFullYear()).toBe(99);
    expect(m.end - m.start).toBe(31 * 86_400_000);
    const q = parsePeriod({ period: '0000-Q1' }, NOW);
    expect(new Date(q.start).getUTCFullYear()).toBe(0);
    expect(iso(q.end)).toBe('0000-04-01T00:00:00.000Z');
    expect(new Date(previousPeriod(q).start).getUTCFullYear()).toBe(-1);
    expect(m.label).toBe('0099-08');
    expect(yearEarlier(monthPeriod(100, 2)).label).toBe('0099-02');
  });

  it('defaults to the last complete quarter and steps back across years', () => {
    expect(parsePeriod({}, NOW).label).toBe('2026-Q3');
    expect(previousPeriod(quarterPeriod(2026, 1)).label).toBe('2025-Q4');
    expect(previousPeriod(monthPeriod(2026, 1)).label).toBe('2025-12');
  });

  it('refuses a period that starts after now, and takes one under way or starting exactly now', () => {
    expect(() => parsePeriod({ period: '2027-Q1' }, NOW)).toThrow(
      '--period 2027-Q1: starts after now (2026-12-07T00:00:00Z); nothing has been measured in it yet',
    );
    expect(() => parsePeriod({ from: '2026-12-08', to: '2027-01-01' }, NOW)).toThrow(/^--from 2026-12-08: starts after now/);
    expect(parsePeriod({ period: '2026-12' }, NOW).label).toBe('2026-12');
    expect(parsePeriod({ period: '2026-Q4' }, NOW).label).toBe('2026-Q4');
    expect(parsePeriod({ from: '2026-12-07', to: '2026-12-08' }, NOW).start).toBe(NOW);
  });

  it('refuses what is not a period', () => {
    for (const period of ['2026-Q5', '2026-13', '26-Q1', '2026-Q3 ']) expect(() => parsePeriod({ period }, NOW)).toThrow(/--period/);
  });
});
