import type { Settings } from '../config/schema.js';
import { SecscoreError } from '../domain/errors.js';
import { INPUT_KINDS, type InputKind } from '../domain/facts.js';
import { periodJson, periodSeries, previousPeriod, type Period } from '../domain/period.js';
import { slaDueAt, type Policy } from '../domain/policy.js';
import type { Service } from '../domain/service.js';
import type { Category } from '../domain/severity.js';
import { DAY_MS, toIso } from '../domain/time.js';
import { KPIS, SCORECARD_METRICS } from '../kpis/catalog.js';
import { criticalSlaCompliance } from '../kpis/critical-sla-compliance.js';
import type { KpiDefinition } from '../kpis/define-kpi.js';
import { targetOf, type Grouping, type KpisReport } from '../kpis/evaluate.js';
import { countable, openAt, reopenEventsIn } from '../kpis/fix-events.js';
import { shapeReview } from '../scorecard/audience.js';
import {
  NOT_PAVED_ROAD,
  PAVED_ROAD,
  type AlertRunbookCount,
  type IncidentFact,
  type OperationalInputs,
  type PipelineRunAggregate,
  type ReviewInputs,
  type ReviewReports,
} from '../scorecard/inputs.js';
import { JUDGED_PER_GROUPING, ofService } from '../scorecard/judge-scorecard.js';
import { isPavedRoad } from '../scorecard/paved-road.js';
import { judgeReview, type Audience, type CoverageGap, type EvidenceFinding, type Review } from '../scorecard/review.js';
import type { Store } from '../storage/store.js';
import { taxonomyOf } from './build-scorecard.js';
import { evaluateSlice, kpiSeriesFromFacts, scopeSlices } from './compute-kpis.js';
import { loadFacts, type Facts } from './load-facts.js';

const ALL_KINDS: readonly InputKind[] = INPUT_KINDS;

export interface ReviewOptions {
  audience: Audience;
  /** product-eng: the director's product areas. */
  areas?: readonly string[];
}

/** Periods of facts a review needs: the last four (KPI trend charts), and the one before them for their trend. */
const REVIEW_PERIODS = 4;

/**
 * The review of `period` for an audience; null when the catalog holds no product area or line:
 * with nothing to judge, every section would be an empty table or "nothing to state", so the
 * caller says that the catalog is empty instead, as the scorecard does.
 */
export async function buildReview(store: Store, settings: Settings, period: Period, options: ReviewOptions = { audience: 'vp-eng' }): Promise<Review | null> {
  const policy = settings.policy as Policy;
  const facts = await loadFacts(store, policy, periodSeries(period, REVIEW_PERIODS + 1)[0]!, period, taxonomyOf(settings));
  return reviewFromFacts(facts, settings, period, options);
}

export function reviewFromFacts(facts: Facts, settings: Settings, period: Period, options: ReviewOptions): Review | null {
  const policy = settings.policy as Policy;
  const areas = checkAreas(facts, options);
  if (facts.catalog.areas.length === 0 && facts.catalog.lines.length === 0) return null;
  const inputs = reviewInputsFromFacts(facts, settings, period);
  const judged = judgeReview(inputs);
  const last = (list: readonly KpisReport[]) => list[list.length - 1]!;
  return shapeReview(
    judged,
    {
      period: periodJson(period),
      kpis: { company: last(inputs.reports.company), byArea: last(inputs.reports.byArea) },
      evidence: evidenceOf(facts, policy, period),
      data: { loaded: ALL_KINDS.filter((k) => facts.loaded.has(k)), notLoaded: ALL_KINDS.filter((k) => !facts.loaded.has(k)) },
      taxonomy: inputs.taxonomy.sources,
    },
    { audience: options.audience, areas, platformAreas: settings.review.platformAreas },
  );
}

/**
 * The KPIs and scorecard metrics judging reads by id: the catalog plus the scorecard metrics
 * (gate_coverage, gate_bypass_rate, gate_tool_error_rate, security_review_latency, risk_index);
 * a metric listed twice counts once.
 */
export function judgedMetrics(): KpiDefinition[] {
  const out = new Map<string, KpiDefinition>();
  for (const k of [...KPIS, ...SCORECARD_METRICS]) if (!out.has(k.id)) out.set(k.id, k);
  return [...out.values()];
}

/**
 * Records beyond scanner findings, for the narrative's friction sources and the escalation's
 * incident trigger: incidents that started in the last three periods (P and the two before),
 * pipeline runs started in P aggregated by service and template, and alerts dispositioned in P
 * by service and rule. A kind never loaded stays null, so its cells say No data and its
 * statements are left out; records of services not in the catalog are not counted.
 */
