import type { Millis } from './time.js';

const DAY_MS = 86_400_000;

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05T00:00Z, a Monday: weeks are counted from here (UTC). */
const MONDAY = 4 * DAY_MS;

/** Business time (ms) from the reference Monday to `t`: the part of it that falls Mon 00:00 – Sat 00:00 UTC. */
function businessMsSinceMonday(t: Millis): number {
  const x = t - MONDAY;
  const weeks = Math.floor(x / WEEK_MS);
  const intoWeek = x - weeks * WEEK_MS;
  return weeks * 5 * DAY_MS + Math.min(intoWeek, 5 * DAY_MS);
}

/**
 * Business days from `from` to `to` (kpis.md: Mon–Fri, UTC), fractional: the length of the
 * part of `[from, to)` that falls on a Monday to Friday (UTC calendar days), in days of
 * 86 400 s. Weekend time does not count at all: Friday 12:00 to Monday 12:00 is 1 business
 * day, a span inside one weekend is 0, and a full week is 5. No public holidays. Negative when
 * `to` is before `from` (callers treat that as bad data). Constant time, any span.
 */
export function businessDays(from: Millis, to: Millis): number {
  return (businessMsSinceMonday(to) - businessMsSinceMonday(from)) / DAY_MS;
}
