import { describe, expect, it } from 'vitest';
import { productLineView, type LineInput, type LinePeriodReadings } from './product-line.js';
import { noReading, reading } from './test-support/review-inputs.js';

const T = { flatBand: 0.05, noisyShare: 0.25 };
const m = (period: string, risk: number, sla: number, cov: number, open = 10): LinePeriodReadings => ({
  period,
  riskIndex: reading('risk_index', risk, { n: open, unit: 'index' }),
  criticalSla: reading('critical_sla_compliance', sla),
  coverage: reading('scanning_coverage', cov),
});
const line = (name: string, series: LinePeriodReadings[], over: Partial<LineInput> = {}): LineInput => ({
  line: name,
  owners: [],
  series,
  signal: null,
  ...over,
});

describe('product-line trend', () => {
  it.each([
    { name: 'all three better is Improving', s: [m('a', 100, 80, 70), m('b', 90, 85, 75), m('c', 80, 90, 80)], trend: 'Improving' },
    { name: 'all three worse is Worsening', s: [m('a', 80, 90, 80), m('b', 90, 85, 75), m('c', 100, 80, 70)], trend: 'Worsening' },
    { name: 'better and worse together is Mixed', s: [m('a', 100, 80, 80), m('b', 90, 85, 75), m('c', 80, 90, 70)], trend: 'Mixed' },
    { name: 'all under 5 % is Flat', s: [m('a', 100, 80, 80), m('b', 100, 80, 80), m('c', 104, 80, 83.9)], trend: 'Flat' },
    { name: 'flat with one better is Flat to improving', s: [m('a', 100, 80, 80), m('b', 100, 80, 80), m('c', 80, 80, 80)], trend: 'Flat to improving' },
    { name: 'flat with one worse is Mixed, never Flat', s: [m('a', 100, 80, 80), m('b', 100, 80, 80), m('c', 100, 60, 80)], trend: 'Mixed' },
    { name: 'the middle period does not count, first to last does', s: [m('a', 100, 80, 70), m('b', 500, 10, 10), m('c', 80, 90, 80)], trend: 'Improving' },
    // Risk 100 → 80 is −20 % (better); SLA and coverage hold at 100 %, their ceiling: both count as better.
    {
      name: 'holding at 100 % SLA and coverage counts as the good way',
      s: [m('a', 100, 100, 100), m('b', 90, 100, 100), m('c', 80, 100, 100)],
      trend: 'Improving',
    },
    // Coverage 97 → 100 is +3.1 %, under the 5 % band, but it ends at its ceiling: better. Risk −20 %, SLA +12.5 %.
    {
      name: 'reaching the ceiling inside the flat band counts as the good way',
      s: [m('a', 100, 80, 97), m('b', 90, 85, 99), m('c', 80, 90, 100)],
      trend: 'Improving',
    },
    // Risk index 0 → 0 holds at its best; SLA 100 → 100 too; coverage 80 → 60 is −25 %: worse.
    {
      name: 'risk index held at 0 is the good way, a worse metric still makes it Mixed',
      s: [m('a', 0, 100, 80), m('b', 0, 100, 70), m('c', 0, 100, 60)],
      trend: 'Mixed',
    },
    // SLA 100 → 90 is −10 %: leaving the ceiling is worse like any other drop.
    { name: 'leaving the ceiling is the bad way', s: [m('a', 100, 100, 100), m('b', 100, 95, 100), m('c', 100, 90, 100)], trend: 'Mixed' },
    // Just under the ceiling is not the ceiling: 99 → 99.5 is flat.
    { name: 'just under the ceiling stays flat', s: [m('a', 100, 99, 99), m('b', 100, 99, 99), m('c', 100, 99.5, 99.5)], trend: 'Flat' },
  ])('$name', ({ s, trend }) => {
    const [row] = productLineView([line('L', s)], T);
    expect(row!.trend.value).toBe(trend);
    expect(row!.trend.evidence).toHaveLength(3);
  });

  it('says a metric holds at its best in the evidence and states the ceiling in the rule', () => {
    const [row] = productLineView([line('L', [m('a', 100, 100, 100), m('b', 80, 100, 100)])], T);
    expect(row!.trend.evidence).toEqual([
      'risk index 100 → 80 (better)',
      'critical SLA compliance 100.0 % → 100.0 % (better: holds at its best)',
      'scanning coverage 100.0 % → 100.0 % (better: holds at its best)',
    ]);
    expect(row!.trend.rule).toMatch(/ends at its best possible value \(risk index 0, or 100 % compliance or coverage\).*counts as moving the good way/);
  });

  it('judges on the metrics that have data and says No data when none has two periods', () => {
    const partial: LinePeriodReadings[] = [
      { ...m('a', 100, 80, 80), criticalSla: noReading('critical_sla_compliance') },
      { ...m('b', 80, 80, 80), criticalSla: noReading('critical_sla_compliance') },
    ];
    expect(productLineView([line('L', partial)], T)[0]!.trend.evidence).toEqual(['risk index 100 → 80 (better)', 'scanning coverage 80.0 % → 80.0 % (flat)']);
    const none: LinePeriodReadings[] = [1, 2].map((i) => ({
      period: String(i),
      riskIndex: noReading('r'),
      criticalSla: noReading('s'),
      coverage: noReading('c'),
    }));
    const [row] = productLineView([line('L', none)], T);
    expect(row!.trend.value).toBe('No data');
    expect(row!.meaning.value).toBe('Not enough data to judge a trend yet');
  });
});

