import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { rateReleaseGate, rateReviewLatency, type GateMetrics } from './ratings.js';

const t = DEFAULT_SETTINGS.scorecard.gate;
const g = (coverage: number, bypass: number, toolErrors: number): GateMetrics => ({ coverage, bypass, toolErrors, n: 20 });

describe('release gate health', () => {
  it.each([
    { now: g(80, 5, 2), before: null, rating: 'Good' },
    { now: g(79.9, 5, 2), before: null, rating: 'Mixed' },
    { now: g(49.9, 0, 0), before: null, rating: 'Poor' },
    { now: g(90, 15.1, 0), before: null, rating: 'Poor' },
    { now: g(70, 6, 1), before: g(60, 8, 2), rating: 'Improving' },
    { now: g(69.9, 6, 1), before: g(60, 8, 2), rating: 'Mixed' }, // rose 9.9 points: not enough
    { now: g(70, 9, 1), before: g(55, 8, 2), rating: 'Mixed' }, // bypass moved the bad way
    { now: g(45, 6, 1), before: g(30, 8, 2), rating: 'Improving' },
  ] as const)('rates $now as $rating after $before', ({ now, before, rating }) => {
    expect(rateReleaseGate(now, before, t, 'none').value).toBe(rating);
  });

  it('says No data, with the reason, when there are no releases', () => {
    const cell = rateReleaseGate(null, null, t, 'no pipeline runs loaded');
    expect(cell).toMatchObject({ value: 'No data', evidence: ['no pipeline runs loaded'] });
  });
});

describe('review latency', () => {
  it.each([
    [2, 'Low'],
    [2.1, 'Moderate'],
    [5, 'Moderate'],
    [5.1, 'High'],
  ] as const)('%d business days is %s', (days, rating) => {
    expect(rateReviewLatency(days, 3, { low: 2, moderate: 5 }, 'x').value).toBe(rating);
  });
  it('has no data without reviews', () => {
    expect(rateReviewLatency(null, 0, { low: 2, moderate: 5 }, 'x').value).toBe('No data');
  });
});
