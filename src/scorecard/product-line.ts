import { valueOf, type MetricReading } from './metrics.js';
import { listOf, lowerFirst, num, pct, plural, share } from './phrase.js';
import type { Cell, LineTrend, ProductLineRow } from './types.js';

/** The metrics the product-line view reads, for one line and one period. */
export interface LinePeriodReadings {
  period: string;
  riskIndex: MetricReading;
  criticalSla: MetricReading;
  coverage: MetricReading;
  /** Release trust and exception hygiene: read when present, for the practical meaning only. */
  gateCoverage?: MetricReading;
  exceptions?: MetricReading;
}

export interface LineInput {
  line: string;
  owners: string[];
  /** The last three periods, oldest first. */
  series: readonly LinePeriodReadings[];
  /** Findings seen in P and how many were false positives or from noisy rules; null without findings. */
  signal: { seen: number; noisy: number; rules: string[] } | null;
}

export interface LineThresholds {
  flatBand: number;
  noisyShare: number;
}

type Move = 'better' | 'worse' | 'flat';

interface MetricMove {
  name: string;
  move: Move;
  from: number;
  to: number;
  percent: boolean;
  /** Held at the best possible value (100 % for a % metric whose better direction is up, 0 for the risk index): counts as moving the good way. */
  atCeiling: boolean;
}

const TREND_RULE =
  'From risk index (lower is better), critical SLA compliance and scanning coverage (higher is better), first to last of the last three periods: Improving when all move the good way, Worsening when all move the bad way, Mixed when some improve and some worsen (or one worsens while the rest holds), Flat when all change under {flat} %, Flat to improving when the rest is flat with a good-way lean. A metric that ends at its best possible value (risk index 0, or 100 % compliance or coverage) without moving the bad way holds at its ceiling and counts as moving the good way.';

const MEANING_RULE =
  'The first that holds: ranks worse by risk index than by raw open count (higher blast radius); false positives and noisy rules at or above {noisy} % of findings (signal quality); gate coverage and exception volume both improved (release trust and exception hygiene); otherwise the metric that moved most, the bad way first.';

/** Security trend and practical meaning of each product line (scorecard.md §2). */
export function productLineView(lines: readonly LineInput[], t: LineThresholds): ProductLineRow[] {
  // Ranks by risk index and by raw open count at the end of the last period, to spot hidden blast radius.
  const last = lines.map((l) => ({ line: l.line, m: l.series[l.series.length - 1] }));
  const byRisk = rankBy(last.map((l) => ({ line: l.line, v: valueOf(l.m?.riskIndex) })));
  const byCount = rankBy(last.map((l) => ({ line: l.line, v: l.m && l.m.riskIndex.kind === 'value' ? l.m.riskIndex.n : null })));

  return lines.map((l) => {
    const moves = metricMoves(l.series, t.flatBand);
    const trend = trendOf(moves, t.flatBand);
    const rank = { byRiskIndex: byRisk.get(l.line) ?? null, byOpenCount: byCount.get(l.line) ?? null };
    return {
      line: l.line,
      owners: l.owners,
      trend,
      meaning: meaningOf(l, trend.value, moves, rank, byRisk.size, t),
      rank,
      figures: l.series.map((m) => ({
        period: m.period,
        riskIndex: valueOf(m.riskIndex),
        openCount: m.riskIndex.kind === 'value' ? m.riskIndex.n : null,
        criticalSlaCompliance: valueOf(m.criticalSla),
        scanningCoverage: valueOf(m.coverage),
      })),
    };
  });
}

/** Moves of the trend metrics from the first to the last period of a series. */
export function metricMoves(series: readonly LinePeriodReadings[], flatBand: number): MetricMove[] {
  const first = series[0];
  const last = series[series.length - 1];
  if (!first || !last || first === last) return [];
  const out: MetricMove[] = [];
  const add = (name: string, a: MetricReading | undefined, b: MetricReading | undefined, better: 'up' | 'down', percent: boolean) => {
    const from = valueOf(a);
    const to = valueOf(b);
    if (from === null || to === null) return;
    // The best possible value: 0 for the risk index, 100 % for compliance and coverage. Ending there is never a bad-way move.
    const atCeiling = to === (better === 'down' ? 0 : 100);
    out.push({ name, from, to, percent, atCeiling, move: atCeiling ? 'better' : moveOf(from, to, better, flatBand) });
  };
  add('risk index', first.riskIndex, last.riskIndex, 'down', false);
  add('critical SLA compliance', first.criticalSla, last.criticalSla, 'up', true);
  add('scanning coverage', first.coverage, last.coverage, 'up', true);
  return out;
}

function moveOf(from: number, to: number, better: 'up' | 'down', flatBand: number): Move {
  const delta = to - from;
  const base = Math.abs(from);
  const flat = base === 0 ? delta === 0 : Math.abs(delta) / base < flatBand;
  return flat ? 'flat' : delta > 0 === (better === 'up') ? 'better' : 'worse';
}