export function operationalInputs(facts: Facts, period: Period): OperationalInputs {
  const services = new Set(facts.catalog.services.map((s) => s.id));
  const known = (id: string | null): id is string => id !== null && services.has(id);
  const inP = (t: number | null, p: Period = period): boolean => t !== null && t >= p.start && t < p.end;
  const { records } = facts;

  let incidents: IncidentFact[] | null = null;
  if (facts.loaded.has('incidents')) {
    const from = periodSeries(period, 3)[0]!.start;
    incidents = records.incidents
      .filter((i) => i.startedAt !== null && i.startedAt >= from && i.startedAt < period.end && (i.serviceId === null || services.has(i.serviceId)))
      .map((i) => ({ id: i.id, serviceId: i.serviceId, severity: i.severity, startedAt: i.startedAt, cause: i.cause, runbook: i.runbook }));
  }

  let pipelineRuns: PipelineRunAggregate[] | null = null;
  if (facts.loaded.has('pipeline-runs')) {
    const byKey = new Map<string, PipelineRunAggregate>();
    for (const r of records.pipelineRuns) {
      if (!known(r.serviceId) || !inP(r.startedAt)) continue;
      const template = r.template ?? '(none)';
      const key = `${r.serviceId}\u0000${template}`;
      let a = byKey.get(key);
      if (!a) byKey.set(key, (a = { serviceId: r.serviceId, template, runs: 0, releases: 0, failed: 0, bypassed: 0, toolErrors: 0, absent: 0 }));
      a.runs++;
      if (r.release) a.releases++;
      if (r.securityStage === 'failed') a.failed++;
      else if (r.securityStage === 'bypassed') a.bypassed++;
      else if (r.securityStage === 'tool_error') a.toolErrors++;
      else if (r.securityStage === 'absent') a.absent++;
    }
    pipelineRuns = [...byKey.values()].sort((a, b) => cmp(a.serviceId, b.serviceId) || cmp(a.template, b.template));
  }

  let alerts: AlertRunbookCount[] | null = null;
  if (facts.loaded.has('alerts')) {
    const byKey = new Map<string, AlertRunbookCount>();
    for (const a of records.alerts) {
      if (!inP(a.dispositionedAt) || (a.serviceId !== null && !services.has(a.serviceId))) continue;
      const key = JSON.stringify([a.serviceId, a.rule]);
      let c = byKey.get(key);
      if (!c) byKey.set(key, (c = { serviceId: a.serviceId, rule: a.rule, alerts: 0, withRunbook: 0 }));
      c.alerts++;
      if (a.runbook !== null && a.runbook.trim() !== '') c.withRunbook++;
    }
    alerts = [...byKey.values()].sort((a, b) => cmp(a.serviceId ?? '', b.serviceId ?? '') || cmp(a.rule ?? '', b.rule ?? ''));
  }
  return { incidents, pipelineRuns, alerts };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Everything judging reads, from facts loaded once: KPI and metric reports by scope and period, findings, scans, records. */
export function reviewInputsFromFacts(facts: Facts, settings: Settings, period: Period): ReviewInputs {
  const policy = settings.policy as Policy;
  const metrics = judgedMetrics();
  const periods = periodSeries(period, REVIEW_PERIODS);
  const series = (ps: readonly Period[], by: Grouping) => kpiSeriesFromFacts(facts, policy, ps, by, metrics);
  const only = (grouping: keyof typeof JUDGED_PER_GROUPING) => metrics.filter((k) => (JUDGED_PER_GROUPING[grouping] as readonly string[]).includes(k.id));
  const slaTarget = targetOf(criticalSlaCompliance, policy);
  const services = new Set(facts.catalog.services.map((s) => s.id));
  return {
    periods,
    catalog: facts.catalog,
    // The one the facts were loaded with (loadFacts): KPIs and judging classify alike, and it is read once.
    taxonomy: facts.taxonomy,
    reports: lazyReports({
      company: () => series(periods, 'company'),
      // Two periods: judging reads P and P-1 by area (a third cost a period of 40+ area reports unread).
      byArea: () => series(periods.slice(-2), 'area'),
      byLine: () => kpiSeriesFromFacts(facts, policy, periods.slice(-3), 'line', only('line')),
      byTier: () => series([period], 'tier')[0]!,
      // By service and by cohort only what judging reads (JUDGED_PER_GROUPING): the other 28
      // metrics of 2,000 services were ~2 s of the review at bench scale 1.
      byService: () => kpiSeriesFromFacts(facts, policy, [period], 'service', only('service'))[0]!,
      cohorts: () => cohortReport(facts, policy, period, only('cohort'), (s) => isPavedRoad(s, settings.review.pavedRoadTagPrefix)),
    }),
    intervals: facts.intervals.filter((i) => services.has(i.serviceId)),
    scans: facts.scans,
    exceptions: facts.exceptions,
    operational: operationalInputs(facts, period),
    loaded: facts.loaded,
    slaTarget: 'value' in slaTarget ? slaTarget.value : 90,
    policy,
    settings: { scorecard: settings.scorecard, review: settings.review, flatBand: policy.flatBand, coverageWindowDays: policy.coverageWindowDays },
  };
}

/**
 * The reports, each computed when first read (then kept): the scorecard reads only those by
 * area and by line; the company, tier, service and cohort reports were ~8 s of a 22 s profiled
 * scorecard at 10⁶ intervals (the service one, 2,000 groups, ~3 s and ~370 MB of peak RSS).
 */
function lazyReports(work: { [K in keyof ReviewReports]: () => ReviewReports[K] }): ReviewReports {
  const out = {} as ReviewReports;
  for (const key of Object.keys(work) as (keyof ReviewReports)[]) {
    let value: ReviewReports[typeof key] | undefined;
    Object.defineProperty(out, key, { enumerable: true, get: () => (value ??= work[key]()) });
  }
  return out;
}

/** The metrics for two groups of services: on a paved road, and the rest. */
function cohortReport(facts: Facts, policy: Policy, period: Period, metrics: readonly KpiDefinition[], paved: (s: Service) => boolean): KpisReport {
  const cohorts = [
    { key: PAVED_ROAD, services: facts.catalog.services.filter(paved) },
    { key: NOT_PAVED_ROAD, services: facts.catalog.services.filter((s) => !paved(s)) },
  ];
  // Both cohorts cut in one walk, and each slice serves P and P-1.
  const slices = scopeSlices(
    facts,
    cohorts,
    cohorts.map(({ key }) => ({ by: 'cohort', key })),
  );
  const groups = cohorts.map(({ key }, g) => ({ key, kpis: evaluateSlice(slices[g]!, period, previousPeriod(period), policy, metrics) }));
  return { period: periodJson(period), scope: { by: 'company' }, groups };
}

function checkAreas(facts: Facts, options: ReviewOptions): string[] | undefined {
  const known = facts.catalog.areas.map((a) => a.name);
  if (options.audience !== 'product-eng') {
    if (options.areas && options.areas.length > 0) throw new SecscoreError('USAGE', '--area goes with --audience product-eng');
    return undefined;
  }
  if (!options.areas || options.areas.length === 0)
    throw new SecscoreError('USAGE', `--audience product-eng needs --area <name> (one or more); areas: ${known.join(', ') || 'none in the catalog'}`);
  const unknown = options.areas.filter((a) => !known.includes(a));
  if (unknown.length > 0)
    throw new SecscoreError(
      'USAGE',
      `--area ${unknown.map((a) => JSON.stringify(a)).join(', ')}: no such product area; areas: ${known.join(', ') || 'none in the catalog'}`,
    );
  return [...options.areas];
}

function evidenceOf(facts: Facts, policy: Policy, period: Period): NonNullable<Review['evidence']> {
  const services = new Map(facts.catalog.services.map((s) => [s.id, s]));
  const maxSeq = new Map<number, number>();
  for (const i of facts.intervals) maxSeq.set(i.findingId, Math.max(maxSeq.get(i.findingId) ?? 0, i.seq));
  const view = (i: (typeof facts.intervals)[number]): EvidenceFinding => {
    const s = services.get(i.serviceId)!;
    const due = slaDueAt(policy, i.severity, s.tier, i.openedAt);
    return {
      service: s.id,
      area: s.area,
      severity: i.severity,
      title: i.title,
      tool: i.tool,
      openedAt: toIso(i.openedAt),
      dueAt: due === null ? null : toIso(due),
      daysOverdue: due === null || due >= period.end ? null : Math.round(((period.end - due) / DAY_MS) * 10) / 10,
      reopenCount: (maxSeq.get(i.findingId) ?? 1) - 1,
    };
  };
  const scoped = countable(facts.intervals).filter((i) => services.has(i.serviceId));
  const overdueCriticals = openAt(scoped, period.end)
    .filter((i) => i.severity === 'critical')
    .map(view)
    .filter((f) => f.daysOverdue !== null)
    .sort((a, b) => b.daysOverdue! - a.daysOverdue! || (a.service < b.service ? -1 : 1))
    .slice(0, 15);
  const reopened = reopenEventsIn(scoped, period)
    .filter((i) => i.severity === 'critical' || i.severity === 'high')
    .map(view)
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : 1))
    .slice(0, 15);

  const from = period.end - policy.coverageWindowDays * DAY_MS;
  const coverageGaps: CoverageGap[] = [];
  for (const s of facts.catalog.services) {
    if (s.repos.length === 0) continue;
    const scans = ofService(facts.scans, s.id).filter((x) => x.scannedAt < period.end);
    const recent = new Set<Category>();
    for (const x of scans) {
      if (x.scannedAt < from) continue;
      recent.add(x.category);
      for (const c of policy.coverageEquivalents[x.category] ?? []) recent.add(c);
    }
    const required = new Set(policy.requiredCoverage);
    if (s.tags.includes(policy.iacTag)) required.add('iac');
    const missing = [...required].filter((c) => !recent.has(c));
    if (missing.length === 0) continue;
    const last = scans.reduce<number | null>((m, x) => (m === null || x.scannedAt > m ? x.scannedAt : m), null);
    coverageGaps.push({ service: s.id, area: s.area, missing, lastScanAt: last === null ? null : toIso(last) });
  }
  return { overdueCriticals, reopened, coverageGaps };
}
