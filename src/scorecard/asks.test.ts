import { describe, expect, it } from 'vitest';
import { d } from '../kpis/test-support/kpi-input.js';
import { writeAsks } from './asks.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { P } from '../kpis/test-support/kpi-input.js';
import { report, row } from './test-support/review-inputs.js';
import { EXCEPTIONS, sampleInputs, sampleReports } from './test-support/sample-review.js';

function asks(inputs: ReviewInputs = sampleInputs()) {
  return writeAsks(reviewContext(inputs, judgeScorecard(inputs)));
}

describe('what we need from engineering', () => {
  it('makes every Yes trigger and every missed tier 0/1 target a mandatory ask, with its owner', () => {
    const m = asks().mandatory;
    expect(m.map((a) => [a.id, a.owner])).toEqual([
      ['ask.overdue-criticals', 'team-reporting'],
      ['ask.incident-fixes', 'team-reporting'],
      ['ask.shared-owner', 'owner needed (shared by team-data, team-reporting)'],
      ['ask.tier-target', 'owner needed (shared by team-data, team-ledger, team-platform, team-reporting)'],
      ['ask.exception-expired', 'alice'],
    ]);
    expect(m[0]!.text).toBe(
      'Clear the 1 overdue critical on tier 0/1 or internet-exposed services in Reporting services: critical SLA compliance is 60.0 % against ≥ 90 %.',
    );
    expect(m[2]!.text).toBe('Name a senior owner for tenant-boundary logic gaps in export-service (Reporting services).');
    expect(m[2]!.ownerKnown).toBe(false);
    expect(m[3]!.text).toBe('Bring Critical vuln SLA compliance on tier 1 services back to target: 60.0 % against ≥ 90.0 % (n = 5).');
  });

  it('makes one ask per KPI missing on tier 0 and/or 1, naming each tier and its figure, the largest relative miss first', () => {
    // Relative miss = gap / target, on the KPI's worst tier:
    //   reopen rate: tier 0 at 15 against ≤ 10 → 5/10 = 50 %;
    //   critical SLA: tier 0 at 80 (10/90 = 11.1 %), tier 1 at 60 (30/90 = 33.3 %) → 33.3 %;
    //   gate coverage: tier 1 at 70 against ≥ 80 → 10/80 = 12.5 %; scanning coverage meets on both tiers: no ask.
    const byTier = report(P, 'tier', {
      '0': [
        row('critical_sla_compliance', 80, { name: 'Critical vuln SLA compliance', status: 'misses', n: 4 }),
        row('reopen_rate', 15, { name: 'Re-open rate', target: { op: '<=', value: 10 }, status: 'misses', n: 20 }),
        row('scanning_coverage', 95),
      ],
      '1': [
        row('critical_sla_compliance', 60, { name: 'Critical vuln SLA compliance', status: 'misses', n: 5 }),
        row('gate_coverage', 70, { name: 'Gate coverage', target: { op: '>=', value: 80 }, status: 'misses', n: 30 }),
        row('scanning_coverage', 92),
      ],
    });
    const tier = asks(sampleInputs({ reports: { ...sampleReports(), byTier } })).mandatory.filter((a) => a.id === 'ask.tier-target');
    expect(tier.map((a) => a.figures['kpi'])).toEqual(['reopen_rate', 'critical_sla_compliance', 'gate_coverage']);
    expect(tier.map((a) => a.text)).toEqual([
      'Bring Re-open rate on tier 0 services back to target: 15.0 % against ≤ 10.0 % (n = 20).',
      'Bring Critical vuln SLA compliance on tier 0 and tier 1 services back to target: 80.0 % on tier 0 (n = 4) and 60.0 % on tier 1 (n = 5) against ≥ 90.0 %.',
      'Bring Gate coverage on tier 1 services back to target: 70.0 % against ≥ 80.0 % (n = 30).',
    ]);
    // Tier 0 is billing-api (team-billing, Core API services); tier 1 is ledger, runners and export-service.
    expect(tier[0]).toMatchObject({ owner: 'team-billing', ownerKnown: true, areas: ['Core API services'] });
    expect(tier[1]!.owner).toBe('owner needed (shared by team-billing, team-data, team-ledger, team-platform, team-reporting)');
    expect(tier[1]!.areas).toEqual(['Core API services', 'Platform foundation', 'Reporting services']);
    expect(tier[1]!.evidence).toHaveLength(2);
    expect(tier[1]!.figures).toMatchObject({ tier: '0,1', tier0Value: 80, tier1Value: 60, tier0N: 4, tier1N: 5, target: 90 });
    expect(Number(tier[1]!.figures['worstMiss'])).toBeCloseTo(30 / 90, 10);
    expect(tier[1]!.plain).toMatch(/ on the most critical and critical systems back to target\.$/);
  });

  it('names each tier its own target when the targets differ', () => {
    const byTier = report(P, 'tier', {
      '0': [row('gate_coverage', 70, { name: 'Gate coverage', target: { op: '>=', value: 95 }, status: 'misses', n: 3 })],
      '1': [row('gate_coverage', 70, { name: 'Gate coverage', target: { op: '>=', value: 80 }, status: 'misses', n: 6 })],
    });
    const [a] = asks(sampleInputs({ reports: { ...sampleReports(), byTier } })).mandatory.filter((x) => x.id === 'ask.tier-target');
    expect(a!.text).toBe(
      'Bring Gate coverage on tier 0 and tier 1 services back to target: 70.0 % on tier 0 against ≥ 95.0 % (n = 3) and 70.0 % on tier 1 against ≥ 80.0 % (n = 6).',
    );
  });

  it('makes Maybe triggers, worsening trends and exceptions without a backlog link recommended asks', () => {
    const r = asks().recommended;
    expect(r.map((a) => a.id)).toEqual(['ask.sla-watch', 'ask.exception-backlog', 'ask.line-trend']);
    // EX-2 names no owner: the owners of the service it covers own the ask.
    expect(r[1]).toMatchObject({ text: 'Tie 1 exception to backlog items: EX-2 (1 open finding).', owner: 'team-billing', ownerKnown: true });
    expect(r[2]!.owner).toBe('vp-reporting');
  });

  it('never leaves an exception passive: past expiry is mandatory, without a backlog link recommended, one ask per owner', () => {
    const both = [...EXCEPTIONS, { ...EXCEPTIONS[0]!, id: 'EX-3', backlog: null }, { ...EXCEPTIONS[1]!, id: 'EX-4', owner: 'bob' }];
    const a = asks(sampleInputs({ exceptions: both }));
    expect(a.mandatory.find((x) => x.id === 'ask.exception-expired')!.text).toBe(
      'Renew with a dated plan, or fix: EX-1 (expired 2026-07-31, 1 open finding) and EX-3 (expired 2026-07-31, 1 open finding).',
    );
    expect(a.recommended.filter((x) => x.id === 'ask.exception-backlog').map((x) => [x.owner, x.figures['exceptions']])).toEqual([
      ['team-billing', 1],
      ['bob', 1],
    ]);
  });

  it('asks nothing about an exception whose findings are all fixed', () => {
    const inputs = sampleInputs();
    const fixed = { ...inputs, intervals: inputs.intervals.map((i) => (i.fingerprint === 'fp-payload' ? { ...i, fixedAt: d(5) } : i)) };
    expect(asks(fixed).mandatory.map((a) => a.id)).not.toContain('ask.exception-expired');
  });

  it('says "owner needed" when the catalog names no owner', () => {
    const inputs = sampleInputs({ owners: { 'Reporting services': [] } });
    expect(asks(inputs).mandatory[0]).toMatchObject({ owner: 'owner needed', ownerKnown: false });
  });

  it('gives every ask a plain version for the board', () => {
    const a = asks();
    for (const x of [...a.mandatory, ...a.recommended]) expect(x.plain).toMatch(/^[A-Z].*\.$/);
  });
});