/** The trend word of a set of moves (also used for the board's posture direction). */
export function trendOf(moves: readonly MetricMove[], flatBand: number): Cell<LineTrend> {
  const rule = TREND_RULE.replace('{flat}', num(flatBand * 100));
  const evidence = moves.map((m) => `${m.name} ${fmt(m, m.from)} → ${fmt(m, m.to)} (${m.atCeiling && m.from === m.to ? 'better: holds at its best' : m.move})`);
  if (moves.length === 0) return { value: 'No data', evidence: ['fewer than two periods with data for the trend metrics'], rule };
  const better = moves.filter((m) => m.move === 'better').length;
  const worse = moves.filter((m) => m.move === 'worse').length;
  let value: LineTrend;
  if (better === moves.length) value = 'Improving';
  else if (worse === moves.length) value = 'Worsening';
  else if (better > 0 && worse > 0) value = 'Mixed';
  else if (better > 0) value = 'Flat to improving';
  else if (worse > 0) value = 'Mixed';
  else value = 'Flat';
  return { value, evidence, rule };
}

/** A steady line names only the metrics measured at both ends: one without data holds nothing. */
const STEADY_WORD: Record<string, string> = { 'risk index': 'exposure', 'critical SLA compliance': 'SLA', 'scanning coverage': 'coverage' };

function meaningOf(
  l: LineInput,
  trend: LineTrend,
  moves: MetricMove[],
  rank: { byRiskIndex: number | null; byOpenCount: number | null },
  ranked: number,
  t: LineThresholds,
): Cell<string> {
  const rule = MEANING_RULE.replace('{noisy}', num(t.noisyShare * 100));
  const cell = (value: string, evidence: string[]): Cell<string> => ({ value, evidence, rule });
  const { byRiskIndex: r, byOpenCount: c } = rank;
  if (r !== null && c !== null && r < c)
    return cell('Still higher blast radius than its raw issue count suggests', [`ranks #${r} of ${ranked} lines by risk index but #${c} by raw open count`]);
  if (l.signal !== null && l.signal.seen > 0 && l.signal.noisy / l.signal.seen >= t.noisyShare)
    return cell('Security signal quality still lower than desired', [
      `${share(l.signal.noisy, l.signal.seen)} of ${plural(l.signal.seen, 'finding')} seen in the period were false positives or from noisy rules${l.signal.rules.length ? ` (${listOf(l.signal.rules, 3)})` : ''}`,
    ]);
  const first = l.series[0];
  const last = l.series[l.series.length - 1];
  if (first && last && first !== last) {
    const gateFrom = valueOf(first.gateCoverage);
    const gateTo = valueOf(last.gateCoverage);
    const excFrom = valueOf(first.exceptions);
    const excTo = valueOf(last.exceptions);
    if (gateFrom !== null && gateTo !== null && excFrom !== null && excTo !== null && trend !== 'Worsening' && trend !== 'Mixed') {
      const gate = moveOf(gateFrom, gateTo, 'up', t.flatBand);
      const exc = moveOf(excFrom, excTo, 'down', t.flatBand);
      if (gate === 'better' && exc === 'better')
        return cell('Better release trust and exception hygiene', [
          `gate coverage ${pct(gateFrom)} → ${pct(gateTo)}`,
          `active exceptions ${num(excFrom)} → ${num(excTo)}`,
        ]);
    }
  }
  const biggest = (kind: Move) => moves.filter((m) => m.move === kind).sort((a, b) => Math.abs(relative(b)) - Math.abs(relative(a)))[0];
  const b = biggest('better');
  const w = biggest('worse');
  const phrase = (m: MetricMove, good: boolean): string => {
    if (good && m.atCeiling && m.from === m.to) {
      if (m.name === 'risk index') return 'No open exposure on its critical services';
      if (m.name === 'critical SLA compliance') return 'Every critical fix landing within SLA';
      return 'Full scanning coverage held';
    }
    if (m.name === 'risk index') return good ? 'Less open exposure on its critical services' : 'Open exposure growing on its critical services';
    if (m.name === 'critical SLA compliance') return good ? 'Critical fixes landing within SLA more often' : 'Critical fixes slipping past SLA';
    return good ? 'Broader scanning coverage' : 'Scanning coverage eroding';
  };
  const figure = (m: MetricMove) => `${m.name} ${fmt(m, m.from)} → ${fmt(m, m.to)}`;
  if (trend === 'Mixed' && b && w) return cell(`${phrase(b, true)}, but ${lowerFirst(phrase(w, false))}`, [figure(b), figure(w)]);
  if (w) return cell(phrase(w, false), [figure(w)]);
  if (b) return cell(phrase(b, true), [figure(b)]);
  if (trend === 'No data') return cell('Not enough data to judge a trend yet', ['fewer than two periods with data for the trend metrics']);
  return cell(`Holding steady on ${listOf(moves.map((m) => STEADY_WORD[m.name] ?? m.name))}`, moves.map(figure));
}

function relative(m: MetricMove): number {
  return m.from === 0 ? (m.to === 0 ? 0 : 1) : (m.to - m.from) / Math.abs(m.from);
}

function rankBy(items: { line: string; v: number | null }[]): Map<string, number> {
  const ranked = items.filter((i) => i.v !== null).sort((a, b) => b.v! - a.v! || (a.line < b.line ? -1 : 1));
  return new Map(ranked.map((r, i) => [r.line, i + 1]));
}

function fmt(m: MetricMove, v: number): string {
  return m.percent ? pct(v) : num(v);
}
