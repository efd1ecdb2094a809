import type { Period } from '../domain/period.js';
import type { IncidentRecord } from '../domain/records.js';
import { HOUR_MS } from '../domain/time.js';
import type { KpiDetails } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { median } from './stats.js';

const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;

/**
 * Durations in hours between two incident timestamps, over incidents whose `event` time is
 * in P (half-open). An incident missing the `from` time has no duration and is counted apart.
 */
export function incidentHours(
  incidents: readonly IncidentRecord[],
  period: Period,
  event: 'detectedAt' | 'containedAt',
  from: 'startedAt' | 'detectedAt',
): { hours: number[]; details: KpiDetails } {
  const inP = incidents.filter((x) => inPeriod(x[event], period));
  const timed = inP.filter((x) => x[from] !== null);
  const hours = timed.map((x) => (x[event]! - x[from]!) / HOUR_MS);
  const bySeverity: Record<string, number | null> = {};
  for (const s of SEVERITIES) bySeverity[s] = timed.filter((x) => x.severity === s).length;
  return {
    hours,
    details: { median: median(hours), by_severity: bySeverity, [`without_${from === 'startedAt' ? 'start' : 'detection'}`]: inP.length - timed.length },
  };
}
