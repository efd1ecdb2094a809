import { describe, expect, it } from 'vitest';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
import { renderScorecardText, terminalRenderer } from './terminal.js';

const strip = (s: string) => s.replace(/\u001b\[\d+m/g, '');

describe('terminal report', () => {
  it('prints every rating in words, coloured or not: colour is never the only signal', async () => {
    const plain = String(await terminalRenderer.render(sampleReview(), { colour: false }));
    const coloured = String(await terminalRenderer.render(sampleReview(), { colour: true }));
    expect(strip(coloured)).toBe(plain);
    expect(coloured).toMatch(/\u001b\[31mYes/);
    expect(plain).toMatch(/Reporting services\s+Mixed\s+High\s+tenant-boundary logic gaps\s+Yes/);
  });

  it('shows the narrative, the asks with owners and the close', async () => {
    const text = String(await terminalRenderer.render(sampleReview()));
    expect(text).toContain('2. Where engineering time is being wasted');
    expect(text).toContain('— owner: owner needed (shared by team-data, team-reporting)');
    expect(text).toContain('Close\n  We have a platform consistency problem');
  });

  it('says the catalog is empty instead of printing empty scorecard tables', () => {
    const scorecard = sampleReview().scorecard!;
    const text = renderScorecardText({ ...scorecard, rows: [], lines: [] });
    expect(text).toBe(
      `Engineering leadership scorecard — ${scorecard.period.label}\n\nNo product areas or lines: the catalog is empty. Load it with \`secscore catalog import <file>\` (\`secscore init\` writes an example).`,
    );
    expect(renderScorecardText(scorecard)).toContain('Reporting services');
  });
});
