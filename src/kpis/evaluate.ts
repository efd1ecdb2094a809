import type { Policy } from '../domain/policy.js';
import type { KpiDefinition, KpiResult, KpiTarget } from './define-kpi.js';

export type KpiStatus = 'meets' | 'near' | 'misses' | 'no-data';
export type KpiTrend = 'improving' | 'worsening' | 'flat';

/** The target in force: the policy's override, else the KPI's default. */
export function targetOf(kpi: KpiDefinition, policy: Policy): KpiTarget {
  return policy.targets[kpi.id] ?? kpi.target;
}

/**
 * Status against the target (kpis.md): `near` is within the near band of the target value,
 * relative. A directional target ("downward") is met when the trend goes that way or holds.
 */
export function statusOf(result: KpiResult, target: KpiTarget, nearBand: number, trend: KpiTrend | null): KpiStatus {
  if (result.kind === 'no-data') return 'no-data';
  const v = result.value;
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

/** Trend against the previous period, judged by the KPI's better direction; null when either side has no data. */
export function trendOf(current: KpiResult, previous: KpiResult, better: 'up' | 'down', flatBand: number): KpiTrend | null {
  if (current.kind === 'no-data' || previous.kind === 'no-data') return null;
  const delta = current.value - previous.value;
  const base = Math.abs(previous.value);
  if (base === 0 ? delta === 0 : Math.abs(delta) / base < flatBand) return 'flat';
  const up = delta > 0;
  return up === (better === 'up') ? 'improving' : 'worsening';
}
