import { figuresRef, type ReviewContext } from './context.js';
import { exceptionAskPlain, type Asks } from './asks.js';
import { SLA_METRIC } from './escalation.js';
import { exposureAt, weightBy } from './exposure.js';
import { COVERAGE, RISK_INDEX } from './judge-scorecard.js';
import { readMetric } from './metrics.js';
import { num, pct, plural, share, upperFirst } from './phrase.js';
import { metricMoves, trendOf } from './product-line.js';
import type { Statement } from './statement.js';
import { familyPlainLabel, UNMAPPED_PREFIX } from './taxonomy.js';
import type { Cell, LineTrend } from './types.js';

export type ThemeDirection = 'rising' | 'falling' | 'steady' | 'new';
export type Confidence = 'High' | 'Medium' | 'Low';

export interface BoardTheme extends Statement {
  label: string;
  direction: ThemeDirection;
  confidence: Confidence;
}

/** The board summary: posture direction, material risk themes with direction and confidence, asks — in plain words. */
export interface BoardSummary {
  posture: (Statement & { direction: LineTrend }) | null;
  themes: BoardTheme[];
  /**
   * What to say when `themes` is empty: no theme is material, or (before the first scan, with no
   * findings loaded) no data, never a quiet "nothing material".
   */
  noThemes: string;
  mandatory: string[];
  recommended: string[];
}

const MAX_THEMES = 4;
/** A theme is material from this share of the open exposure. */
const MATERIAL_SHARE = 0.1;
const WORD: Record<LineTrend, string> = {
  Improving: 'improving',
  'Flat to improving': 'steady to improving',
  Flat: 'steady',
  Mixed: 'mixed',
  Worsening: 'worsening',
  'No data': 'unknown',
};

/** The company's security trend over the last three periods, by the product-line rule. */
export function postureOf(ctx: ReviewContext): Cell<LineTrend> {
  const series = ctx.inputs.reports.company.slice(-3).map((r) => ({
    period: r.period.label,
    riskIndex: readMetric(r, 'company', RISK_INDEX),
    criticalSla: readMetric(r, 'company', SLA_METRIC),
    coverage: readMetric(r, 'company', COVERAGE),
  }));
  return trendOf(metricMoves(series, ctx.inputs.settings.flatBand), ctx.inputs.settings.flatBand);
}

export function writeBoard(ctx: ReviewContext, asks: Asks): BoardSummary {
  return {
    posture: posture(ctx),
    themes: themes(ctx),
    noThemes: noThemes(ctx),
    mandatory: boardAsks(asks.mandatory),
    recommended: boardAsks(asks.recommended),
  };
}

/**
 * The asks in plain words, each once. The exception asks, one per owner in the review, are one
 * ask here with their total, where the first came: the board names no owner, and two owners' "Resolve
 * 1 expired risk acceptance" read as one where there were two.
 */
function boardAsks(list: Asks['mandatory']): string[] {
  const out: string[] = [];
  const totals = new Map<string, { at: number; n: number }>();
  for (const a of list) {
    const kind = a.id.replace(/\.more$/, '');
    if (exceptionAskPlain(kind, 0) === null) {
      out.push(a.plain);
      continue;
    }
    const n = (a.rolledUp ?? [a]).reduce((sum, x) => sum + Number(x.figures['exceptions'] ?? 0), 0);
    const t = totals.get(kind);
    if (t) t.n += n;
    else {
      totals.set(kind, { at: out.length, n });
      out.push('');
    }
  }
  for (const [kind, t] of totals) out[t.at] = exceptionAskPlain(kind, t.n)!;
  return unique(out);
}

function posture(ctx: ReviewContext): BoardSummary['posture'] {
  const cell = postureOf(ctx);
  if (cell.value === 'No data') return null;
  const series = ctx.inputs.reports.company.slice(-3);
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const parts: string[] = [];
  const figures: Statement['figures'] = { direction: cell.value };
  const pair = (id: string) => {
    const a = readMetric(first, 'company', id);
    const b = readMetric(last, 'company', id);
    return a.kind === 'value' && b.kind === 'value' ? ([a.value, b.value] as const) : null;
  };
  const risk = pair(RISK_INDEX);
  if (risk) {
    parts.push(
      `open exposure, weighted by how critical each system is, ${risk[1] < risk[0] ? 'fell' : risk[1] > risk[0] ? 'rose' : 'held'} from ${num(risk[0])} to ${num(risk[1])} points`,
    );
    Object.assign(figures, { exposureFrom: risk[0], exposureTo: risk[1] });
  }
  const sla = pair(SLA_METRIC);
  if (sla) {
    parts.push(`severe weaknesses were fixed on time ${pct(sla[1])} of the time (${pct(sla[0])} before)`);
    Object.assign(figures, { onTimeFrom: sla[0], onTimeTo: sla[1] });
  }
  const cov = pair(COVERAGE);
  if (cov) {
    parts.push(`${pct(cov[1])} of the software is checked regularly (${pct(cov[0])} before)`);
    Object.assign(figures, { checkedFrom: cov[0], checkedTo: cov[1] });
  }
  return {
    id: 'board.posture',
    direction: cell.value,
    text: `Security posture is ${WORD[cell.value]} from ${first.period.label} to ${last.period.label}: ${parts.join('; ')}.`,
    figures,
    evidence: [figuresRef('company:trend', `Company security trend: ${cell.value}`, [...cell.evidence, `Rule: ${cell.rule}`])],
    rule: cell.rule,
    areas: [],
  };
}

