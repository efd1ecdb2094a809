import type { IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { KpisReport } from '../kpis/evaluate.js';
import { periodJson } from '../domain/period.js';
import type { Service } from '../domain/service.js';
import { DAY_MS } from '../domain/time.js';
import { escalate, SLA_METRIC } from './escalation.js';
import { findingsSeenIn } from './exposure.js';
import { failureModeCell, topFailureMode, type FailureModeIncident } from './failure-mode.js';
import type { IncidentFact, ReviewInputs } from './inputs.js';
import { readMetric } from './metrics.js';
import { productLineView, type LineInput } from './product-line.js';
import { GATE_METRICS, rateReleaseGate, rateReviewLatency, REVIEW_LATENCY_METRIC } from './ratings.js';
import { noisyRuleIds } from './taxonomy.js';
import type { EscalationCell, FailureModeCell, Scorecard, ScorecardRow } from './types.js';

export const RISK_INDEX = 'risk_index';
export const COVERAGE = 'scanning_coverage';
export const EXCEPTIONS = 'exception_volume_age';

/**
 * The metrics judging reads of the reports by line, by service and by cohort, and nothing
 * else: the review computes only these for those groupings (app/build-review.ts). Whoever
 * reads another metric of one of them adds it here; build-review.test.ts holds the review to
 * the one judged from reports of every metric.
 */
export const JUDGED_PER_GROUPING = {
  /** The product-line series below, and the risk-against-count points (review.ts). */
  line: [RISK_INDEX, SLA_METRIC, COVERAGE, GATE_METRICS.coverage, EXCEPTIONS],
  /** Each service's escalation (judgeScope), for the paved-road comparison. */
  service: [SLA_METRIC],
  /** The paved-road comparison's review latency (paved-road.ts). */
  cohort: [REVIEW_LATENCY_METRIC],
} as const;

/** The scorecard (§1) and the product-line view (§2), judged from the inputs. */
export function judgeScorecard(inputs: ReviewInputs): Scorecard {
  const { catalog, reports, settings } = inputs;
  const period = inputs.periods[inputs.periods.length - 1]!;
  const now = reports.byArea[reports.byArea.length - 1] ?? null;
  const before = reports.byArea[reports.byArea.length - 2] ?? null;

  const rows: ScorecardRow[] = catalog.areas.map((area) => {
    const services = servicesIn(catalog.services, (s) => s.area === area.name);
    const read = (id: string) => readMetric(now, area.name, id);
    const { topFailureMode, escalation } = judgeScope(inputs, services, area.name, now, before);
    return {
      area: area.name,
      line: area.line,
      owners: area.owners,
      releaseGateHealth: rateReleaseGate(
        { coverage: read(GATE_METRICS.coverage), bypass: read(GATE_METRICS.bypass), toolErrors: read(GATE_METRICS.toolErrors) },
        settings.scorecard.gate,
      ),
      reviewLatency: rateReviewLatency(read(REVIEW_LATENCY_METRIC), settings.scorecard.reviewLatency),
      topFailureMode,
      escalation,
    };
  });

  const lines: LineInput[] = catalog.lines.map((line) => {
    const services = servicesIn(catalog.services, (s) => s.line === line.name);
    return {
      line: line.name,
      owners: line.owners,
      series: reports.byLine.slice(-3).map((r) => ({
        period: r.period.label,
        riskIndex: readMetric(r, line.name, RISK_INDEX),
        criticalSla: readMetric(r, line.name, SLA_METRIC),
        coverage: readMetric(r, line.name, COVERAGE),
        gateCoverage: readMetric(r, line.name, GATE_METRICS.coverage),
        exceptions: readMetric(r, line.name, EXCEPTIONS),
      })),
      signal: signalOf(inputs, services, period),
    };
  });
  return {
    period: periodJson(period),
    rows,
    lines: productLineView(lines, { flatBand: settings.flatBand, noisyShare: settings.review.noisyShare }),
  };
}

/**
 * Top failure mode and escalation of one scope (an area, or a single service for the
 * paved-road comparison): `now` and `before` are the reports of P and P-1 holding its group `key`.
 */
export function judgeScope(
  inputs: ReviewInputs,
  services: ReadonlyMap<string, Service>,
  key: string,
  now: KpisReport | null,
  before: KpisReport | null,
): { topFailureMode: FailureModeCell; escalation: EscalationCell } {
  const { settings } = inputs;
  const period = inputs.periods[inputs.periods.length - 1]!;
  const intervals = ofServices(inputs.intervals, services);
  const failure = topFailureMode({
    period,
    services,
    intervals,
    incidents: startedIncidents(inputs.operational.incidents ?? []),
    taxonomy: inputs.taxonomy,
    joinRatio: settings.scorecard.failureModeJoinRatio,
  });
  const cell = failureModeCell(failure, { findingsLoaded: inputs.loaded.has('findings'), scans: scansIn(inputs, services, period) });
  const escalation = escalate({
    periods: inputs.periods.slice(-3),
    services,
    sla: { now: readMetric(now, key, SLA_METRIC), before: readMetric(before, key, SLA_METRIC) },
    slaTarget: inputs.slaTarget,
    intervals,
    exceptions: inputs.loaded.has('exceptions') ? inputs.exceptions : null,
    incidents: inputs.operational.incidents,
    topFailureMode: cell.kind === 'no-data' ? null : { label: failure.label, services: [...new Set(failure.top.flatMap((f) => f.services))] },
    findingsUnknown: findingsUnknown(inputs, services, intervals, period),
    nearBand: settings.scorecard.escalationNearBand,
  });
  return { topFailureMode: cell, escalation };
}

export function servicesIn(services: readonly Service[], keep: (s: Service) => boolean): Map<string, Service> {
  return new Map(services.filter(keep).map((s) => [s.id, s]));
}

/**
 * Why nothing is known of the scope's findings at the end of P, or null when something is: a scan
 * of its services in P or in the coverage window before its end (the failure-mode cell's scans
 * and risk_index's), or a finding of them open at some time in P. Before the first scan, an
 * area's "no overdue critical" is no figure at all.
 */
function findingsUnknown(inputs: ReviewInputs, services: ReadonlyMap<string, Service>, intervals: readonly IntervalFact[], period: Period): string | null {
  if (!inputs.loaded.has('findings')) return 'no scanner findings have been imported';
  const days = inputs.settings.coverageWindowDays;
  const from = Math.min(period.start, period.end - days * DAY_MS);
  if (ofServices(inputs.scans, services).some((s) => s.scannedAt >= from && s.scannedAt < period.end)) return null;
  if (intervals.some((i) => i.openedAt < period.end && (i.fixedAt === null || i.fixedAt >= period.start))) return null;
  return `no scan of its services in ${period.label} or the ${days} days before its end, and no finding of them open in it`;
}

function scansIn(inputs: ReviewInputs, services: ReadonlyMap<string, Service>, period: Period): number {
  return ofServices(inputs.scans, services).filter((s) => s.scannedAt >= period.start && s.scannedAt < period.end).length;
}

/**
 * The items of `list` that belong to `services`, in their order, from an index by service built
 * once per list (never mutated once loaded) instead of a filter of the whole list per scope: the
 * review judges every service on its own for the paved-road comparison, and 2,000 services ×
 * 742k intervals and 266k scans was most of a 260 s review at 10⁶ intervals; the 40 areas'
 * filters were still ~2 s of the scorecard. Shared: callers must not modify the list handed back.
 */
export function ofServices<T extends { serviceId: string }>(list: readonly T[], services: ReadonlyMap<string, Service>): readonly T[] {
  if (services.size === 1) {
    const [id] = services.keys();
    return ofService(list, id!);
  }
  // Several services: their items' positions, put back in list order.
  const { positions } = indexOf(list);
  let count = 0;
  for (const id of services.keys()) count += positions.get(id)?.length ?? 0;
  const picked = new Int32Array(count);
  let k = 0;
  for (const id of services.keys()) for (const n of positions.get(id) ?? []) picked[k++] = n;
  picked.sort();
  const out: T[] = new Array(count);
  for (let j = 0; j < count; j++) out[j] = list[picked[j]!]!;
  return out;
}

/** The items of `list` of one service, in their order (see ofServices). Shared: callers must not modify it. */
export function ofService<T extends { serviceId: string }>(list: readonly T[], id: string): readonly T[] {
  return (indexOf(list).items.get(id) as T[] | undefined) ?? [];
}

interface ServiceIndex {
  items: Map<string, unknown[]>;
  positions: Map<string, number[]>;
}

function indexOf(list: readonly { serviceId: string }[]): ServiceIndex {
  let index = byServiceCache.get(list);
  if (index === undefined) {
    index = { items: new Map(), positions: new Map() };
    for (let n = 0; n < list.length; n++) {
      const x = list[n]!;
      const own = index.items.get(x.serviceId);
      if (own === undefined) {
        index.items.set(x.serviceId, [x]);
        index.positions.set(x.serviceId, [n]);
      } else {
        own.push(x);
        index.positions.get(x.serviceId)!.push(n);
      }
    }
    byServiceCache.set(list, index);
  }
  return index;
}

const byServiceCache = new WeakMap<readonly { serviceId: string }[], ServiceIndex>();

/** The incidents with a start time, as the failure mode counts them; memoised per list (never mutated once loaded). */
function startedIncidents(incidents: readonly IncidentFact[]): readonly FailureModeIncident[] {
  let out = startedCache.get(incidents);
  if (out === undefined) startedCache.set(incidents, (out = incidents.flatMap((i) => (i.startedAt === null ? [] : [{ ...i, startedAt: i.startedAt }]))));
  return out;
}

const startedCache = new WeakMap<readonly IncidentFact[], readonly FailureModeIncident[]>();

/** Signal quality of some services in P: findings seen, and how many were false positives or from noisy rules. */
export function signalOf(inputs: ReviewInputs, services: ReadonlyMap<string, Service>, period: Period): LineInput['signal'] {
  if (!inputs.loaded.has('findings')) return null;
  const seen = findingsSeenIn(ofServices(inputs.intervals, services), period.start, period.end);
  if (seen.length === 0) return null;
  const noisyRules = noisyRuleIds(inputs.taxonomy, seen);
  const noisy = seen.filter((i) => i.falsePositive || (i.ruleId !== null && noisyRules.has(i.ruleId)));
  return { seen: seen.length, noisy: noisy.length, rules: [...noisyRules].sort() };
}
