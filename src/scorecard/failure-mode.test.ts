import { describe, expect, it } from 'vitest';
import type { IntervalFact } from '../domain/facts.js';
import { DAY_MS } from '../domain/time.js';
import { d, END, interval, P, service } from '../kpis/test-support/kpi-input.js';
import { topFailureMode, type FailureModeIncident, type FailureModeInput } from './failure-mode.js';
import { defaultTaxonomy } from './taxonomy.js';

const T = defaultTaxonomy();
// Tier weights: s0 ×3, s1 ×2, s2 ×1. Severity weights: critical 10, high 5, medium 2, low 1.
const SERVICES = new Map([service('s0', { tier: 0 }), service('s1', { tier: 1 }), service('s2', { tier: 2 })].map((s) => [s.id, s]));

// Findings whose family is plain under the default taxonomy.
const tenant = (id: number, over: Partial<IntervalFact> = {}) => interval({ findingId: id, cwes: [639], openedAt: d(1), ...over });
const injection = (id: number, over: Partial<IntervalFact> = {}) => interval({ findingId: id, cwes: [89], openedAt: d(1), ...over });
const dependency = (id: number, over: Partial<IntervalFact> = {}) =>
  interval({ findingId: id, category: 'sca', ruleId: `CVE-2026-${id}`, openedAt: d(1), ...over });

function run(over: Partial<FailureModeInput>) {
  return topFailureMode({ period: P, services: SERVICES, intervals: [], incidents: [], taxonomy: T, ...over });
}

interface Case {
  name: string;
  intervals?: IntervalFact[];
  incidents?: FailureModeIncident[];
  joinRatio?: number;
  label: string | null;
  families: [id: string, score: number, findings: number, incidents: number][];
}

