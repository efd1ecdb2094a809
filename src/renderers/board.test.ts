import { describe, expect, it } from 'vitest';
import type { Review } from '../scorecard/review.js';
import { reviewInputs } from '../scorecard/test-support/review-inputs.js';
import { sampleReview, SERVICES } from '../scorecard/test-support/sample-review.js';
import { RENDERERS } from './registry.js';
import { deckTexts } from './test-support/deck.js';

/** Words a board member should not have to know: tool, scanner, metric and security-engineering jargon. */
const JARGON = [
  'SAST',
  'SCA',
  'DAST',
  'CSPM',
  'CWE',
  'CVE',
  'SARIF',
  'IaC',
  'KPI',
  'SLA',
  'MTTR',
  'MTTD',
  'MTTC',
  'EPSS',
  'KEV',
  'CI',
  'CD',
  'SBOM',
  'IDOR',
  'CSP',
  'risk index',
  'risk_index',
  'false positive',
  'tier 0',
  'tier 1',
  'tier 0/1',
  'pipeline',
  'runbook',
  'n =',
  'p90',
  'fingerprint',
  'exception',
  'Trivy',
  'Semgrep',
  'Gitleaks',
  'CodeQL',
  'Checkov',
  'Dependabot',
  'semgrep',
  'trivy',
];

async function boardTexts(review: Review = sampleReview('board')): Promise<Record<string, string>> {
  const text = (s: string | Uint8Array) => String(s);
  const html = text(await RENDERERS.html.render(review))
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ');
  return {
    md: text(await RENDERERS.md.render(review)),
    html,
    terminal: text(await RENDERERS.terminal.render(review)),
    pptx: (await deckTexts((await RENDERERS.pptx.render(review)) as Uint8Array)).join('\n'),
  };
}

describe('board summary', () => {
  it.each(JARGON)('does not say "%s" in any format', async (word) => {
    const pattern = new RegExp(`(^|[^A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[^A-Za-z0-9_])`, /^[A-Z]+$/.test(word) ? '' : 'i');
    for (const [format, text] of Object.entries(await boardTexts())) expect(pattern.test(text), `${format}: ${text.match(pattern)?.[0] ?? ''}`).toBe(false);
  });

  it('states posture direction, material risk themes with direction and confidence, and asks', async () => {
    const { md } = await boardTexts();
    expect(md).toContain('## Security posture');
    expect(md).toContain('| customer data separation gaps | 52 % | new | Low |');
    expect(md).toContain('### Mandatory this quarter');
  });

  it('says No data for the risk themes, never "no material theme", when no scan results were loaded', async () => {
    const review = sampleReview('board', {}, reviewInputs({ services: SERVICES, loaded: ['catalog'] }));
    for (const [format, text] of Object.entries(await boardTexts(review))) {
      expect(text, format).toContain('No data: no security testing results cover this period, so the risk themes are not known.');
      expect(text, format).not.toContain('No risk theme holds a material share');
    }
  });
});
