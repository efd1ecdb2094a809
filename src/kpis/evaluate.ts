import type { Policy } from '../domain/policy.js';
import type { KpiDefinition, KpiDetails, KpiResult, KpiTarget, KpiUnit } from './define-kpi.js';
import { round1 } from './stats.js';

/** The unit a value is stated in: a cost names the currency its records state (`details.currency`). */
export function unitText(unit: KpiUnit, details: KpiDetails | undefined): string {
  const currency = details?.['currency'];
  return unit === 'currency per fix' && typeof currency === 'string' ? `${currency} per fix` : unit;
}

export type KpiStatus = 'meets' | 'near' | 'misses' | 'no-data';
export type KpiTrend = 'improving' | 'worsening' | 'flat';

/** The target in force: the policy's override (keeping the detail the default applies to), else the KPI's default. */
export function targetOf(kpi: KpiDefinition, policy: Policy): KpiTarget {
  const override = policy.targets[kpi.id];
  if (!override) return kpi.target;
  return 'on' in kpi.target && kpi.target.on !== undefined ? { ...override, on: kpi.target.on } : override;
}

/**
 * Status against the target (kpis.md): `near` is within the near band of the target value,
 * relative. A directional target ("downward") is met when the trend goes that way or holds.
 */
export function statusOf(result: KpiResult, target: KpiTarget, nearBand: number, trend: KpiTrend | null): KpiStatus {
  if (result.kind === 'no-data') return 'no-data';
  let v = result.value;
  if ('on' in target && target.on !== undefined) {
    // A target on a detail: without that figure (no reviews timed, no responses a year earlier) it cannot be judged.
    const detail = result.details[target.on];
    if (typeof detail !== 'number') return 'no-data';
    v = detail;
  }
  if (target.op === '<=') {
    if (v <= target.value) return 'meets';
    return v <= target.value * (1 + nearBand) ? 'near' : 'misses';
  }
  if (target.op === '>=') {
    if (v >= target.value) return 'meets';
    return v >= target.value * (1 - nearBand) ? 'near' : 'misses';
  }
  if (trend === null) return 'near';
  if (trend === 'worsening') return 'misses';
  return trend === 'improving' ? 'meets' : 'near';
}

/**
 * Trend against the previous period, judged by the KPI's better direction; null when either
 * side has no data, or when the two are in different units (a rate one period, a count the next).
 */
export function trendOf(current: KpiResult, previous: KpiResult, better: 'up' | 'down', flatBand: number): KpiTrend | null {
  if (current.kind === 'no-data' || previous.kind === 'no-data') return null;
  if (current.unit !== previous.unit) return null;
  const delta = current.value - previous.value;
  const base = Math.abs(previous.value);
  if (base === 0 ? delta === 0 : Math.abs(delta) / base < flatBand) return 'flat';
  const up = delta > 0;
  return up === (better === 'up') ? 'improving' : 'worsening';
}

export const GROUPINGS = ['company', 'line', 'area', 'tier', 'service'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** One KPI of one group, as `kpis --json` prints it (cli.md). */
export interface KpiRow {
  id: string;
  name: string;
  value: number | null;
  unit: KpiUnit;
  n: number;
  target: KpiTarget;
  status: KpiStatus;
  previous: number | null;
  trend: KpiTrend | null;
  details: KpiDetails;
  /** Why there is no value (only with status no-data). */
  reason?: string;
  /**
   * The KPI's own figure when its target, on a detail, cannot be judged (value is null then, as
   * cli.md says of no-data): the count of design reviews without a timed one, the survey score
   * without a year earlier. Trend charts plot it.
   */
  figure?: number;
  note?: string;
}

export interface KpiGroup {
  key: string;
  kpis: KpiRow[];
}

export interface KpisReport {
  period: { label: string; start: string; end: string };
  scope: { by: Grouping };
  groups: KpiGroup[];
}

/** A computed KPI with its target, status, previous value and trend, rounded for output. */
export function evaluateKpi(kpi: KpiDefinition, current: KpiResult, previous: KpiResult, policy: Policy): KpiRow {
  const target = targetOf(kpi, policy);
  const trend = trendOf(current, previous, kpi.better, policy.flatBand);
  const status = statusOf(current, target, policy.nearBand, trend);
  // cli.md: value is null exactly when status is no-data. A value whose target is on a detail
  // without a figure (no review timed, no response a year earlier) cannot be judged: the row
  // has no data, and its reason keeps what was measured.
  const judged = current.kind === 'value' && status !== 'no-data';
  const row: KpiRow = {
    id: kpi.id,
    name: kpi.name,
    value: judged ? round1(current.value) : null,
    unit: current.kind === 'value' && current.unit ? current.unit : kpi.unit,
    n: current.n,
    target,
    status,
    previous: previous.kind === 'value' ? round1(previous.value) : null,
    trend: judged ? trend : null,
    details: roundDetails(current.details),
  };
  if (current.kind === 'no-data') row.reason = current.reason;
  else if (!judged) {
    // Its own figure kept beside the null value (the trend charts plot it), and in the reason.
    row.figure = round1(current.value);
    row.reason = unjudgedReason(current.value, row.unit, target);
  }
  if (current.kind === 'value' && current.note) row.note = current.note;
  return row;
}

function unjudgedReason(value: number, unit: KpiUnit, target: KpiTarget): string {
  const detail = 'on' in target && target.on !== undefined ? `its ${target.on} detail` : 'a figure';
  return `the target is on ${detail}, which has no figure in the period (measured: ${round1(value)} ${unit})`;
}

function roundDetails(d: KpiDetails): KpiDetails {
  const out: KpiDetails = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number') out[k] = round1(v);
    else if (v !== null && typeof v === 'object') {
      const inner: Record<string, number | null> = {};
      for (const [ik, iv] of Object.entries(v)) inner[ik] = iv === null ? null : round1(iv);
      out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
