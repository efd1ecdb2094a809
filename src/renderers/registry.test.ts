import { describe, expect, it } from 'vitest';
import { AUDIENCES } from '../scorecard/review.js';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
import { FILE_FORMATS, isReportFormat, RENDERERS, REPORT_FORMATS } from './registry.js';

describe('renderer registry', () => {
  it('has exactly the --format choices as keys, each with its extension', () => {
    expect(REPORT_FORMATS).toEqual(['md', 'html', 'json', 'pptx', 'terminal']);
    expect(Object.fromEntries(REPORT_FORMATS.map((f) => [f, [RENDERERS[f].extension, RENDERERS[f].binary]]))).toEqual({
      md: ['md', false],
      html: ['html', false],
      json: ['json', false],
      pptx: ['pptx', true],
      terminal: ['txt', false],
    });
    expect(FILE_FORMATS).toEqual(['md', 'html', 'pptx', 'json']);
    expect(isReportFormat('pdf')).toBe(false);
    expect(isReportFormat('toString')).toBe(false);
  });

  it.each(REPORT_FORMATS.flatMap((f) => AUDIENCES.map((a) => [f, a] as const)))('renders %s for %s', async (format, audience) => {
    const out = await RENDERERS[format].render(sampleReview(audience));
    expect(out.length).toBeGreaterThan(500);
    expect(typeof out === 'string').toBe(!RENDERERS[format].binary);
  });
});