const CASES: Case[] = [
  { name: 'an empty area names nothing', label: null, families: [] },
  {
    // tenant: high on s0 = 5×3 = 15; injection: high on s2 = 5×1 = 5 (33 % of 15: not joined).
    name: 'weights by tier',
    intervals: [tenant(1, { severity: 'high', serviceId: 's0' }), injection(2, { severity: 'high', serviceId: 's2' })],
    label: 'tenant-boundary logic gaps',
    families: [
      ['tenant-boundary', 15, 1, 0],
      ['injection', 5, 1, 0],
    ],
  },
  {
    // injection: one medium on s1 with intervals seq 1 (before P), 2 and 3 (in P), 4 (after end):
    // counted once; reopens with openedAt < end = seq 2, 3 → 2×2×(1+2) = 12.
    // tenant: high on s1 never reopened = 5×2×1 = 10 (83 % of 12: joined).
    name: 'weights by reopen events before the end, counting a finding once',
    intervals: [
      injection(1, { severity: 'medium', seq: 1, openedAt: d(-60), fixedAt: d(-30) }),
      injection(1, { severity: 'medium', seq: 2, openedAt: d(5), fixedAt: d(20) }),
      injection(1, { severity: 'medium', seq: 3, openedAt: d(40), fixedAt: d(80) }),
      injection(1, { severity: 'medium', seq: 4, openedAt: END + DAY_MS }),
      tenant(2, { severity: 'high' }),
    ],
    label: 'injection flaws and tenant-boundary logic gaps',
    families: [
      ['injection', 12, 1, 0],
      ['tenant-boundary', 10, 1, 0],
    ],
  },
  {
    // tenant: critical on s1 = 10×2 = 20; injection: high on s1 10 + medium on s0 2×3 = 6 → 16 = 80 % of 20: joined.
    name: 'joins the second family at exactly 80 %',
    intervals: [tenant(1), injection(2, { severity: 'high' }), injection(3, { severity: 'medium', serviceId: 's0' })],
    label: 'tenant-boundary logic gaps and injection flaws',
    families: [
      ['tenant-boundary', 20, 1, 0],
      ['injection', 16, 2, 0],
    ],
  },
  {
    // tenant: critical on s0 reopened once 10×3×2 = 60 + critical on s1 20 + critical on s1 20 = 100.
    // injection: critical on s0 reopened once 60 + high on s0 15 + medium on s1 4 = 79 = 79 %: not joined.
    name: 'does not join at 79 %',
    intervals: [
      tenant(1, { serviceId: 's0', seq: 1, openedAt: d(-90), fixedAt: d(-80) }),
      tenant(1, { serviceId: 's0', seq: 2, openedAt: d(3) }),
      tenant(2),
      tenant(3),
      injection(4, { serviceId: 's0', seq: 2, openedAt: d(3) }),
      injection(5, { serviceId: 's0', severity: 'high' }),
      injection(6, { severity: 'medium' }),
    ],
    label: 'tenant-boundary logic gaps',
    families: [
      ['tenant-boundary', 100, 3, 0],
      ['injection', 79, 3, 0],
    ],
  },
  {
    // Same 100 vs 79 with joinRatio 0.75: 79 % ≥ 75 %, joined.
    name: 'takes the join ratio from the input',
    intervals: [
      tenant(1, { serviceId: 's0', seq: 2, openedAt: d(3) }),
      tenant(2),
      tenant(3),
      injection(4, { serviceId: 's0', seq: 2, openedAt: d(3) }),
      injection(5, { serviceId: 's0', severity: 'high' }),
      injection(6, { severity: 'medium' }),
    ],
    joinRatio: 0.75,
    label: 'tenant-boundary logic gaps and injection flaws',
    families: [
      ['tenant-boundary', 100, 3, 0],
      ['injection', 79, 3, 0],
    ],
  },
  {
    // Fixed before start, opened at end, opened after end: ignored. Fixed exactly at start
    // (open at start, as `openAt` counts it): critical on s1 = 20.
    name: 'ignores intervals outside the period',
    intervals: [
      injection(1, { openedAt: d(-50), fixedAt: d(-1) }),
      injection(2, { openedAt: END }),
      injection(3, { openedAt: END + DAY_MS }),
      tenant(4, { openedAt: d(-50), fixedAt: P.start }),
    ],
    label: 'tenant-boundary logic gaps',
    families: [['tenant-boundary', 20, 1, 0]],
  },
  {
    // info, a service outside the area: not counted. Open since before P and still open: counted, high on s2 = 5.
    name: 'excludes info findings and services outside the area',
    intervals: [
      tenant(1, { severity: 'info', serviceId: 's0' }),
      tenant(2, { serviceId: 'elsewhere' }),
      injection(3, { severity: 'high', serviceId: 's2', openedAt: d(-200) }),
    ],
    label: 'injection flaws',
    families: [['injection', 5, 1, 0]],
  },
  {
    // A false positive counts only toward noisy scans: critical on s1 = 20, not tenant;
    // tenant: high on s1 = 10 (50 % of 20: not joined).
    name: 'sends a false positive to noisy scans only',
    intervals: [tenant(1, { falsePositive: true }), tenant(2, { severity: 'high' })],
    label: 'noisy scans',
    families: [
      ['noisy-scans', 20, 1, 0],
      ['tenant-boundary', 10, 1, 0],
    ],
  },
  {
    // Rule r-noisy: 3 false positives of 5 findings (60 % ≥ 50 %, n ≥ 5): all 5 lows on s2 go to noisy scans = 5.
    // dependency: high on s2 = 5 → tie broken by taxonomy order (dependency hygiene first); 100 %: joined.
    name: 'sends every finding of a rule with a high false-positive share to noisy scans',
    intervals: [
      ...[1, 2, 3, 4, 5].map((id) => injection(id, { severity: 'low', serviceId: 's2', ruleId: 'r-noisy', falsePositive: id <= 3 })),
      dependency(6, { severity: 'high', serviceId: 's2' }),
    ],
    label: 'dependency hygiene and noisy scans',
    families: [
      ['dependency-hygiene', 5, 1, 0],
      ['noisy-scans', 5, 5, 0],
    ],
  },
  {
    // tenant: sev1 incident on s0 = 10×3 = 30 + high finding on s1 = 10 → 40.
    // dependency: critical on s1 = 20 (50 %). Ignored: an incident before P, one with no mapped cause,
    // one with no service, one on a service outside the area.
    name: 'adds incidents started in the period by cause',
    intervals: [tenant(1, { severity: 'high' }), dependency(2)],
    incidents: [
      { serviceId: 's0', severity: 'sev1', cause: 'Cross-tenant data exposure in exports', startedAt: d(10) },
      { serviceId: 's0', severity: 'sev1', cause: 'Cross-tenant data exposure in exports', startedAt: d(-1) },
      { serviceId: 's0', severity: 'sev2', cause: 'power outage', startedAt: d(11) },
      { serviceId: null, severity: 'sev1', cause: 'tenant mix-up', startedAt: d(12) },
      { serviceId: 'elsewhere', severity: 'sev1', cause: 'tenant mix-up', startedAt: d(13) },
    ],
    label: 'tenant-boundary logic gaps',
    families: [
      ['tenant-boundary', 40, 1, 1],
      ['dependency-hygiene', 20, 1, 0],
    ],
  },
  {
    // Unmatched SAST: medium on s1 = 4; falls into its category.
    name: 'names an unmapped category by its label',
    intervals: [interval({ findingId: 1, severity: 'medium', ruleId: 'py/unused-import', title: 'Unused import', openedAt: d(2) })],
    label: 'other SAST findings',
    families: [['unmapped:sast', 4, 1, 0]],
  },
];

