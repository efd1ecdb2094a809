import { describe, expect, it } from 'vitest';
import { d } from '../kpis/test-support/kpi-input.js';
import { writeAsks } from './asks.js';
import { writeBoard } from './board.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { INTERVALS, sampleInputs } from './test-support/sample-review.js';

function board(inputs: ReviewInputs = sampleInputs()) {
  const ctx = reviewContext(inputs, judgeScorecard(inputs));
  return writeBoard(ctx, writeAsks(ctx));
}

describe('board summary', () => {
  it('states the posture direction in plain words with its figures', () => {
    expect(board().posture).toMatchObject({
      // Coverage 82 → 86 % is a 4.9 % change: flat, so the lean is good but not all three.
      direction: 'Flat to improving',
      text: 'Security posture is steady to improving from 2026-Q1 to 2026-Q3: open exposure, weighted by how critical each system is, fell from 280 to 240 points; severe weaknesses were fixed on time 85.0 % of the time (75.0 % before); 86.0 % of the software is checked regularly (82.0 % before).',
    });
  });

  it('lists material risk themes with direction and confidence, in plain labels', () => {
    const themes = board().themes;
    expect(themes.map((t) => [t.label, t.direction, t.confidence])).toEqual([
      // Every finding here opened after the end of 2026-Q1: new; coverage 86 % is Medium, and under 5 findings one level lower.
      ['customer data separation gaps', 'new', 'Low'],
      ['inconsistent access checks', 'new', 'Low'],
    ]);
    expect(themes[0]!.text).toBe(
      'Customer data separation gaps: 52 % of open exposure, new since 2026-Q1 (confidence low: 86.0 % of the software is checked regularly; only 3 open issues behind it).',
    );
  });

  it('judges direction against the exposure two periods earlier', () => {
    // The tenant findings were open at the end of 2026-Q1 too, with twice the weight now: rising.
    const older = INTERVALS.map((i) => (i.cwes.includes(639) ? { ...i, openedAt: d(-200) } : i));
    const extra = { ...older.find((i) => i.cwes.includes(639))!, findingId: 9999, fingerprint: 'fp-new', openedAt: d(10) };
    expect(board(sampleInputs({ intervals: [...older, extra] })).themes[0]).toMatchObject({ direction: 'rising' });
  });

  it('carries the asks in plain words, each once', () => {
    const b = board();
    expect(b.mandatory).toEqual([
      'Fix the overdue severe weaknesses on the most important systems of Reporting services.',
      "Fund the fixes that follow this quarter's most serious incidents in Reporting services.",
      'Name one accountable senior owner for customer data separation gaps in Reporting services.',
      'Bring fixing severe weaknesses on time back to target on the critical systems.',
      'Resolve 1 expired risk acceptance whose issues are still open.',
    ]);
    expect(new Set(b.recommended).size).toBe(b.recommended.length);
  });

  it('says the exception asks of several owners once, with their total, where the first came', () => {
    const inputs = sampleInputs();
    const ctx = reviewContext(inputs, judgeScorecard(inputs));
    const asks = writeAsks(ctx);
    const expired = asks.mandatory.find((a) => a.id === 'ask.exception-expired')!;
    // Two more owners, with 1 and 2 expired exceptions: the board names no owner.
    const more = [
      { ...expired, owner: 'bob', figures: { exceptions: 1, findings: 1 } },
      { ...expired, owner: 'carol', figures: { exceptions: 2, findings: 3 }, plain: 'Resolve 2 expired risk acceptances whose issues are still open.' },
    ];
    const b = writeBoard(ctx, { ...asks, mandatory: [...asks.mandatory, ...more] });
    expect(b.mandatory.filter((t) => /expired risk acceptance/.test(t))).toEqual(['Resolve 4 expired risk acceptances whose issues are still open.']);
    expect(b.mandatory.indexOf('Resolve 4 expired risk acceptances whose issues are still open.')).toBe(
      asks.mandatory.findIndex((a) => a.id === 'ask.exception-expired'),
    );
  });
});
