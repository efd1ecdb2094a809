import { exceptionActiveAt, type ExceptionRecord } from '../domain/exception.js';
import { coveringExceptions } from '../kpis/exception-cover.js';
import type { Period } from '../domain/period.js';
import { slaDueAt } from '../domain/policy.js';
import type { Service } from '../domain/service.js';
import { exposureAt, totalWeight, type ExposureItem } from './exposure.js';
import {
  longTail,
  pipelineFriction,
  runbookGaps,
  sharedAuthorization,
  type LongTail,
  type PipelineFriction,
  type RunbookGaps,
  type SharedAuthorization,
} from './friction.js';
import type { ReviewInputs } from './inputs.js';
import type { MetricReading } from './metrics.js';
import { comparePavedRoad, type PavedRoadComparison } from './paved-road.js';
import { day, num, pct, plural } from './phrase.js';
import { judgeScope, ofService, servicesIn, signalOf } from './judge-scorecard.js';
import type { EvidenceRef } from './statement.js';
import type { Cell, Scorecard, ScorecardRow } from './types.js';

/** What the narrative, asks, close and board summary are written from: the scorecard and the analyses behind it. */
export interface ReviewContext {
  inputs: ReviewInputs;
  period: Period;
  services: ReadonlyMap<string, Service>;
  scorecard: Scorecard;
  /** Open exposure at the end of P; empty when findings were never imported. */
  exposure: ExposureItem[];
  totalRisk: number;
  pavedRoad: PavedRoadComparison;
  pipelines: PipelineFriction | null;
  /** Null when findings were never imported. */
  sharedAuth: SharedAuthorization | null;
  runbooks: RunbookGaps | null;
  longTail: LongTail | null;
  /** Areas' signal quality in P. */
  signal: { area: string; seen: number; noisy: number; rules: string[] }[];
  /** Open criticals overdue at the end on tier 0/1 or internet-exposed services, not under an active exception. */
  overdueExposed: ExposureItem[];
  /** Approved exceptions covering open findings at the end, without a backlog link or past their expiry. */
  passiveExceptions: { exception: ExceptionRecord; covered: ExposureItem[]; expired: boolean; noBacklog: boolean }[];
}