describe('topFailureMode', () => {
  it.each(CASES)('$name', (c) => {
    const r = run({ intervals: c.intervals ?? [], incidents: c.incidents ?? [], ...(c.joinRatio !== undefined ? { joinRatio: c.joinRatio } : {}) });
    expect(r.label).toBe(c.label);
    expect(r.families.map((f) => [f.id, f.score, f.findings, f.incidents])).toEqual(c.families);
  });

  // The intervals come ordered by finding where they are loaded; any order must give the same.
  it.each(CASES.filter((c) => (c.intervals?.length ?? 0) > 1))('$name, in any order of the intervals', (c) => {
    const reversed = [...c.intervals!].reverse();
    const r = run({ intervals: reversed, incidents: c.incidents ?? [], ...(c.joinRatio !== undefined ? { joinRatio: c.joinRatio } : {}) });
    expect(r.label).toBe(c.label);
    expect(r.families.map((f) => [f.id, f.score, f.findings, f.incidents])).toEqual(c.families);
  });

  it('counts a finding once when its intervals are not next to each other', () => {
    // injection 1: medium on s1, reopened once before the end: 2×2×(1+1) = 8; tenant 2: high on s1 = 10.
    const r = run({
      intervals: [
        injection(1, { severity: 'medium', seq: 1, openedAt: d(1), fixedAt: d(3) }),
        tenant(2, { severity: 'high' }),
        injection(1, { severity: 'medium', seq: 2, openedAt: d(10) }),
      ],
    });
    expect(r.families.map((f) => [f.id, f.score, f.findings])).toEqual([
      ['tenant-boundary', 10, 1],
      ['injection', 8, 1],
    ]);
  });

  it('lists the services carrying each family', () => {
    const r = run({ intervals: [tenant(1, { serviceId: 's2' }), tenant(2, { serviceId: 's0' }), tenant(3, { serviceId: 's0' })] });
    expect(r.families[0]).toMatchObject({ label: 'tenant-boundary logic gaps', services: ['s0', 's2'] });
  });

  it('explains the rule with its figures', () => {
    const r = run({ intervals: [tenant(1), injection(2, { severity: 'high' }), injection(3, { severity: 'medium', serviceId: 's0' })] });
    expect(r.rule).toContain('over 2026-Q3 from 3 findings opened or open in it');
    expect(r.rule).toContain('tenant-boundary logic gaps 20, next injection flaws 16 (80 % of the top, at or above the 80 % needed to name both)');
    const below = run({ intervals: [tenant(1), injection(2, { severity: 'high' })] });
    expect(below.rule).toContain('injection flaws 10 (50 % of the top, below the 80 % needed');
  });

  it('says why nothing is named in an empty area', () => {
    const r = run({ incidents: [{ serviceId: 's0', severity: 'sev3', cause: 'unknown', startedAt: d(5) }] });
    expect(r.label).toBeNull();
    expect(r.rule).toBe(
      'No finding opened or open in 2026-Q3 and no incident with a mapped cause started in it, so no failure mode is named; 1 incident with no mapped cause not counted.',
    );
  });

  it('classifies by file path where the interval carries one', () => {
    const r = run({ intervals: [{ ...injection(1, { cwes: [829], ruleId: 'remote-include' }), file: '.github/workflows/release.yml' }] });
    expect(r.label).toBe('CI runner/artifact trust');
  });
});
