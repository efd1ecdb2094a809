import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Audience } from '../scorecard/review.js';
import { PAYLOAD, payloadInputs, sampleReview } from '../scorecard/test-support/sample-review.js';
import { RENDERERS } from './registry.js';

/**
 * A finding title, an area name and a service name carrying HTML, script, Markdown and
 * formula payloads must come out inert in every format.
 */
const review = (audience: Audience = 'vp-eng') => sampleReview(audience, audience === 'product-eng' ? { areas: [PAYLOAD] } : {}, payloadInputs());
const AUDIENCES: Audience[] = ['vp-eng', 'platform', 'product-eng', 'board'];

async function slidesXml(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) out[name] = await zip.file(name)!.async('string');
  return out;
}

describe('untrusted text stays inert', () => {
  it.each(AUDIENCES)('in HTML (%s): no element, attribute, script or link comes from the payload', async (audience) => {
    const html = String(await RENDERERS.html.render(review(audience)));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    expect(html).not.toContain('\u001b');
    if (audience !== 'board')
      expect(html).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; [x](javascript:alert(3)) | pipes | `code` =HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)',
      );
  });

  it.each(AUDIENCES)('in Markdown (%s): HTML escaped, links and tables cannot form', async (audience) => {
    const md = String(await RENDERERS.md.render(review(audience)));
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).not.toContain('\u001b');
    expect(md).not.toMatch(/(^|[^\\])`code/);
    if (audience !== 'board') expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    if (audience !== 'board') expect(md).toContain('\\[x\\](javascript:alert(3)) \\| pipes \\| \\`code\\`');
    // Every table row keeps its column count: the payload's pipes are escaped.
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\|---/.test(lines[i]!)) continue;
      const columns = cells(lines[i - 1]!);
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++) expect(cells(lines[j]!), lines[j]).toBe(columns);
    }
  });

  it('in JSON: the payload round-trips exactly, and no raw angle bracket is written', async () => {
    const r = review();
    const json = String(await RENDERERS.json.render(r));
    expect(json).not.toMatch(/[<>]/);
    expect(json).not.toContain('\u001b');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(JSON.parse(json).scorecard.rows.map((x: { area: string }) => x.area)).toContain(PAYLOAD);
  });

  it.each(AUDIENCES)('in PPTX (%s): XML stays well-formed, text escaped, no hyperlink created', async (audience) => {
    const parts = await slidesXml((await RENDERERS.pptx.render(review(audience))) as Uint8Array);
    for (const [name, xml] of Object.entries(parts)) {
      expect(XMLValidator.validate(xml), name).toBe(true);
      expect(xml, name).not.toMatch(/<script|<img|hlinkClick|hlinkHover|TargetMode="External"/i);
      expect(xml, name).not.toContain('\u001b');
    }
    if (audience !== 'board') {
      const slides = Object.entries(parts)
        .filter(([n]) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
        .map(([, x]) => x)
        .join('');
      expect(slides).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; [x](javascript:alert(3)) | pipes | `code` =HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)',
      );
    }
  });

  it.each([false, true])('in the terminal (colour %s): no control sequence from the payload', async (colour) => {
    const text = String(await RENDERERS.terminal.render(review(), { colour }));
    expect(text).not.toContain('\u001b[2J');
    // Only colour sequences, and only when asked for.
    const escapes = text.match(/\u001b\[[0-9;]*[A-Za-z]/g) ?? [];
    expect(escapes.every((e) => /^\u001b\[\d+m$/.test(e))).toBe(true);
    expect(escapes.length > 0).toBe(colour);
    expect(text).toContain('<script>alert(1)</script>');
  });
});

/** Cells of a Markdown table row: pipes not preceded by a backslash. */
function cells(line: string): number {
  return line.split(/(?<!\\)\|/).length;
}
