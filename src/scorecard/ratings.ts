import { missingReasons, type MetricReading } from './metrics.js';
import { pct } from './phrase.js';
import type { Cell, GateRating, LatencyRating } from './types.js';

export interface GateThresholds {
  goodCoverage: number;
  goodBypass: number;
  goodToolErrors: number;
  poorCoverage: number;
  poorBypass: number;
  improvingCoverageRise: number;
}

/** The three gate metrics of one area for the period, each carrying its previous-period value. */
export interface GateReadings {
  coverage: MetricReading;
  bypass: MetricReading;
  toolErrors: MetricReading;
}

export const GATE_METRICS = { coverage: 'gate_coverage', bypass: 'gate_bypass_rate', toolErrors: 'gate_tool_error_rate' } as const;
export const REVIEW_LATENCY_METRIC = 'security_review_latency';

const GATE_RULE =
  'Good: gate coverage ≥ {goodCoverage} %, bypass ≤ {goodBypass} %, tool errors ≤ {goodToolErrors} %. Poor: coverage < {poorCoverage} % or bypass > {poorBypass} %. Mixed otherwise. Improving: Mixed or Poor now, but against the previous period coverage rose by at least {improvingCoverageRise} points and bypass and tool errors fell or held.';

/** Release gate health (scorecard.md §1) from `gate_coverage`, `gate_bypass_rate` and `gate_tool_error_rate`. */
export function rateReleaseGate(g: GateReadings, t: GateThresholds): Cell<GateRating> {
  const rule = GATE_RULE.replace(/\{(\w+)\}/g, (_, k: keyof GateThresholds) => String(t[k]));
  const { coverage, bypass, toolErrors } = g;
  if (coverage.kind === 'no-data' || bypass.kind === 'no-data' || toolErrors.kind === 'no-data')
    return { value: 'No data', evidence: missingReasons([coverage, bypass, toolErrors]), rule };
  const evidence = [
    `gate coverage ${pct(coverage.value)} of ${coverage.n} tier 0/1 production releases, bypass ${pct(bypass.value)} of ${bypass.n} gated releases, tool errors ${pct(toolErrors.value)} of ${toolErrors.n} gate runs`,
  ];
  if (coverage.value >= t.goodCoverage && bypass.value <= t.goodBypass && toolErrors.value <= t.goodToolErrors) return { value: 'Good', evidence, rule };
  const base: GateRating = coverage.value < t.poorCoverage || bypass.value > t.poorBypass ? 'Poor' : 'Mixed';
  if (coverage.previous !== null && bypass.previous !== null && toolErrors.previous !== null) {
    evidence.push(`previous period: coverage ${pct(coverage.previous)}, bypass ${pct(bypass.previous)}, tool errors ${pct(toolErrors.previous)}`);
    // Holding counts as the good way for bypass and tool errors: 0 % cannot fall further.
    const improving =
      coverage.value - coverage.previous >= t.improvingCoverageRise && bypass.value <= bypass.previous && toolErrors.value <= toolErrors.previous;
    if (improving) return { value: 'Improving', evidence, rule };
  } else evidence.push('no previous-period figures for all three, so Improving cannot be judged');
  return { value: base, evidence, rule };
}

/** Review latency (scorecard.md §1) from `security_review_latency`, the median business days of security reviews. */
export function rateReviewLatency(r: MetricReading, t: { low: number; moderate: number }): Cell<LatencyRating> {
  const rule = `Low ≤ ${t.low} business days, Moderate ≤ ${t.moderate}, High above (median of security reviews in the period).`;
  if (r.kind === 'no-data') return { value: 'No data', evidence: [r.reason], rule };
  const evidence = [`median ${r.value.toFixed(1)} business days over ${r.n} security reviews`];
  if (r.previous !== null) evidence.push(`previous period: ${r.previous.toFixed(1)} business days`);
  const value: LatencyRating = r.value <= t.low ? 'Low' : r.value <= t.moderate ? 'Moderate' : 'High';
  return { value, evidence, rule };
}
