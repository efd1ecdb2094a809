import type { KpiDetails, KpiTarget, KpiUnit } from '../kpis/define-kpi.js';
import { unitText, type KpiGroup, type KpiStatus, type KpisReport, type KpiTrend } from '../kpis/evaluate.js';

/**
 * One KPI or scorecard metric of one group, as judging reads it: a value with its population
 * size, or "no data" with the reason — including the reason that the metric is not computed at
 * all (absent from the catalog), so that judging never has to guess.
 */
export type MetricReading =
  | {
      kind: 'value';
      id: string;
      name: string;
      value: number;
      unit: KpiUnit;
      n: number;
      previous: number | null;
      trend: KpiTrend | null;
      status: KpiStatus;
      target: KpiTarget;
      details: KpiDetails;
    }
  | { kind: 'no-data'; id: string; reason: string; details: KpiDetails };

/** The reading of `id` in the group `key` of a report; "no data" with a reason when absent. */
export function readMetric(report: KpisReport | null, key: string, id: string): MetricReading {
  if (report === null) return { kind: 'no-data', id, reason: `${id}: not computed for this scope`, details: {} };
  const group = report.groups.find((g) => g.key === key);
  if (!group) return { kind: 'no-data', id, reason: `${id}: no ${report.scope.by} named "${key}" in ${report.period.label}`, details: {} };
  return readGroup(group, id, report.period.label);
}

export function readGroup(group: KpiGroup, id: string, periodLabel: string): MetricReading {
  const row = group.kpis.find((k) => k.id === id);
  if (!row) return { kind: 'no-data', id, reason: `${id} is not computed yet (not in the KPI catalog)`, details: {} };
  if (row.value === null || row.status === 'no-data')
    return { kind: 'no-data', id, reason: `${id}: ${row.reason ?? `no data in ${periodLabel}`}`, details: row.details };
  return {
    kind: 'value',
    id,
    name: row.name,
    value: row.value,
    unit: row.unit,
    n: row.n,
    previous: row.previous,
    trend: row.trend,
    status: row.status,
    target: row.target,
    details: row.details,
  };
}

/** A numeric target on the value itself; null for a direction, or for a target on one of the details (stated apart). */
export function valueTarget(t: KpiTarget): { op: '<=' | '>='; value: number } | null {
  return 'value' in t && t.on === undefined ? t : null;
}

/** The unit a reading's value is stated in: a cost names the currency its records state. */
export function unitLabel(r: Extract<MetricReading, { kind: 'value' }>): string {
  return unitText(r.unit, r.details);
}

/** The value, or null without data. */
export function valueOf(r: MetricReading | undefined): number | null {
  return r !== undefined && r.kind === 'value' ? r.value : null;
}

/** A numeric detail of a reading, or null when absent or not a number. */
export function detailOf(r: MetricReading, key: string): number | null {
  const v = r.details[key];
  return typeof v === 'number' ? v : null;
}

/** `n` of a reading; 0 without data. */
export function nOf(r: MetricReading): number {
  return r.kind === 'value' ? r.n : 0;
}

/** Why a set of readings cannot be judged: the reasons of those without data, joined. */
export function missingReasons(readings: readonly MetricReading[]): string[] {
  return readings.flatMap((r) => (r.kind === 'no-data' ? [r.reason] : []));
}
