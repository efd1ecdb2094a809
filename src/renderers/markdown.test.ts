import { describe, expect, it } from 'vitest';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
import { markdownRenderer } from './markdown.js';
import { mdText } from './markdown-text.js';

const render = async (audience: Parameters<typeof sampleReview>[0] = 'vp-eng') => String(await markdownRenderer.render(sampleReview(audience)));

describe('Markdown report', () => {
  it('has the sections of the worked example, in order', async () => {
    const headings = (await render()).split('\n').filter((l) => /^#{2,3} /.test(l));
    expect(headings.slice(0, 10)).toEqual([
      '## Engineering leadership scorecard',
      '## Product-line view',
      '## Engineering narrative',
      '### 1. Where engineering is doing well',
      '### 2. Where engineering time is being wasted',
      '### 3. What engineering should do next',
      '## What we need from engineering',
      '### Mandatory this quarter',
      '### Recommended this quarter',
      '## Close',
    ]);
  });

  it('writes the scorecard as a pipe table with every rating in words and a footnote per cell', async () => {
    const md = await render();
    expect(md).toContain('| Reporting services | 🟡 Mixed [^9] | 🔴 High [^10] | tenant-boundary logic gaps [^11] | 🔴 Yes [^12] |');
  });

  it('defines every footnote it cites, once', async () => {
    const md = await render();
    const cited = new Set([...md.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => m[1]));
    const defined = [...md.matchAll(/^\[\^(\d+)\]:/gm)].map((m) => m[1]);
    expect(new Set(defined).size).toBe(defined.length);
    expect([...cited].sort()).toEqual([...defined].sort());
  });

  it.each([
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['[a](javascript:x)', '\\[a\\](javascript:x)'],
    ['a | b', 'a \\| b'],
    ['`x`', '\\`x\\`'],
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['*bold* _em_', '\\*bold\\* \\_em\\_'],
    ['@team', '\\@team'],
    ['line\nbreak', 'line break'],
    ['bell\u0007', 'bell'],
  ])('escapes %j as %j', (raw, escaped) => {
    expect(mdText(raw)).toBe(escaped);
  });
});
