import type { KpiTarget, KpiUnit } from '../kpis/define-kpi.js';
import type { KpiRow, KpisReport } from '../kpis/evaluate.js';
import { rollUpAsks, writeAsks, type Asks } from './asks.js';
import { writeBoard, type BoardSummary } from './board.js';
import { writeClose, type Close } from './close.js';
import { reviewContext } from './context.js';
import { totalWeight } from './exposure.js';
import type { LongTail, TemplateFigures } from './friction.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard, ofService, RISK_INDEX } from './judge-scorecard.js';
import { readMetric } from './metrics.js';
import { writeNarrative, type Narrative } from './narrative.js';
import type { PavedRoadComparison } from './paved-road.js';
import { evidenceIndex, type EvidenceRef } from './statement.js';
import { familyLabel } from './taxonomy.js';
import type { Scorecard } from './types.js';

export type Audience = 'vp-eng' | 'platform' | 'product-eng' | 'board';
export const AUDIENCES: readonly Audience[] = ['vp-eng', 'platform', 'product-eng', 'board'];

/** The parts of a review, in the order an audience reads them. */
export type SectionId = 'board' | 'scorecard' | 'product-lines' | 'platform' | 'drill-down' | 'narrative' | 'asks' | 'close' | 'kpis' | 'evidence';

/** A finding named in the evidence section; its text comes from scanner output and is untrusted. */
export interface EvidenceFinding {
  service: string;
  area: string;
  severity: string;
  title: string;
  tool: string;
  openedAt: string;
  dueAt: string | null;
  daysOverdue: number | null;
  reopenCount: number;
}

export interface CoverageGap {
  service: string;
  area: string;
  missing: string[];
  lastScanAt: string | null;
}

/** One KPI over the last four periods, for the trend charts. */
export interface KpiSeries {
  id: string;
  name: string;
  unit: KpiUnit;
  target: KpiTarget;
  points: { period: string; value: number | null }[];
}

/** Risk index beside the raw open count, per area and per line (the blast-radius comparison). */
export interface RiskPoint {
  scope: 'area' | 'line';
  name: string;
  riskIndex: number;
  openCount: number;
}

/** Per-service figures of one area: the drill-down of a product engineering director. */
export interface AreaDrillDown {
  area: string;
  services: {
    id: string;
    tier: number;
    internetExposed: boolean;
    owners: string[];
    openFindings: number;
    riskWeight: number;
    topFamily: string | null;
    overdueCriticals: number;
    lastScanAt: string | null;
  }[];
}

/** Pipeline and paved-road detail for the Director of Platform Engineering. */
export interface PlatformDetail {
  /** Null when pipeline runs were never loaded. */
  templates: TemplateFigures[] | null;
  pavedRoad: PavedRoadComparison;
  longTail: LongTail | null;
}

/** The judged review: built once from the inputs, shaped per audience, rendered by any format. */
export interface JudgedReview {
  scorecard: Scorecard;
  narrative: Narrative;
  asks: Asks;
  close: Close;
  board: BoardSummary;
  platform: PlatformDetail;
  drillDown: AreaDrillDown[];
  kpiTrends: KpiSeries[];
  riskVsCount: RiskPoint[];
}

/** Everything a renderer shows. Sections not in `sections` are null. */
export interface Review {
  title: string;
  period: { label: string; start: string; end: string };
  audience: Audience;
  /** The areas a product-eng review is limited to; null: all. */
  areas: string[] | null;
  sections: SectionId[];
  scorecard: Scorecard | null;
  narrative: Narrative | null;
  asks: Asks | null;
  close: Close | null;
  board: BoardSummary | null;
  platform: PlatformDetail | null;
  drillDown: AreaDrillDown[] | null;
  kpis: { company: KpisReport; byArea: KpisReport; trends: KpiSeries[] } | null;
  riskVsCount: RiskPoint[] | null;
  evidence: { overdueCriticals: EvidenceFinding[]; reopened: EvidenceFinding[]; coverageGaps: CoverageGap[] } | null;
  /** Every piece of evidence the statements cite, each once. */
  refs: EvidenceRef[];
  data: { loaded: string[]; notLoaded: string[] };
  /** Files the failure-mode taxonomy was read from. */
  taxonomy: readonly string[];
}

