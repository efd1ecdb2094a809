import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Audience, EvidenceFinding } from '../scorecard/review.js';
import { PAYLOAD, payloadInputs, sampleReview } from '../scorecard/test-support/sample-review.js';
import { riskVsCountChart } from './charts.js';
import { esc } from './html.js';
import { safeJson } from './json.js';
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

/**
 * A right-to-left override (U+202E) would show the title as 'Invoice exe.pdf ok'; the other
 * bidirectional formatting characters after it. As a finding's title (the evidence), an area's
 * and a service's name, so that every format shows it.
 */
const BIDI = 'Invoice \u202Efdp.exe\u202C ok \u202A\u202B\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
const ANY_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function bidiReview(audience: Audience = 'vp-eng') {
  const r = sampleReview(audience, audience === 'product-eng' ? { areas: [BIDI] } : {}, payloadInputs(BIDI));
  const titled = (list: readonly EvidenceFinding[]) => list.map((f) => ({ ...f, title: BIDI }));
  return r.evidence ? { ...r, evidence: { ...r.evidence, overdueCriticals: titled(r.evidence.overdueCriticals), reopened: titled(r.evidence.reopened) } } : r;
}

describe('bidirectional formatting characters in untrusted text cannot reorder what a reader sees', () => {
  it.each(AUDIENCES)('in HTML (%s): dropped', async (audience) => {
    const html = String(await RENDERERS.html.render(bidiReview(audience)));
    expect(html).not.toMatch(ANY_BIDI);
    expect(html).toContain('Invoice fdp.exe ok');
  });

  it('in the HTML charts: dropped from the labels ECharts draws', () => {
    const svg = riskVsCountChart([{ scope: 'area', name: BIDI, riskIndex: 40, openCount: 3 }], 'risk', esc)!;
    expect(svg).not.toMatch(ANY_BIDI);
    expect(svg).toContain('>Invoice fdp.exe ok </text>');
  });

  it.each(AUDIENCES)('in Markdown (%s): dropped', async (audience) => {
    const md = String(await RENDERERS.md.render(bidiReview(audience)));
    expect(md).not.toMatch(ANY_BIDI);
    expect(md).toContain('Invoice fdp.exe ok');
  });

  it.each(AUDIENCES)('in PPTX (%s): dropped', async (audience) => {
    const parts = await slidesXml((await RENDERERS.pptx.render(bidiReview(audience))) as Uint8Array);
    for (const [name, xml] of Object.entries(parts)) expect(xml, name).not.toMatch(ANY_BIDI);
    if (audience !== 'board') expect(Object.values(parts).join('')).toContain('Invoice fdp.exe ok');
  });

  it.each(AUDIENCES)('in the terminal (%s): a space each, as for control characters', async (audience) => {
    const text = String(await RENDERERS.terminal.render(bidiReview(audience)));
    expect(text).not.toMatch(ANY_BIDI);
    if (audience !== 'board') expect(text).toContain('Invoice  fdp.exe  ok');
  });

  it('in JSON: written as \\u escapes, as C1 control characters are, and the title parses back whole', async () => {
    const r = bidiReview();
    const json = String(await RENDERERS.json.render(r));
    expect(json).not.toMatch(ANY_BIDI);
    expect(json).toContain('Invoice \\u202efdp.exe\\u202c ok');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(JSON.parse(json).evidence.overdueCriticals[0].title).toBe(BIDI);
    // C1 control characters too, which JSON.stringify leaves raw (a CSI, U+009B, recolours some terminals).
    expect(safeJson({ title: 'a\u009b31mb' })).toBe('{\n  "title": "a\\u009b31mb"\n}');
  });
});

/** Cells of a Markdown table row: pipes not preceded by a backslash. */
function cells(line: string): number {
  return line.split(/(?<!\\)\|/).length;
}
