import { describe, expect, it } from 'vitest';
import { d } from '../kpis/test-support/kpi-input.js';
import { writeAsks } from './asks.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { EXCEPTIONS, sampleInputs } from './test-support/sample-review.js';

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
    expect(m[0]!.text).toBe('Clear the 1 overdue critical on tier 0/1 or internet-exposed services in Reporting services: critical SLA compliance is 60.0 % against ≥ 90 %.');
    expect(m[2]!.text).toBe('Name a senior owner for tenant-boundary logic gaps in export-service (Reporting services).');
    expect(m[2]!.ownerKnown).toBe(false);
    expect(m[3]!.text).toBe('Bring Critical vuln SLA compliance on tier 1 services back to target: 60.0 % against ≥ 90.0 % (n = 5).');
  });

  it('makes Maybe triggers, worsening trends and exceptions without a backlog link recommended asks', () => {
    const r = asks().recommended;
    expect(r.map((a) => a.id)).toEqual(['ask.sla-watch', 'ask.exception-backlog', 'ask.line-trend']);
    // EX-2 names no owner: the owners of the service it covers own the ask.
    expect(r[1]).toMatchObject({ text: 'Tie 1 exception to backlog items: EX-2 (1 open finding).', owner: 'team-billing', ownerKnown: true });
    expect(r[2]!.owner).toBe('vp-reporting');
  });

  it('never leaves an exception passive: past expiry is mandatory, without a backlog link recommended, one ask per owner', () => {
    const both = [
      ...EXCEPTIONS,
      { ...EXCEPTIONS[0]!, id: 'EX-3', backlog: null },
      { ...EXCEPTIONS[1]!, id: 'EX-4', owner: 'bob' },
    ];
    const a = asks(sampleInputs({ exceptions: both }));
    expect(a.mandatory.find((x) => x.id === 'ask.exception-expired')!.text).toBe('Renew with a dated plan, or fix: EX-1 (expired 2026-07-31, 1 open finding) and EX-3 (expired 2026-07-31, 1 open finding).');
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
