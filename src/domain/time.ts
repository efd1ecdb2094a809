import { businessDays } from './business-days.js';

/** Timestamps travel as epoch milliseconds (UTC) inside secscore and in the store. */
export type Millis = number;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * ISO 8601 as tools write it: a date, or a date and a time of day (`T`, or a space as RFC 3339
 * allows; `t` too), to the minute or the second, with a fraction of a second after `.` or `,`,
 * and a zone `Z`, `±hh`, `±hh:mm` or `±hhmm`. A bare date takes no zone.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * Parses an ISO 8601 timestamp (see TIMESTAMP); a timestamp without a zone is UTC, a bare date is
 * midnight UTC. Returns null when the value is not one — a day that is not in the calendar (such
 * as 2026-02-30), an hour of 24 or more, minutes or seconds out of range, a zone on a bare date,
 * anything after the timestamp, a bare number (epoch seconds or milliseconds say no unit: a caller
 * that reads epoch numbers reads them itself) — so that callers can name the place of the bad value.
 * A Date (a YAML timestamp) is taken as it is.
 */
export function parseTimestamp(raw: unknown): Millis | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
  if (typeof raw !== 'string') return null;
  const m = TIMESTAMP.exec(raw.trim());
  if (!m || !isCalendarDay(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (m[9] !== undefined) {
    const [h, min] = [Number(m[10]), Number(m[11] ?? 0)];
    if (h > 23 || min > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  // Not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  const at = new Date(0);
  at.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  at.setUTCHours(hour, minute, second, millis);
  return at.getTime() - offset;
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
