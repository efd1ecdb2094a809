import { describe, expect, it } from 'vitest';
import { d } from '../kpis/test-support/kpi-input.js';
import { rollUpAsks, writeAsks } from './asks.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { ownerOf, type Ask } from './statement.js';
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
    expect(tier.map((a) => a.figures['summary'])).toEqual([
      'Re-open rate at 15.0 % on tier 0 against ≤ 10.0 %',
      'Critical vuln SLA compliance at 80.0 % on tier 0 and 60.0 % on tier 1 against ≥ 90.0 %',
      'Gate coverage at 70.0 % on tier 1 against ≥ 80.0 %',
    ]);
    expect(tier[1]!.plain).toMatch(/ back to target on the most critical and critical systems\.$/);
  });

  it('does not ask again, as a worsening trend, for a KPI that has its mandatory tier 0/1 ask', () => {
    const worsening = (id: string, name: string) =>
      row(id, 60, { name, status: 'misses', trend: 'worsening', previous: 70, target: { op: '>=', value: 90 }, n: 20 });
    const base = sampleReports();
    if (base.company === undefined) throw new Error('the sample has a company series');
    const last = base.company[base.company.length - 1]!;
    const company = [
      ...base.company.slice(0, -1),
      {
        ...last,
        groups: [{ key: 'company', kpis: [...last.groups[0]!.kpis, worsening('gate_coverage', 'Gate coverage'), worsening('mttr_high', 'High MTTR')] }],
      },
    ];
    const byTier = report(P, 'tier', { '1': [row('gate_coverage', 70, { name: 'Gate coverage', status: 'misses', n: 30 })] });
    const all = asks(sampleInputs({ reports: { ...base, company, byTier } }));
    expect(all.mandatory.filter((a) => a.id === 'ask.tier-target').map((a) => a.figures['kpi'])).toEqual(['gate_coverage']);
    const trends = all.recommended.filter((a) => a.id === 'ask.kpi-trend');
    expect(trends.map((a) => a.figures['kpi'])).toEqual(['mttr_high']);
    // What a roll-up names it by, and ranks it by: (70 - 60) / 70.
    expect(trends[0]!.figures['summary']).toBe('High MTTR from 70.0 % to 60.0 %');
    expect(Number(trends[0]!.figures['worsening'])).toBeCloseTo(10 / 70, 10);
  });

  it('does not tell the board twice which systems a KPI is about', () => {
    const byTier = report(P, 'tier', {
      '0': [row('high_mttr_crown_jewels', 50, { name: 'High vuln MTTR (crown jewels)', target: { op: '<=', value: 30 }, status: 'misses', n: 7 })],
      '1': [],
    });
    const [a] = asks(sampleInputs({ reports: { ...sampleReports(), byTier } })).mandatory.filter((x) => x.id === 'ask.tier-target');
    expect(a!.plain).toBe('Bring the time to fix serious weaknesses on the most critical systems back to target.');
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
    // What a roll-up names it by.
    expect(a!.figures['summary']).toBe('Gate coverage at 70.0 % on tier 0 against ≥ 95.0 % and 70.0 % on tier 1 against ≥ 80.0 %');
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

describe('asks at the scale of a large company', () => {
  const one = (id: string, area: string, owner: string, figures: Ask['figures']): Ask => ({
    id,
    list: 'mandatory',
    source: 'escalation',
    owner,
    ownerKnown: owner !== 'owner needed',
    text: `${id} in ${area}.`,
    plain: `Plain ${area}.`,
    figures,
    evidence: [{ ref: `cell:${area}:escalation`, label: area, detail: [] }],
    rule: 'test',
    areas: [area],
  });
  const overdue = (area: string, n: number, owner = `dir-${area}`) => one('ask.overdue-criticals', area, owner, { area, exposedOverdue: n });

  it('keeps the largest asks of a kind and rolls the rest into one that names each, largest first, where the kind first came', () => {
    const tier = one('ask.tier-target', 'a', 'owner needed', { kpi: 'reopen_rate' });
    const list = [overdue('a', 3), overdue('b', 40), tier, overdue('c', 7), overdue('d', 12), overdue('e', 7, 'owner needed'), overdue('f', 1)];
    const rolled = rollUpAsks({ mandatory: list, recommended: [] }).mandatory;
    expect(rolled.map((a) => [a.id, a.areas.join()])).toEqual([
      ['ask.overdue-criticals', 'b'],
      ['ask.overdue-criticals', 'd'],
      // Equal figures keep the order they came in.
      ['ask.overdue-criticals', 'c'],
      ['ask.overdue-criticals.more', 'a,e,f'],
      ['ask.tier-target', 'a'],
    ]);
    const more = rolled[3]!;
    expect(more.text).toBe(
      'The same for 3 more areas, largest first: e (owner needed, 7 overdue criticals), a (dir-a, 3 overdue criticals) and f (dir-f, 1 overdue critical).',
    );
    expect(more).toMatchObject({ list: 'mandatory', source: 'escalation', ownerKnown: false, figures: { asks: 3, total: 11 } });
    expect(more.rolledUp!.map((a) => a.areas[0])).toEqual(['e', 'a', 'f']);
    expect(more.evidence.map((e) => e.ref)).toEqual(['cell:e:escalation', 'cell:a:escalation', 'cell:f:escalation']);
    expect(more.plain).toMatch(/^[A-Z].*\.$/);
  });

  it('rolls nothing up into a single ask, and leaves the product lines’ trend asks as they are', () => {
    const four = [overdue('a', 1), overdue('b', 2), overdue('c', 3), overdue('d', 4)];
    expect(rollUpAsks({ mandatory: four, recommended: [] }).mandatory).toEqual(four);
    const lines = ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => ({ ...one('ask.line-trend', l, `vp-${l}`, { line: l }), list: 'recommended' as const }));
    expect(rollUpAsks({ mandatory: [], recommended: lines }).recommended).toEqual(lines);
  });

  it('rolls up the tier 0/1 target asks past the three largest misses, naming each KPI with its figures', () => {
    const target = (kpi: string, worstMiss: number, owner = 'owner needed (shared by t1, t2)', tier = '1') => ({
      ...one('ask.tier-target', 'x', owner, { kpi, tier, worstMiss, summary: `${kpi} at ${worstMiss * 100} % short` }),
      source: 'target' as const,
    });
    // Already ranked by writeAsks; an infinite miss (a zero target missed) ranks first.
    const list = [target('k1', Infinity), target('k2', 0.5), target('k3', 0.4), target('k4', 0.3, undefined, '0'), target('k5', 0.2, 'team-a', '0,1')];
    const rolled = rollUpAsks({ mandatory: list, recommended: [] }).mandatory;
    expect(rolled.map((a) => a.id)).toEqual(['ask.tier-target', 'ask.tier-target', 'ask.tier-target', 'ask.tier-target.more']);
    expect(rolled.slice(0, 3).map((a) => a.figures['kpi'])).toEqual(['k1', 'k2', 'k3']);
    const more = rolled[3]!;
    expect(more.text).toBe('Bring 2 more KPIs on tier 0/1 services back to target too, the largest miss first: k4 at 30 % short; k5 at 20 % short.');
    expect(more).toMatchObject({ owner: 'owner needed (as each KPI says)', ownerKnown: false, source: 'target', figures: { asks: 2 } });
    // k4 misses on tier 0, k5 on both.
    expect(more.plain).toBe('Bring 2 more measures back to target on the most critical and critical systems too.');
    const onTier1 = rollUpAsks({ mandatory: [0.5, 0.4, 0.3, 0.2, 0.1].map((m, i) => target(`t${i}`, m)), recommended: [] }).mandatory[3]!;
    expect(onTier1.plain).toBe('Bring 2 more measures back to target on the critical systems too.');
    expect(more.rolledUp!.map((a) => a.figures['kpi'])).toEqual(['k4', 'k5']);
  });

  it('rolls up the company’s worsening KPIs past the three largest changes, the largest first', () => {
    const trend = (kpi: string, worsening: number) => ({
      ...one('ask.kpi-trend', 'x', 'owner needed', { kpi, worsening, summary: `${kpi} by ${worsening}` }),
      list: 'recommended' as const,
      source: 'trend' as const,
    });
    const rolled = rollUpAsks({
      mandatory: [],
      recommended: [trend('a', 0.1), trend('b', 0.5), trend('c', 0.05), trend('d', 0.3), trend('e', 0.2)],
    }).recommended;
    expect(rolled.map((a) => a.figures['kpi'] ?? a.id)).toEqual(['b', 'd', 'e', 'ask.kpi-trend.more']);
    expect(rolled[3]!.text).toBe('Reverse the worsening of 2 more KPIs too, the largest change first: a by 0.1; c by 0.05.');
    expect(rolled[3]!).toMatchObject({ owner: 'owner needed', ownerKnown: false });
  });

  it('rolls up exception asks by owner, the most open findings first', () => {
    const exc = (owner: string, findings: number) => ({
      ...one('ask.exception-backlog', 'x', owner, { exceptions: 1, findings }),
      list: 'recommended' as const,
    });
    const rolled = rollUpAsks({ mandatory: [], recommended: [exc('t1', 1), exc('t2', 5), exc('t3', 2), exc('t4', 9), exc('t5', 3)] }).recommended;
    expect(rolled.map((a) => a.owner)).toEqual(['t4', 't2', 't5', 'each owner named']);
    expect(rolled[3]!.text).toBe('The same for 2 more owners, largest first: t3 (2 open findings) and t1 (1 open finding).');
  });

  it('names a handful of the owners of an ask shared by many, then their number', () => {
    expect(ownerOf(['t1', 't2', 't3', 't4', 't5', 't6'])).toEqual({ owner: 'owner needed (shared by t1, t2, t3, t4, t5, t6)', ownerKnown: false });
    expect(ownerOf(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'])).toEqual({
      owner: 'owner needed (shared by 8 owners: t1, t2, t3, t4, t5, t6 and 2 more)',
      ownerKnown: false,
    });
  });
});
