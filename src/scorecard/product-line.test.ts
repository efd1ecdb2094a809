import { describe, expect, it } from 'vitest';
import type { KpiResult } from '../kpis/define-kpi.js';
import { productLineView, type LinePeriodMetrics } from './product-line.js';

const v = (value: number, n = 1): KpiResult => ({ kind: 'value', value, n, details: {} });
const none: KpiResult = { kind: 'no-data', n: 0, reason: 'x', details: {} };
const m = (period: string, risk: number, sla: number, cov: number, open = 10): LinePeriodMetrics => ({
  period,
  riskIndex: v(risk, open),
  criticalSla: v(sla),
  coverage: v(cov),
});

describe('product-line view', () => {
  it.each([
    { name: 'all three better is Improving', s: [m('a', 100, 80, 70), m('b', 90, 85, 75), m('c', 80, 90, 80)], trend: 'Improving' },
    { name: 'all three worse is Worsening', s: [m('a', 80, 90, 80), m('b', 90, 85, 75), m('c', 100, 80, 70)], trend: 'Worsening' },
    { name: 'better and worse together is Mixed', s: [m('a', 100, 80, 80), m('b', 90, 85, 75), m('c', 80, 90, 70)], trend: 'Mixed' },
    { name: 'all under 5 % is Flat', s: [m('a', 100, 80, 80), m('b', 100, 80, 80), m('c', 104, 80, 83.9)], trend: 'Flat' },
    { name: 'flat with one better is Flat to improving', s: [m('a', 100, 80, 80), m('b', 100, 80, 80), m('c', 80, 80, 80)], trend: 'Flat to improving' },
  ])('$name', ({ s, trend }) => {
    const [row] = productLineView([{ line: 'L', series: s }], 0.05);
    expect(row!.trend.value).toBe(trend);
    expect(row!.trend.evidence).toHaveLength(3);
  });

  it('names a line whose risk index ranks worse than its raw open count', () => {
    // L1: risk 300 over 5 open (rank 1 by risk, 2 by count); L2: risk 100 over 50 open
    const rows = productLineView(
      [
        { line: 'L1', series: [m('a', 300, 90, 90, 5), m('b', 300, 90, 90, 5)] },
        { line: 'L2', series: [m('a', 100, 90, 90, 50), m('b', 100, 90, 90, 50)] },
      ],
      0.05,
    );
    expect(rows[0]!.meaning).toMatch(/^Still higher blast radius than its raw issue count suggests/);
    expect(rows[1]!.meaning).not.toMatch(/blast radius/);
  });

  it('has no data when the metrics are missing', () => {
    const s: LinePeriodMetrics[] = [
      { period: 'a', riskIndex: none, criticalSla: none, coverage: none },
      { period: 'b', riskIndex: none, criticalSla: none, coverage: none },
    ];
    const [row] = productLineView([{ line: 'L', series: s }], 0.05);
    expect(row!.trend.value).toBe('No data');
    expect(row!.meaning).toMatch(/Not enough data/);
  });
});