export const NO_MATERIAL_THEME = 'No risk theme holds a material share of the open exposure.';

function noThemes(ctx: ReviewContext): string {
  const exposure = readMetric(ctx.inputs.reports.company[ctx.inputs.reports.company.length - 1] ?? null, 'company', RISK_INDEX);
  return exposure.kind === 'value' ? NO_MATERIAL_THEME : 'No data: no security testing results cover this period, so the risk themes are not known.';
}

function themes(ctx: ReviewContext): BoardTheme[] {
  if (ctx.totalRisk === 0) return [];
  const { taxonomy, settings } = ctx.inputs;
  const noisy = taxonomy.noisyScans?.family;
  const earlier = ctx.inputs.periods[ctx.inputs.periods.length - 3];
  const before = earlier ? weightBy(exposureAt(earlier.end, ctx.inputs.intervals, ctx.services, taxonomy), (i) => i.family) : [];
  const coverage = readMetric(ctx.inputs.reports.company[ctx.inputs.reports.company.length - 1] ?? null, 'company', COVERAGE);
  return weightBy(ctx.exposure, (i) => i.family)
    .filter((f) => f.key !== noisy && !f.key.startsWith(UNMAPPED_PREFIX) && f.weight / ctx.totalRisk >= MATERIAL_SHARE)
    .slice(0, MAX_THEMES)
    .map((f) => {
      const was = before.find((b) => b.key === f.key)?.weight ?? 0;
      const flat = settings.flatBand;
      const direction: ThemeDirection =
        earlier === undefined ? 'steady' : was === 0 ? 'new' : f.weight > was * (1 + flat) ? 'rising' : f.weight < was * (1 - flat) ? 'falling' : 'steady';
      let confidence: Confidence = coverage.kind !== 'value' ? 'Low' : coverage.value >= 90 ? 'High' : coverage.value >= 60 ? 'Medium' : 'Low';
      const reasons = [
        coverage.kind === 'value' ? `${pct(coverage.value)} of the software is checked regularly` : 'how much of the software is checked is unknown',
      ];
      if (f.count < 5 && confidence !== 'Low') {
        confidence = confidence === 'High' ? 'Medium' : 'Low';
        reasons.push(`only ${plural(f.count, 'open issue')} behind it`);
      }
      const label = familyPlainLabel(taxonomy, f.key);
      const areas = [...new Set(ctx.exposure.filter((i) => i.family === f.key).map((i) => i.area))].sort();
      const since = earlier ? ` since ${earlier.label}` : '';
      const directionText = direction === 'new' ? `new${since}` : `${direction}${since}`;
      return {
        id: 'board.theme',
        label,
        direction,
        confidence,
        text: `${upperFirst(label)}: ${share(f.weight, ctx.totalRisk)} of open exposure, ${directionText} (confidence ${confidence.toLowerCase()}: ${reasons.join('; ')}).`,
        figures: { family: f.key, share: f.weight / ctx.totalRisk, weight: f.weight, before: was, count: f.count },
        evidence: [
          figuresRef(`theme:${f.key}`, `${label}`, [
            `${plural(f.count, 'open finding')} with weight ${num(f.weight)} of ${num(ctx.totalRisk)}; ${num(was)} at the end of ${earlier?.label ?? 'the earlier period'}`,
          ]),
        ],
        rule: `Failure-mode families holding at least ${MATERIAL_SHARE * 100} % of the open risk index at the end (at most ${MAX_THEMES}); direction against the end of two periods earlier (flat band ${num(flat * 100)} %); confidence from scanning coverage (High ≥ 90 %, Medium ≥ 60 %), one level lower under 5 findings.`,
        areas,
      };
    });
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
