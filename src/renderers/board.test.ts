import { describe, expect, it } from 'vitest';
import { sampleReview } from '../scorecard/test-support/sample-review.js';
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

async function boardTexts(): Promise<Record<string, string>> {
  const review = sampleReview('board');
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
});
