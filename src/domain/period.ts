import { SecscoreError } from './errors.js';
import { parseTimestamp, toIso, type Millis } from './time.js';

/** A half-open interval [start, end) with the label it is shown under. */
export interface Period {
  label: string;
  start: Millis;
  end: Millis;
  kind: 'quarter' | 'month' | 'range';
}

/**
 * The first of a month at 00:00 UTC; `month` 0-based and may run past 11 into the next year.
 * Not `Date.UTC`, which reads the years 0–99 as 1900–1999 (`--period 0099-08` was August 1999).
 */
function monthStart(year: number, month: number): Millis {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

/** A year as `--period` writes it: four digits. */
const yearLabel = (year: number): string => (year >= 0 ? String(year).padStart(4, '0') : String(year));

export function quarterPeriod(year: number, q: number): Period {
  const start = monthStart(year, (q - 1) * 3);
  const end = monthStart(year, q * 3);
  return { label: `${yearLabel(year)}-Q${q}`, start, end, kind: 'quarter' };
}

export function monthPeriod(year: number, month: number): Period {
  const start = monthStart(year, month - 1);
  const end = monthStart(year, month);
  return { label: `${yearLabel(year)}-${String(month).padStart(2, '0')}`, start, end, kind: 'month' };
}

export function rangePeriod(start: Millis, end: Millis): Period {
  return { label: `${toIso(start)}/${toIso(end)}`, start, end, kind: 'range' };
}

/**
 * Parses `2026-Q3`, `2026-08`, or an explicit range given as from/to. A period that starts after
 * `now` is refused: nothing can have been measured in it, and its KPIs would read as measured (a
 * critical SLA compliance of 0 %). One under way is taken as it is.
 */
export function parsePeriod(spec: { period?: string; from?: string; to?: string }, now: Millis): Period {
  const p = parsedPeriod(spec, now);
  if (p.start > now) {
    const flag = spec.period !== undefined ? `--period ${spec.period}` : `--from ${spec.from ?? ''}`;
    throw new SecscoreError('USAGE', `${flag}: starts after now (${toIso(now)}); nothing has been measured in it yet`);
  }
  return p;
}

function parsedPeriod(spec: { period?: string; from?: string; to?: string }, now: Millis): Period {
  if (spec.from !== undefined || spec.to !== undefined) {
    if (spec.period !== undefined) throw new SecscoreError('USAGE', 'give either --period or --from/--to, not both');
    const from = parseTimestamp(spec.from);
    const to = parseTimestamp(spec.to);
    if (from === null) throw new SecscoreError('USAGE', `--from: expected an ISO 8601 date or timestamp, got "${spec.from ?? ''}"`);
    if (to === null) throw new SecscoreError('USAGE', `--to: expected an ISO 8601 date or timestamp, got "${spec.to ?? ''}"`);
    if (to <= from) throw new SecscoreError('USAGE', '--to must be after --from');
    return rangePeriod(from, to);
  }
  if (spec.period === undefined) return defaultPeriod(now);
  const q = /^(\d{4})-Q([1-4])$/i.exec(spec.period);
  if (q) return quarterPeriod(Number(q[1]), Number(q[2]));
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec.period);
  if (m) return monthPeriod(Number(m[1]), Number(m[2]));
  throw new SecscoreError('USAGE', `--period: expected a quarter like 2026-Q3 or a month like 2026-08, got "${spec.period}"`);
}

/** The last complete quarter before `now`. */
export function defaultPeriod(now: Millis): Period {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return previousPeriod(quarterPeriod(d.getUTCFullYear(), q));
}

/** The previous quarter or month; for a range, the range of equal length just before it. */
export function previousPeriod(p: Period): Period {
  const d = new Date(p.start);
  if (p.kind === 'quarter') {
    const q = Math.floor(d.getUTCMonth() / 3) + 1;
    return q === 1 ? quarterPeriod(d.getUTCFullYear() - 1, 4) : quarterPeriod(d.getUTCFullYear(), q - 1);
  }
  if (p.kind === 'month') {
    const m = d.getUTCMonth() + 1;
    return m === 1 ? monthPeriod(d.getUTCFullYear() - 1, 12) : monthPeriod(d.getUTCFullYear(), m - 1);
  }
  return rangePeriod(p.start - (p.end - p.start), p.start);
}

/** The same period one year earlier (for year-over-year comparisons). */
export function yearEarlier(p: Period): Period {
  const d = new Date(p.start);
  if (p.kind === 'quarter') return quarterPeriod(d.getUTCFullYear() - 1, Math.floor(d.getUTCMonth() / 3) + 1);
  if (p.kind === 'month') return monthPeriod(d.getUTCFullYear() - 1, d.getUTCMonth() + 1);
  const shift = 365 * 86_400_000;
  return rangePeriod(p.start - shift, p.end - shift);
}

/** The `n` periods ending with `p`, oldest first. */
export function periodSeries(p: Period, n: number): Period[] {
  const out: Period[] = [p];
  while (out.length < n) out.unshift(previousPeriod(out[0]!));
  return out;
}

export function periodJson(p: Period): { label: string; start: string; end: string } {
  return { label: p.label, start: toIso(p.start), end: toIso(p.end) };
}
