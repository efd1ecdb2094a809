import { businessDays } from './business-days.js';

/** Timestamps travel as epoch milliseconds (UTC) inside secscore and in the store. */
export type Millis = number;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * Parses an ISO 8601 timestamp; a timestamp without a zone is UTC. Returns null when the text
 * is not a timestamp (a day that is not in the calendar, such as 2026-02-30, included), so callers
 * can name the place of the bad value.
 */
export function parseTimestamp(raw: unknown): Millis | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || !isCalendarDay(s.slice(0, 10))) return null;
  let iso = s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = `${s}T00:00:00Z`;
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) iso = `${s.replace(' ', 'T')}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * Whether `YYYY-MM-DD` names a day of the calendar: `Date.parse` rolls 2026-02-30 over to
 * 2026-03-02 instead of refusing it.
 */
export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || date < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return date <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

export function toIso(ms: Millis): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function daysBetween(from: Millis, to: Millis): number {
  return (to - from) / DAY_MS;
}

/** Business days (Mon–Fri, UTC) between two instants, fractional at both ends; 0 when `to` is not after `from`. See `businessDays`. */
export function businessDaysBetween(from: Millis, to: Millis): number {
  return to <= from ? 0 : businessDays(from, to);
}
