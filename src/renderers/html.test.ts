import { describe, expect, it } from 'vitest';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
import { htmlRenderer } from './html.js';

const render = async (audience: Parameters<typeof sampleReview>[0] = 'vp-eng') => String(await htmlRenderer.render(sampleReview(audience)));

describe('HTML report', () => {
  it('is one self-contained file: nothing to fetch, no script, a policy forbidding both', async () => {
    const html = await render();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import/i);
    expect(html).not.toMatch(/\s(src|href|action|poster|srcset)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:|\/\/)/i);
  });

  it('draws the KPI trends, the scorecard heat-map and risk index against raw count as inline SVG', async () => {
    const html = await render();
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    // 4 company KPIs with data + heat-map + risk vs count; security_review_latency has none in any period.
    expect(svgs).toHaveLength(6);
    expect(html).toContain('No data in any of the four periods: security_review_latency.');
    // Ids inside each chart are its own, so clip paths never cross charts.
    const ids = svgs.flatMap((s) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('<title id="heatmap-title">Scorecard heat-map: Core API services: gate Good, latency Moderate, escalation Maybe;');
  });

  it('links every cell and statement to its evidence, and every link lands', async () => {
    const html = await render();
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    expect(targets.length).toBeGreaterThan(40);
    for (const t of targets) expect(ids, t).toContain(t);
    expect(html).toMatch(/<dt id="cell-1">Core API services — Release gate health: Good<\/dt><dd>gate coverage 92\.0 % of 30 tier 0\/1 production releases/);
  });

  it('says each rating in words inside its coloured cell', async () => {
    const html = await render();
    for (const rating of ['Good', 'Moderate', 'Improving', 'Low', 'Mixed', 'High', 'Maybe', 'Yes', 'No'])
      expect(html).toMatch(new RegExp(`<td class="tone tone-(good|warn|bad)"><a href="#cell-\\d+">${rating}</a></td>`));
  });

  it('prints cleanly: print rules hide navigation and keep tables and charts whole', async () => {
    const html = await render();
    expect(html).toMatch(/@media print \{[\s\S]*nav \{ display: none; \}[\s\S]*table, figure, blockquote, \.asks > div \{ break-inside: avoid; \}/);
    expect(html).toContain('print-color-adjust: exact');
  });

  it('gives the board no engineering detail', async () => {
    const html = await render('board');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('Data loaded');
    expect(html).toContain('<h3>Material risk themes</h3>');
  });
});
