import type { Service } from '../domain/service.js';
import type { KpisReport } from '../kpis/evaluate.js';
import { NOT_PAVED_ROAD, PAVED_ROAD } from './inputs.js';
import { readMetric, type MetricReading } from './metrics.js';
import { REVIEW_LATENCY_METRIC } from './ratings.js';
import type { EscalationCell } from './types.js';

export interface Cohort {
  key: typeof PAVED_ROAD | typeof NOT_PAVED_ROAD;
  services: string[];
  /** Services whose own escalation could be judged, and those of them at Yes. */
  judged: string[];
  escalated: string[];
  /** `security_review_latency` over the cohort's services. */
  latency: MetricReading;
}

export interface PavedRoadComparison {
  paved: Cohort;
  other: Cohort;
  /** Which way each measure leans: paved road better, worse, or no difference beyond the threshold; null when not comparable. */
  escalations: 'paved-better' | 'paved-worse' | 'same' | null;
  latency: 'paved-better' | 'paved-worse' | 'same' | null;
}

export function isPavedRoad(s: Service, prefix: string): boolean {
  return s.tags.some((t) => t.startsWith(prefix));
}

/**
 * Services on standard platform paths (a `paved-road:*` tag) against the rest, on escalations
 * (share of services whose own escalation is Yes) and on review latency (the cohort's median).
 * A side with fewer than `minServices` judged services is not comparable.
 */
export function comparePavedRoad(
  services: readonly Service[],
  escalations: ReadonlyMap<string, EscalationCell>,
  cohorts: KpisReport,
  t: { prefix: string; minServices: number; minDifference: number },
): PavedRoadComparison {
  const cohort = (key: Cohort['key'], list: Service[]): Cohort => {
    const judged = list.filter((s) => {
      const e = escalations.get(s.id);
      return e !== undefined && e.value !== 'No data';
    });
    return {
      key,
      services: list.map((s) => s.id),
      judged: judged.map((s) => s.id),
      escalated: judged.filter((s) => escalations.get(s.id)!.value === 'Yes').map((s) => s.id),
      latency: readMetric(cohorts, key, REVIEW_LATENCY_METRIC),
    };
  };
  const paved = cohort(
    PAVED_ROAD,
    services.filter((s) => isPavedRoad(s, t.prefix)),
  );
  const other = cohort(
    NOT_PAVED_ROAD,
    services.filter((s) => !isPavedRoad(s, t.prefix)),
  );

  let escalationLean: PavedRoadComparison['escalations'] = null;
  if (paved.judged.length >= t.minServices && other.judged.length >= t.minServices) {
    const diff = other.escalated.length / other.judged.length - paved.escalated.length / paved.judged.length;
    escalationLean = diff >= t.minDifference ? 'paved-better' : diff <= -t.minDifference ? 'paved-worse' : 'same';
  }
  let latencyLean: PavedRoadComparison['latency'] = null;
  if (paved.latency.kind === 'value' && other.latency.kind === 'value' && paved.services.length >= t.minServices && other.services.length >= t.minServices) {
    const a = paved.latency.value;
    const b = other.latency.value;
    latencyLean = a <= b * (1 - t.minDifference) ? 'paved-better' : b <= a * (1 - t.minDifference) ? 'paved-worse' : 'same';
  }
  return { paved, other, escalations: escalationLean, latency: latencyLean };
}
