import type { KpiResult } from '../kpis/define-kpi.js';
import type { Cell, LineTrend, ProductLineRow } from './types.js';

/** The three metrics the product-line trend reads, for one line and one period. */
export interface LinePeriodMetrics {
  period: string;
  riskIndex: KpiResult;
  criticalSla: KpiResult;
  coverage: KpiResult;
}

type Move = 'better' | 'worse' | 'flat';

interface MetricMove {
  name: string;
  move: Move;
  from: number;
  to: number;
}

const RULE =
  'From risk index (lower is better), critical SLA compliance and scanning coverage (higher is better), first to last of the last three periods: Improving when all move the good way, Worsening when all move the bad way, Mixed when some improve and some worsen, Flat when all change under 5 %, Flat to improving when the rest is flat with a good-way lean.';

/** Security trend and practical meaning of each product line (scorecard.md §2). */
export function productLineView(
  lines: readonly { line: string; series: readonly LinePeriodMetrics[] }[],
  flatBand: number,
): ProductLineRow[] {
  // Ranks by risk index and by raw open count in the last period, to spot hidden blast radius.
  const last = lines.map((l) => ({ line: l.line, m: l.series[l.series.length - 1] }));
  const byRisk = rankBy(last.map((l) => ({ line: l.line, v: valueOf(l.m?.riskIndex) })));
  const byCount = rankBy(last.map((l) => ({ line: l.line, v: l.m && l.m.riskIndex.kind === 'value' ? l.m.riskIndex.n : null })));

  return lines.map(({ line, series }) => {
    const moves = metricMoves(series, flatBand);
    const trend = trendOf(moves);
    const hidden = byRisk.get(line) !== undefined && byCount.get(line) !== undefined && byRisk.get(line)! < byCount.get(line)!;
    return {
      line,
      trend,
      meaning: meaningOf(trend.value, moves, hidden, byRisk.get(line), byCount.get(line)),
      figures: series.map((m) => ({
        period: m.period,
        riskIndex: valueOf(m.riskIndex),
        openCount: m.riskIndex.kind === 'value' ? m.riskIndex.n : null,
        criticalSlaCompliance: round(valueOf(m.criticalSla)),
        scanningCoverage: round(valueOf(m.coverage)),
      })),
    };
  });
}

function metricMoves(series: readonly LinePeriodMetrics[], flatBand: number): MetricMove[] {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last || first === last) return [];
  const out: MetricMove[] = [];
  const add = (name: string, a: KpiResult, b: KpiResult, better: 'up' | 'down') => {
    const from = valueOf(a);
    const to = valueOf(b);
    if (from === null || to === null) return;
    const delta = to - from;
    const base = Math.abs(from);
    const flat = base === 0 ? delta === 0 : Math.abs(delta) / base < flatBand;
    out.push({ name, from, to, move: flat ? 'flat' : delta > 0 === (better === 'up') ? 'better' : 'worse' });
  };
  add('risk index', first.riskIndex, last.riskIndex, 'down');
  add('critical SLA compliance', first.criticalSla, last.criticalSla, 'up');
  add('scanning coverage', first.coverage, last.coverage, 'up');
  return out;
}

function trendOf(moves: MetricMove[]): Cell<LineTrend> {
  const evidence = moves.map((m) => `${m.name} ${fmt(m.name, m.from)} → ${fmt(m.name, m.to)} (${m.move === 'flat' ? 'flat' : m.move === 'better' ? 'better' : 'worse'})`);
  if (moves.length === 0) return { value: 'No data', evidence: ['fewer than two periods with data for the trend metrics'], rule: RULE };
  const better = moves.filter((m) => m.move === 'better').length;
  const worse = moves.filter((m) => m.move === 'worse').length;
  let value: LineTrend;
  if (better === moves.length) value = 'Improving';
  else if (worse === moves.length) value = 'Worsening';
  else if (better > 0 && worse > 0) value = 'Mixed';
  else if (better > 0) value = 'Flat to improving';
  else value = 'Flat';
  return { value, evidence, rule: RULE };
}

function meaningOf(trend: LineTrend, moves: MetricMove[], hidden: boolean, riskRank: number | undefined, countRank: number | undefined): string {
  if (hidden) return `Still higher blast radius than its raw issue count suggests (ranks #${riskRank} by risk index but #${countRank} by open count)`;
  const biggest = (kind: Move) =>
    moves.filter((m) => m.move === kind).sort((a, b) => Math.abs(relative(b)) - Math.abs(relative(a)))[0];
  const b = biggest('better');
  const w = biggest('worse');
  const phrase = (m: MetricMove, good: boolean): string => {
    if (m.name === 'risk index') return good ? `Less open exposure on its critical services (risk index ${m.from} → ${m.to})` : `Open exposure growing on its critical services (risk index ${m.from} → ${m.to})`;
    if (m.name === 'critical SLA compliance')
      return good ? `Critical fixes landing within SLA more often (${m.from.toFixed(1)} % → ${m.to.toFixed(1)} %)` : `Critical fixes slipping past SLA (${m.from.toFixed(1)} % → ${m.to.toFixed(1)} %)`;
    return good ? `Broader scanning coverage (${m.from.toFixed(1)} % → ${m.to.toFixed(1)} %)` : `Scanning coverage eroding (${m.from.toFixed(1)} % → ${m.to.toFixed(1)} %)`;
  };
  if (trend === 'Mixed' && b && w) return `${phrase(b, true)}, but ${lowerFirst(phrase(w, false))}`;
  if (w) return phrase(w, false);
  if (b) return phrase(b, true);
  if (trend === 'No data') return 'Not enough data to judge a trend yet';
  return 'Holding steady on exposure, SLA and coverage';
}

function relative(m: MetricMove): number {
  return m.from === 0 ? (m.to === 0 ? 0 : 1) : (m.to - m.from) / Math.abs(m.from);
}

function rankBy(items: { line: string; v: number | null }[]): Map<string, number> {
  const ranked = items.filter((i) => i.v !== null).sort((a, b) => b.v! - a.v! || (a.line < b.line ? -1 : 1));
  return new Map(ranked.map((r, i) => [r.line, i + 1]));
}

function valueOf(r: KpiResult | undefined): number | null {
  return r && r.kind === 'value' ? r.value : null;
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function fmt(name: string, v: number): string {
  return name === 'risk index' ? String(v) : `${v.toFixed(1)} %`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
