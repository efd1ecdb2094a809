import type { KpisReport } from '../kpis/evaluate.js';
import { rollUpAsks, type Asks } from './asks.js';
import type { Narrative } from './narrative.js';
import { refsOf, type Audience, type JudgedReview, type Review, type SectionId } from './review.js';
import type { Statement } from './statement.js';

/** What the app adds around the judged review: title, period, KPI reports, evidence findings, data status. */
export interface ReviewFrame {
  period: Review['period'];
  kpis: { company: KpisReport; byArea: KpisReport };
  evidence: NonNullable<Review['evidence']>;
  data: Review['data'];
  taxonomy: readonly string[];
}

export interface AudienceOptions {
  audience: Audience;
  /** product-eng: the director's areas (names as in the catalog). */
  areas?: readonly string[];
  /** Areas that are the platform's: a case-insensitive regular expression on the area name. */
  platformAreas: string;
}

const SECTIONS: Record<Audience, SectionId[]> = {
  'vp-eng': ['scorecard', 'product-lines', 'narrative', 'asks', 'close', 'kpis', 'evidence'],
  platform: ['scorecard', 'platform', 'narrative', 'asks', 'close', 'product-lines', 'kpis', 'evidence'],
  'product-eng': ['scorecard', 'drill-down', 'narrative', 'asks', 'product-lines', 'kpis', 'evidence'],
  board: ['board'],
};

/**
 * The same judged data for one audience (scorecard.md "Audiences"): VP Engineering sees all;
 * the Director of Platform Engineering sees platform areas first with pipeline and paved-road
 * detail; a Product Engineering Director sees their own areas with drill-down; the board sees
 * posture, risk themes and asks in plain words.
 */
export function shapeReview(judged: JudgedReview, frame: ReviewFrame, options: AudienceOptions): Review {
  const { audience } = options;
  const sections = SECTIONS[audience];
  const base = { period: frame.period, audience, data: frame.data, taxonomy: frame.taxonomy, sections };
  if (audience === 'board') {
    const parts = { narrative: null, asks: null, close: null, board: judged.board };
    return {
      ...base,
      title: `Board security summary — ${frame.period.label}`,
      areas: null,
      scorecard: null,
      platform: null,
      drillDown: null,
      kpis: null,
      riskVsCount: null,
      evidence: null,
      ...parts,
      refs: refsOf(parts),
    };
  }
  const kpis = { ...frame.kpis, trends: judged.kpiTrends };
  if (audience === 'product-eng') {
    const areas = new Set(options.areas ?? []);
    const lines = new Set(judged.scorecard.rows.filter((r) => areas.has(r.area)).map((r) => r.line));
    const mine = (s: Statement) => s.areas.length === 0 || s.areas.some((a) => areas.has(a));
    const ownAsks = (s: Statement) => s.areas.some((a) => areas.has(a));
    const narrative: Narrative = {
      well: judged.narrative.well.filter(mine),
      wasted: judged.narrative.wasted.filter(mine),
      next: judged.narrative.next.filter(mine),
    };
    const asks: Asks = rollUpAsks({ mandatory: judged.asks.mandatory.filter(ownAsks), recommended: judged.asks.recommended.filter(ownAsks) });
    const parts = { narrative, asks, close: null, board: null };
    return {
      ...base,
      title: `Security review for ${[...areas].join(', ')} — ${frame.period.label}`,
      areas: [...areas],
      scorecard: {
        ...judged.scorecard,
        rows: judged.scorecard.rows.filter((r) => areas.has(r.area)),
        lines: judged.scorecard.lines.filter((l) => lines.has(l.line)),
      },
      platform: null,
      drillDown: judged.drillDown.filter((d) => areas.has(d.area)),
      kpis: { ...kpis, byArea: { ...kpis.byArea, groups: kpis.byArea.groups.filter((g) => areas.has(g.key)) } },
      riskVsCount: judged.riskVsCount.filter((p) => (p.scope === 'area' ? areas.has(p.name) : lines.has(p.name))),
      evidence: {
        overdueCriticals: frame.evidence.overdueCriticals.filter((f) => areas.has(f.area)),
        reopened: frame.evidence.reopened.filter((f) => areas.has(f.area)),
        coverageGaps: frame.evidence.coverageGaps.filter((g) => areas.has(g.area)),
      },
      ...parts,
      refs: refsOf(parts),
    };
  }
  let scorecard = judged.scorecard;
  let narrative = judged.narrative;
  if (audience === 'platform') {
    const pattern = new RegExp(options.platformAreas, 'i');
    const isPlatform = (area: string) => pattern.test(area);
    const first = <T>(list: readonly T[], key: (t: T) => boolean): T[] => [...list.filter(key), ...list.filter((t) => !key(t))];
    const platformStatement = (s: Statement) =>
      s.id === 'well.paved-road' || s.id === 'wasted.pipelines' || s.id === 'next.pipelines' || s.areas.some(isPlatform);
    scorecard = { ...scorecard, rows: first(scorecard.rows, (r) => isPlatform(r.area)) };
    narrative = { well: first(narrative.well, platformStatement), wasted: first(narrative.wasted, platformStatement), next: narrative.next };
  }
  const parts = { narrative, asks: rollUpAsks(judged.asks), close: judged.close, board: null };
  return {
    ...base,
    title: `${audience === 'platform' ? 'Platform engineering security review' : 'Security engineering review'} — ${frame.period.label}`,
    areas: null,
    scorecard,
    platform: audience === 'platform' ? judged.platform : null,
    drillDown: null,
    kpis,
    riskVsCount: judged.riskVsCount,
    evidence: frame.evidence,
    ...parts,
    refs: refsOf(parts),
  };
}
