import type { Cell, GateRating, LatencyRating } from './types.js';

/** Release gate metrics of an area for one period, in percent. */
export interface GateMetrics {
  coverage: number;
  bypass: number;
  toolErrors: number;
  /** Releases the coverage was computed over. */
  n: number;
}

export interface GateThresholds {
  goodCoverage: number;
  goodBypass: number;
  goodToolErrors: number;
  poorCoverage: number;
  poorBypass: number;
  improvingCoverageRise: number;
}

const GATE_RULE =
  'Good: coverage ≥ {goodCoverage} %, bypass ≤ {goodBypass} %, tool errors ≤ {goodToolErrors} %. Poor: coverage < {poorCoverage} % or bypass > {poorBypass} %. Mixed otherwise. Improving: Mixed or Poor, but all three moved the good way and coverage rose ≥ {improvingCoverageRise} points.';

/** Release gate health (scorecard.md §1). */
export function rateReleaseGate(now: GateMetrics | null, before: GateMetrics | null, t: GateThresholds, noDataReason: string): Cell<GateRating> {
  const rule = GATE_RULE.replace(/\{(\w+)\}/g, (_, k: keyof GateThresholds) => String(t[k]));
  if (now === null || now.n === 0) return { value: 'No data', evidence: [noDataReason], rule };
  const evidence = [
    `gate coverage ${now.coverage.toFixed(1)} % of ${now.n} tier 0/1 releases, bypass ${now.bypass.toFixed(1)} %, tool errors ${now.toolErrors.toFixed(1)} %`,
  ];
  if (now.coverage >= t.goodCoverage && now.bypass <= t.goodBypass && now.toolErrors <= t.goodToolErrors) return { value: 'Good', evidence, rule };
  const base: GateRating = now.coverage < t.poorCoverage || now.bypass > t.poorBypass ? 'Poor' : 'Mixed';
  if (before !== null && before.n > 0) {
    evidence.push(`previous period: coverage ${before.coverage.toFixed(1)} %, bypass ${before.bypass.toFixed(1)} %, tool errors ${before.toolErrors.toFixed(1)} %`);
    const allBetter = now.coverage > before.coverage && now.bypass <= before.bypass && now.toolErrors <= before.toolErrors;
    if (allBetter && now.coverage - before.coverage >= t.improvingCoverageRise) return { value: 'Improving', evidence, rule };
  }
  return { value: base, evidence, rule };
}

/** Review latency (scorecard.md §1) from the median business days of security reviews. */
export function rateReviewLatency(medianBusinessDays: number | null, n: number, t: { low: number; moderate: number }, noDataReason: string): Cell<LatencyRating> {
  const rule = `Low ≤ ${t.low} business days, Moderate ≤ ${t.moderate}, High above (median of security reviews in the period).`;
  if (medianBusinessDays === null || n === 0) return { value: 'No data', evidence: [noDataReason], rule };
  const evidence = [`median ${medianBusinessDays.toFixed(1)} business days over ${n} security reviews`];
  const value: LatencyRating = medianBusinessDays <= t.low ? 'Low' : medianBusinessDays <= t.moderate ? 'Moderate' : 'High';
  return { value, evidence, rule };
}
