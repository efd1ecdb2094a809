import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Audience } from '../scorecard/review.js';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
import { pptxRenderer } from './pptx.js';
import { deckTexts } from './test-support/deck.js';

const deck = async (audience: Audience) => deckTexts((await pptxRenderer.render(sampleReview(audience))) as Uint8Array);

describe('PPTX deck', () => {
  it('opens as a zip with the slides of the review: title, scorecard, product lines, narrative, asks, close', async () => {
    const texts = await deck('vp-eng');
    expect(texts).toHaveLength(6);
    expect(texts[0]).toBe(
      'Security engineering review — 2026-Q3 2026-07-01 to 2026-10-01 (end exclusive) · for the VP Engineering 1 of 3 areas need escalation · 5 mandatory and 3 recommended asks Data loaded: catalog, findings. Figures without their data say "No data".',
    );
    expect(texts[1]).toMatch(
      /^Engineering leadership scorecard .*Product \/ Platform area Release gate health Review latency Top failure mode Escalation needed Core API services Good Moderate authorization consistency checks Maybe/,
    );
    expect(texts[2]).toMatch(/^Product-line view .*Reporting Worsening Still higher blast radius than its raw issue count suggests 1 2/);
    expect(texts[3]).toContain('1. Where engineering is doing well');
    expect(texts[3]).toContain('Teams on standard platform paths generate fewer escalations');
    expect(texts[4]).toMatch(/What we need from engineering Mandatory this quarter .* — Owner: team-reporting/);
    expect(texts[5]).toMatch(/^Close We have a platform consistency problem/);
  });

  it('gives the board three slides in plain words', async () => {
    const texts = await deck('board');
    expect(texts).toHaveLength(3);
    expect(texts[1]).toMatch(/^Security posture and material risks .*Security posture is steady to improving/);
    expect(texts[2]).toMatch(/^What we ask Mandatory this quarter Fix the overdue severe weaknesses/);
  });

  it('says how many items did not fit on a slide', async () => {
    const texts = await deck('vp-eng');
    // The sample has 5 friction sources and 5 well-doing statements: all fit; 8 asks in two lists: all fit.
    expect(texts.join(' ')).not.toMatch(/more in the full report/);
  });

  it('is the same bytes for the same review written at the same moment, dated at that moment', async () => {
    // Not the clock of the machine: a deck dated by the clock would differ from the second one.
    const at = Date.parse('2026-10-05T08:30:00Z');
    const first = (await pptxRenderer.render(sampleReview('vp-eng'), { now: at })) as Uint8Array;
    const second = (await pptxRenderer.render(sampleReview('vp-eng'), { now: at })) as Uint8Array;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const zip = await JSZip.loadAsync(first);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-10-05T08:30:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-10-05T08:30:00Z</dcterms:modified>');
    expect(new Set(Object.values(zip.files).map((f) => f.date.toISOString()))).toEqual(new Set(['2026-10-05T08:30:00.000Z']));
    // Written at another moment, the deck says so (and only its dates differ).
    const later = (await pptxRenderer.render(sampleReview('vp-eng'), { now: at + 86_400_000 })) as Uint8Array;
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(false);
    expect(await deckTexts(later)).toEqual(await deckTexts(first));
  });
});