export function reviewContext(inputs: ReviewInputs, scorecard: Scorecard): ReviewContext {
  const period = inputs.periods[inputs.periods.length - 1]!;
  const services = servicesIn(inputs.catalog.services, () => true);
  const findings = inputs.loaded.has('findings');
  const exposure = findings ? exposureAt(period.end, inputs.intervals, services, inputs.taxonomy) : [];
  const { review } = inputs.settings;

  const serviceEscalations = new Map(
    inputs.catalog.services.map((s) => [s.id, judgeScope(inputs, new Map([[s.id, s]]), s.id, inputs.reports.byService, null).escalation] as const),
  );

  // The exceptions covering each exposure item are looked up by key (coveringExceptions), not
  // asked of every exception: 2,000 exceptions × 10⁵ open items at bench scale 1.
  const covering = coveringExceptions(inputs.exceptions);
  const overdueExposed = exposure.filter((i) => {
    const s = services.get(i.serviceId)!;
    if (i.severity !== 'critical' || !(s.tier <= 1 || s.internetExposed)) return false;
    const due = slaDueAt(inputs.policy, 'critical', s.tier, i.openedAt);
    return due !== null && due < period.end && !covering(i).some((e) => exceptionActiveAt(e, period.end));
  });

  const coveredBy = new Map<ExceptionRecord, ExposureItem[]>();
  for (const i of exposure)
    for (const e of covering(i)) {
      const list = coveredBy.get(e);
      if (list === undefined) coveredBy.set(e, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  const passiveExceptions = inputs.exceptions.flatMap((e) => {
    if (e.status !== 'approved' || e.startsAt >= period.end) return [];
    const expired = e.expiresAt !== null && e.expiresAt <= period.end;
    const noBacklog = e.backlog === null || e.backlog.trim() === '';
    if (!expired && !noBacklog) return [];
    const covered = coveredBy.get(e) ?? [];
    return covered.length === 0 ? [] : [{ exception: e, covered: [...covered], expired, noBacklog }];
  });

  return {
    inputs,
    period,
    services,
    scorecard,
    exposure,
    totalRisk: totalWeight(exposure),
    pavedRoad: comparePavedRoad(inputs.catalog.services, serviceEscalations, inputs.reports.cohorts, {
      prefix: review.pavedRoadTagPrefix,
      minServices: review.minCohortServices,
      minDifference: review.minDifference,
    }),
    pipelines: pipelineFriction(inputs.operational.pipelineRuns, review.standardTemplates),
    sharedAuth: findings ? sharedAuthorization(exposure, services, review.authorizationFamilies) : null,
    runbooks: runbookGaps(inputs.operational.alerts, inputs.operational.incidents, period),
    longTail: findings ? longTail(inputs.catalog.services, inputs.scans, period.end, inputs.settings.coverageWindowDays) : null,
    signal: inputs.catalog.areas.flatMap((a) => {
      const sig = signalOf(
        inputs,
        servicesIn(inputs.catalog.services, (s) => s.area === a.name),
        period,
      );
      return sig === null ? [] : [{ area: a.name, ...sig }];
    }),
    overdueExposed,
    passiveExceptions,
  };
}

/** Share of the company's open risk index that some exposure items carry; null when nothing is open. */
export function riskShareOf(ctx: ReviewContext, items: readonly ExposureItem[]): number | null {
  if (ctx.totalRisk === 0) return null;
  return totalWeight(items) / ctx.totalRisk;
}

// Evidence references, each carrying its own figures so that every format can show them.

const COLUMN_LABEL = {
  releaseGateHealth: 'Release gate health',
  reviewLatency: 'Review latency',
  topFailureMode: 'Top failure mode',
  escalation: 'Escalation needed',
} as const;

export function cellRef(row: ScorecardRow, column: keyof typeof COLUMN_LABEL): EvidenceRef {
  const cell: Cell<unknown> = row[column];
  return {
    ref: `cell:${row.area}:${column}`,
    label: `${row.area} — ${COLUMN_LABEL[column]}: ${String(cell.value)}`,
    detail: [...cell.evidence, `Rule: ${cell.rule}`],
  };
}

export function readingRef(scope: string, r: MetricReading): EvidenceRef {
  if (r.kind === 'no-data') return { ref: `metric:${scope}:${r.id}`, label: `${r.id} (${scope}): No data`, detail: [r.reason] };
  const detail = [
    `${num(r.value)} ${r.unit} over n = ${r.n}${r.previous === null ? '' : `, previous period ${num(r.previous)}`}`,
    `status ${r.status}${r.trend ? `, trend ${r.trend}` : ''}`,
  ];
  return { ref: `metric:${scope}:${r.id}`, label: `${r.name} (${scope})`, detail };
}

export function serviceRef(ctx: ReviewContext, id: string): EvidenceRef {
  const s = ctx.services.get(id);
  const items = ofService(ctx.exposure, id);
  if (!s) return { ref: `service:${id}`, label: `service ${id}`, detail: ['not in the catalog'] };
  return {
    ref: `service:${id}`,
    label: `service ${id} (${s.area})`,
    detail: [
      `tier ${s.tier}, ${s.internetExposed ? 'internet-exposed' : 'internal'}, owners: ${s.owners.length ? s.owners.join(', ') : 'none'}${s.tags.length ? `, tags: ${s.tags.join(', ')}` : ''}`,
      `${plural(items.length, 'open finding')} at ${day(ctx.period.end - 1)} carrying risk weight ${num(totalWeight(items))} of ${num(ctx.totalRisk)}`,
    ],
  };
}

export function exceptionRef(e: ExceptionRecord, covered: number): EvidenceRef {
  const scope = Object.entries(e.scope)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return {
    ref: `exception:${e.id}`,
    label: `exception ${e.id}`,
    detail: [
      `scope: ${scope}; owner: ${e.owner ?? 'none'}; approver: ${e.approver ?? 'none'}`,
      `from ${day(e.startsAt)} to ${e.expiresAt === null ? 'no expiry' : day(e.expiresAt)}; backlog: ${e.backlog ?? 'none'}`,
      `${plural(covered, 'open finding')} covered at the end of the period`,
    ],
  };
}

export function figuresRef(ref: string, label: string, detail: string[]): EvidenceRef {
  return { ref, label, detail };
}