/** Judges everything from the inputs: scorecard, product-line view, narrative, asks, close, board summary and the detail views. */
export function judgeReview(inputs: ReviewInputs): JudgedReview {
  const scorecard = judgeScorecard(inputs);
  const ctx = reviewContext(inputs, scorecard);
  const asks = writeAsks(ctx);
  return {
    scorecard,
    narrative: writeNarrative(ctx),
    asks,
    close: writeClose(ctx),
    board: writeBoard(ctx, rollUpAsks(asks)),
    platform: { templates: ctx.pipelines?.templates ?? null, pavedRoad: ctx.pavedRoad, longTail: ctx.longTail },
    drillDown: inputs.catalog.areas.map((a) => ({
      area: a.name,
      services: inputs.catalog.services
        .filter((s) => s.area === a.name)
        .map((s) => {
          // By service from indexes built once (ofService): filtering the exposure, the scans and the overdue
          // criticals once per service was 2,000 × 10⁵–10⁶ items at bench scale 1.
          const items = ofService(ctx.exposure, s.id);
          const families = new Map<string, number>();
          for (const i of items) families.set(i.family, (families.get(i.family) ?? 0) + i.weight);
          const top = [...families].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
          const scans = ofService(inputs.scans, s.id).filter((x) => x.scannedAt < ctx.period.end);
          const last = scans.reduce<number | null>((m, x) => (m === null || x.scannedAt > m ? x.scannedAt : m), null);
          return {
            id: s.id,
            tier: s.tier,
            internetExposed: s.internetExposed,
            owners: s.owners,
            openFindings: items.length,
            riskWeight: totalWeight(items),
            topFamily: top ? familyLabel(inputs.taxonomy, top[0]) : null,
            overdueCriticals: ofService(ctx.overdueExposed, s.id).length,
            lastScanAt: last === null ? null : new Date(last).toISOString().replace('.000Z', 'Z'),
          };
        }),
    })),
    kpiTrends: kpiTrends(inputs.reports.company),
    riskVsCount: [
      ...riskPoints(inputs.reports.byArea[inputs.reports.byArea.length - 1], 'area'),
      ...riskPoints(inputs.reports.byLine[inputs.reports.byLine.length - 1], 'line'),
    ],
  };
}

function kpiTrends(reports: readonly KpisReport[]): KpiSeries[] {
  const last = reports[reports.length - 1]?.groups[0];
  if (!last) return [];
  return last.kpis.map((k) => ({
    id: k.id,
    name: k.name,
    unit: k.unit,
    target: k.target,
    points: reports.map((r) => ({ period: r.period.label, value: figureOf(r.groups[0]?.kpis.find((x) => x.id === k.id)) })),
  }));
}

/** A chart plots what was measured: the value, or the figure of a KPI whose target could not be judged. */
function figureOf(row: KpiRow | undefined): number | null {
  return row?.value ?? row?.figure ?? null;
}

function riskPoints(report: KpisReport | undefined, scope: RiskPoint['scope']): RiskPoint[] {
  if (!report) return [];
  return report.groups.flatMap((g) => {
    const r = readMetric(report, g.key, RISK_INDEX);
    return r.kind === 'value' ? [{ scope, name: g.key, riskIndex: r.value, openCount: r.n }] : [];
  });
}

/** Every evidence reference of a review's statements, each once. */
export function refsOf(parts: Pick<Review, 'narrative' | 'asks' | 'close' | 'board'>): EvidenceRef[] {
  return evidenceIndex([
    ...(parts.narrative ? [...parts.narrative.well, ...parts.narrative.wasted, ...parts.narrative.next] : []),
    ...(parts.asks ? [...parts.asks.mandatory, ...parts.asks.recommended] : []),
    ...(parts.close?.sentences ?? []),
    ...(parts.board ? [...(parts.board.posture ? [parts.board.posture] : []), ...parts.board.themes] : []),
  ]);
}