describe('practical meaning', () => {
  it('names a line whose risk index ranks worse than its raw open count, with both ranks', () => {
    // L1: risk 300 over 5 open (rank 1 by risk, 2 by count); L2: risk 100 over 50 open (rank 2, 1).
    const rows = productLineView(
      [line('L1', [m('a', 300, 90, 90, 5), m('b', 300, 90, 90, 5)]), line('L2', [m('a', 100, 90, 90, 50), m('b', 100, 90, 90, 50)])],
      T,
    );
    expect(rows[0]!.meaning).toMatchObject({
      value: 'Still higher blast radius than its raw issue count suggests',
      evidence: ['ranks #1 of 2 lines by risk index but #2 by raw open count'],
    });
    expect(rows[0]!.rank).toEqual({ byRiskIndex: 1, byOpenCount: 2 });
    expect(rows[1]!.meaning.value).not.toMatch(/blast radius/);
  });

  it.each([
    { name: 'names signal quality at 25 % noisy findings', noisy: 25, expected: 'Security signal quality still lower than desired' },
    { name: 'does not at 24 %', noisy: 24, expected: 'Less open exposure on its critical services' },
  ])('$name', ({ noisy, expected }) => {
    const [row] = productLineView([line('L', [m('a', 100, 90, 90), m('b', 80, 90, 90)], { signal: { seen: 100, noisy, rules: ['r1'] } })], T);
    expect(row!.meaning.value).toBe(expected);
  });

  it('says better release trust and exception hygiene when gate coverage and exceptions both improved', () => {
    const s = [
      { ...m('a', 100, 80, 80), gateCoverage: reading('gate_coverage', 60), exceptions: reading('exception_volume_age', 20, { unit: 'count' }) },
      { ...m('b', 90, 85, 82), gateCoverage: reading('gate_coverage', 85), exceptions: reading('exception_volume_age', 12, { unit: 'count' }) },
    ];
    const [row] = productLineView([line('L', s)], T);
    expect(row!.meaning).toMatchObject({
      value: 'Better release trust and exception hygiene',
      evidence: ['gate coverage 60.0 % → 85.0 %', 'active exceptions 20 → 12'],
    });
  });

  it.each([
    {
      name: 'the bad-way mover of a mixed line comes second',
      s: [m('a', 100, 80, 80), m('b', 80, 80, 70)],
      meaning: 'Less open exposure on its critical services, but scanning coverage eroding',
    },
    {
      name: 'a worsening line names its worst metric',
      s: [m('a', 100, 90, 90), m('b', 150, 80, 85)],
      meaning: 'Open exposure growing on its critical services',
    },
    { name: 'a flat line holds steady', s: [m('a', 100, 90, 90), m('b', 100, 90, 90)], meaning: 'Holding steady on exposure, SLA and coverage' },
    {
      name: 'a flat line before any scan holds steady on what was measured only',
      s: [
        { ...m('a', 0, 0, 0), riskIndex: noReading('risk_index'), criticalSla: noReading('critical_sla_compliance') },
        { ...m('b', 0, 0, 0), riskIndex: noReading('risk_index'), criticalSla: noReading('critical_sla_compliance') },
      ],
      meaning: 'Holding steady on coverage',
    },
    { name: 'a line held at full coverage says so', s: [m('a', 100, 90, 100), m('b', 100, 90, 100)], meaning: 'Full scanning coverage held' },
    {
      name: 'a real move outranks holding at the ceiling',
      s: [m('a', 100, 100, 90), m('b', 100, 100, 60)],
      meaning: 'Every critical fix landing within SLA, but scanning coverage eroding',
    },
  ])('$name', ({ s, meaning }) => {
    expect(productLineView([line('L', s)], T)[0]!.meaning.value).toBe(meaning);
  });
});
