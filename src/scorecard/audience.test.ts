import { describe, expect, it } from 'vitest';
import type { JudgedReview } from './review.js';
import { sampleReview } from './test-support/sample-review.js';

describe('audiences', () => {
  it.each([
    ['vp-eng', ['scorecard', 'product-lines', 'narrative', 'asks', 'close', 'kpis', 'evidence']],
    ['platform', ['scorecard', 'platform', 'narrative', 'asks', 'close', 'product-lines', 'kpis', 'evidence']],
    ['product-eng', ['scorecard', 'drill-down', 'narrative', 'asks', 'product-lines', 'kpis', 'evidence']],
    ['board', ['board']],
  ] as const)('%s reads these sections, in this order', (audience, sections) => {
    const r = sampleReview(audience);
    expect(r.sections).toEqual(sections);
    // A section not read is not carried either.
    expect(r.board === null).toBe(audience !== 'board');
    expect(r.platform === null).toBe(audience !== 'platform');
    expect(r.drillDown === null).toBe(audience !== 'product-eng');
  });

  it('puts platform areas first for the Director of Platform Engineering, and pipeline friction first in the narrative', () => {
    const r = sampleReview('platform');
    expect(r.scorecard!.rows.map((x) => x.area)).toEqual(['Platform foundation', 'Core API services', 'Reporting services']);
    expect(r.narrative!.wasted[0]!.id).toBe('wasted.pipelines');
    expect(r.platform!.templates!.map((t) => [t.template, t.standard])).toEqual([
      ['standard', true],
      ['legacy-jenkins', false],
      ['custom-deploy', false],
    ]);
    // Ranked recommendations keep their rank order for every audience.
    expect(r.narrative!.next.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it("limits a product engineering director's review to their areas, with drill-down by service", () => {
    const r = sampleReview('product-eng', { areas: ['Reporting services'] });
    expect(r.title).toBe('Security review for Reporting services — 2026-Q3');
    expect(r.scorecard!.rows.map((x) => x.area)).toEqual(['Reporting services']);
    expect(r.scorecard!.lines.map((x) => x.line)).toEqual(['Reporting']);
    expect(r.drillDown!.map((x) => [x.area, x.services.map((s) => s.id)])).toEqual([['Reporting services', ['export-service', 'report-ui', 'legacy-batch']]]);
    expect(r.drillDown![0]!.services[0]).toMatchObject({
      id: 'export-service',
      openFindings: 3,
      riskWeight: 80,
      overdueCriticals: 1,
      topFamily: 'tenant-boundary logic gaps',
    });
    for (const a of [...r.asks!.mandatory, ...r.asks!.recommended]) expect(a.areas).toContain('Reporting services');
    for (const s of [...r.narrative!.well, ...r.narrative!.wasted, ...r.narrative!.next])
      expect(s.areas.length === 0 || s.areas.includes('Reporting services')).toBe(true);
    expect(r.kpis!.byArea.groups.map((g) => g.key)).toEqual(['Reporting services']);
  });

  it("rolls up asks of one kind over many areas for the company's review, but not a director's own", () => {
    const areas = ['Core API services', 'Platform foundation', 'Reporting services', 'Area 4', 'Area 5', 'Area 6'];
    const many = (j: JudgedReview): JudgedReview => {
      const template = j.asks.mandatory.find((a) => a.id === 'ask.overdue-criticals')!;
      const overdue = areas.map((area, i) => ({
        ...template,
        text: `Clear in ${area}.`,
        areas: [area],
        figures: { ...template.figures, area, exposedOverdue: 10 - i },
      }));
      return { ...j, asks: { ...j.asks, mandatory: [...overdue, ...j.asks.mandatory.filter((a) => a.id !== 'ask.overdue-criticals')] } };
    };
    const company = sampleReview('vp-eng', {}, undefined, many).asks!.mandatory.filter((a) => a.id.startsWith('ask.overdue-criticals'));
    expect(company.map((a) => a.areas)).toEqual([['Core API services'], ['Platform foundation'], ['Reporting services'], ['Area 4', 'Area 5', 'Area 6']]);
    expect(company[3]!.id).toBe('ask.overdue-criticals.more');
    const director = sampleReview('product-eng', { areas: ['Area 5', 'Area 6'] }, undefined, many).asks!.mandatory;
    expect(director.map((a) => [a.id, a.text])).toEqual([
      ['ask.overdue-criticals', 'Clear in Area 5.'],
      ['ask.overdue-criticals', 'Clear in Area 6.'],
    ]);
  });

  it('takes several areas', () => {
    const r = sampleReview('product-eng', { areas: ['Reporting services', 'Core API services'] });
    expect(r.scorecard!.rows.map((x) => x.area)).toEqual(['Core API services', 'Reporting services']);
  });

  it('gives the board only the board summary, and no engineering evidence', () => {
    const r = sampleReview('board');
    expect(r).toMatchObject({ scorecard: null, narrative: null, asks: null, kpis: null, evidence: null });
    expect(r.board!.mandatory.length).toBeGreaterThan(0);
  });

  it('collects every evidence reference its statements cite, each once', () => {
    const r = sampleReview('vp-eng');
    const cited = [
      ...r.narrative!.well,
      ...r.narrative!.wasted,
      ...r.narrative!.next,
      ...r.asks!.mandatory,
      ...r.asks!.recommended,
      ...r.close!.sentences,
    ].flatMap((s) => s.evidence.map((e) => e.ref));
    expect(r.refs.map((e) => e.ref).sort()).toEqual([...new Set(cited)].sort());
  });
});
