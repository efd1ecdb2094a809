import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import type { MetricReading } from './metrics.js';
import { rateReleaseGate, rateReviewLatency } from './ratings.js';
import { noReading, reading } from './test-support/review-inputs.js';

const t = DEFAULT_SETTINGS.scorecard.gate;
type G = [value: number, previous?: number];
const gate = (coverage: G, bypass: G, toolErrors: G) => {
  const r = (id: string, [value, previous]: G): MetricReading => reading(id, value, { previous: previous ?? null, n: 20 });
  return { coverage: r('gate_coverage', coverage), bypass: r('gate_bypass_rate', bypass), toolErrors: r('gate_tool_error_rate', toolErrors) };
};

describe('release gate health', () => {
  it.each<{ name: string; g: ReturnType<typeof gate>; rating: string }>([
    { name: 'all three at their Good bounds is Good', g: gate([80], [5], [2]), rating: 'Good' },
    { name: 'coverage just under 80 % is Mixed', g: gate([79.9], [5], [2]), rating: 'Mixed' },
    { name: 'tool errors over 2 % is Mixed', g: gate([95], [0], [2.1]), rating: 'Mixed' },
    { name: 'coverage under 50 % is Poor', g: gate([49.9], [0], [0]), rating: 'Poor' },
    { name: 'bypass over 15 % is Poor', g: gate([90], [15.1], [0]), rating: 'Poor' },
    { name: 'Mixed with all three better and coverage up 10 points is Improving', g: gate([70, 60], [6, 8], [1, 2]), rating: 'Improving' },
    { name: 'Poor with all three better and coverage up 15 points is Improving', g: gate([45, 30], [6, 8], [1, 2]), rating: 'Improving' },
    { name: 'bypass and tool errors holding still counts as the good way', g: gate([70, 60], [6, 6], [0, 0]), rating: 'Improving' },
    { name: 'coverage up 9.9 points is not enough', g: gate([69.9, 60], [6, 8], [1, 2]), rating: 'Mixed' },
    { name: 'bypass moving the bad way stops Improving', g: gate([70, 55], [9, 8], [1, 2]), rating: 'Mixed' },
    { name: 'tool errors moving the bad way stops Improving', g: gate([70, 55], [6, 8], [2.5, 2]), rating: 'Mixed' },
    { name: 'Good stays Good whatever the previous period', g: gate([85, 99], [1, 0], [0, 0]), rating: 'Good' },
  ])('$name', ({ g, rating }) => {
    expect(rateReleaseGate(g, t).value).toBe(rating);
  });

  it('states the figures and population sizes of all three metrics', () => {
    const cell = rateReleaseGate(gate([70, 60], [6, 8], [1, 2]), t);
    expect(cell.evidence[0]).toBe(
      'gate coverage 70.0 % of 20 tier 0/1 production releases, bypass 6.0 % of 20 gated releases, tool errors 1.0 % of 20 gate runs',
    );
    expect(cell.evidence[1]).toBe('previous period: coverage 60.0 %, bypass 8.0 %, tool errors 2.0 %');
    expect(cell.rule).toContain('coverage ≥ 80 %');
  });

  it('says why Improving cannot be judged without previous figures', () => {
    expect(rateReleaseGate(gate([70], [6], [1]), t).evidence[1]).toMatch(/Improving cannot be judged/);
  });

  it.each([
    ['a metric not computed yet', noReading('gate_bypass_rate'), 'gate_bypass_rate is not computed yet (not in the KPI catalog)'],
    ['a metric without data', noReading('gate_bypass_rate', 'gate_bypass_rate: no pipeline runs loaded'), 'gate_bypass_rate: no pipeline runs loaded'],
  ])('says No data, with the reason, for %s — never a guess', (_, missing, reason) => {
    const cell = rateReleaseGate({ ...gate([90], [0], [0]), bypass: missing }, t);
    expect(cell).toMatchObject({ value: 'No data', evidence: [reason] });
  });
});

describe('review latency', () => {
  it.each([
    [2, 'Low'],
    [2.1, 'Moderate'],
    [5, 'Moderate'],
    [5.1, 'High'],
  ] as const)('a median of %d business days is %s', (days, rating) => {
    const cell = rateReviewLatency(reading('security_review_latency', days, { n: 7, unit: 'business days' }), { low: 2, moderate: 5 });
    expect(cell.value).toBe(rating);
    expect(cell.evidence[0]).toBe(`median ${days.toFixed(1)} business days over 7 security reviews`);
  });

  it('follows the configured thresholds', () => {
    expect(rateReviewLatency(reading('security_review_latency', 3), { low: 3, moderate: 4 }).value).toBe('Low');
  });

  it('has No data, with the reason, when the metric is absent', () => {
    expect(rateReviewLatency(noReading('security_review_latency'), { low: 2, moderate: 5 })).toMatchObject({
      value: 'No data',
      evidence: ['security_review_latency is not computed yet (not in the KPI catalog)'],
    });
  });
});
