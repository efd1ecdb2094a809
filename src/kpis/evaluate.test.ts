import { describe, expect, it } from 'vitest';
import type { KpiResult } from './define-kpi.js';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import type { Policy } from '../domain/policy.js';
import type { KpiDefinition } from './define-kpi.js';
import { designReviewThroughput } from './design-review-throughput.js';
import { evaluateKpi, statusOf, trendOf } from './evaluate.js';
import { input } from './test-support/kpi-input.js';

const v = (value: number): KpiResult => ({ kind: 'value', value, n: 1, details: {} });
const none: KpiResult = { kind: 'no-data', n: 0, reason: 'x', details: {} };

describe('status against the target', () => {
  it.each([
    [v(14), { op: '<=', value: 14 }, 'meets'],
    [v(15.4), { op: '<=', value: 14 }, 'near'],
    [v(15.5), { op: '<=', value: 14 }, 'misses'],
    [v(90), { op: '>=', value: 90 }, 'meets'],
    [v(81), { op: '>=', value: 90 }, 'near'],
    [v(80.9), { op: '>=', value: 90 }, 'misses'],
    [none, { op: '>=', value: 90 }, 'no-data'],
  ] as const)('%o against %o is %s', (result, target, status) => {
    expect(statusOf(result, target, 0.1, null)).toBe(status);
  });
});

describe('trend against the previous period', () => {
  it.each([
    [v(10), v(20), 'down', 'improving'],
    [v(20), v(10), 'down', 'worsening'],
    [v(20), v(10), 'up', 'improving'],
    [v(10.4), v(10), 'up', 'flat'],
    [v(10.5), v(10), 'up', 'improving'],
    [v(0), v(0), 'up', 'flat'],
    [v(1), v(0), 'down', 'worsening'],
  ] as const)('%o after %o (better %s) is %s', (cur, prev, better, trend) => {
    expect(trendOf(cur, prev, better, 0.05)).toBe(trend);
  });
  it('is unknown when either period has no data', () => {
    expect(trendOf(none, v(1), 'up', 0.05)).toBeNull();
    expect(trendOf(v(1), none, 'up', 0.05)).toBeNull();
  });
  it('is unknown when the two periods are in different units (a rate, then a count)', () => {
    const count: KpiResult = { kind: 'value', value: 3, n: 3, unit: 'count', details: {} };
    const rate: KpiResult = { kind: 'value', value: 2, n: 1500, unit: 'per 1k commits', details: {} };
    expect(trendOf(count, rate, 'down', 0.05)).toBeNull();
    expect(trendOf(rate, { ...rate, value: 4 }, 'down', 0.05)).toBe('improving');
  });
});

describe('a target on a detail', () => {
  const median = { op: '<=', value: 10, on: 'median_cycle_business_days' } as const;
  const reviews = (m: number | null) => ({ kind: 'value' as const, value: 40, n: 40, details: { median_cycle_business_days: m } });
  it.each([
    [8, 'meets'],
    [10, 'meets'],
    [10.9, 'near'],
    [12, 'misses'],
  ] as const)('judges the detail, not the value: median %d is %s', (m, status) => {
    expect(statusOf(reviews(m), median, 0.1, 'improving')).toBe(status);
  });
  it('cannot be judged without the detail', () => {
    expect(statusOf(reviews(null), median, 0.1, 'improving')).toBe('no-data');
  });
  it('has a null value when it cannot be judged, as cli.md says of no-data (0 reviews completed: no median)', () => {
    const kpi: KpiDefinition = designReviewThroughput;
    const policy = input().policy;
    const row = evaluateKpi(kpi, { ...reviews(null), value: 0, n: 0 }, { ...reviews(null), value: 0, n: 0 }, policy);
    expect(row).toMatchObject({ status: 'no-data', value: null, trend: null, previous: 0, figure: 0 });
    expect(row.reason).toBe('the target is on its median_cycle_business_days detail, which has no figure in the period (measured: 0 count)');
    expect(evaluateKpi(kpi, reviews(8), reviews(9), policy)).toMatchObject({ status: 'meets', value: 40, trend: 'flat' });
  });
});

describe('a row of kpis --json', () => {
  const policy = DEFAULT_SETTINGS.policy as Policy;
  it('has a null value, no trend and a reason keeping the measured value when its target detail has no figure (cli.md: value null exactly when no-data)', () => {
    // 0 reviews completed: a count of 0, but no median cycle time to judge.
    const current = { kind: 'value' as const, value: 0, n: 0, details: { median_cycle_business_days: null } };
    const row = evaluateKpi(designReviewThroughput, current, v(2), policy);
    expect(row).toMatchObject({ value: null, status: 'no-data', trend: null, previous: 2, figure: 0 });
    expect(row.reason).toBe('the target is on its median_cycle_business_days detail, which has no figure in the period (measured: 0 count)');
  });
  it('keeps the value and trend of a judged result', () => {
    const current = { kind: 'value' as const, value: 3, n: 3, details: { median_cycle_business_days: 4 } };
    expect(evaluateKpi(designReviewThroughput, current, v(2), policy)).toMatchObject({ value: 3, status: 'meets', trend: 'improving' });
  });
});
