import { describe, expect, it } from 'vitest';
import { P, service } from '../kpis/test-support/kpi-input.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { writeNarrative } from './narrative.js';
import { sampleInputs, sampleReports, SERVICES } from './test-support/sample-review.js';
import { report, row } from './test-support/review-inputs.js';

function narrative(inputs: ReviewInputs = sampleInputs()) {
  return writeNarrative(reviewContext(inputs, judgeScorecard(inputs)));
}
const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);
const cohorts = (paved: number | null, other: number | null) =>
  report(P, 'company', {
    'paved-road': [row('security_review_latency', paved, { unit: 'business days' })],
    other: [row('security_review_latency', other, { unit: 'business days' })],
  });

describe('narrative: where engineering is doing well', () => {
  it('compares paved-road services with the rest on escalations and review latency, with the figures', () => {
    const paved = narrative().well.find((s) => s.id === 'well.paved-road')!;
    expect(paved.text).toBe(
      'Teams on standard platform paths generate fewer escalations and move faster through review: 0 of 3 paved-road services have an escalation against 1 of 3 others (0 % vs 33 %); security reviews took a median 1.5 business days against 4.',
    );
    // legacy-batch, never scanned, is not judged: its escalation is No data, not No.
    expect(paved.figures).toMatchObject({ pavedEscalated: 0, pavedJudged: 3, otherEscalated: 1, otherJudged: 3, pavedLatency: 1.5, otherLatency: 4 });
    expect(paved.evidence.map((e) => e.ref)).toContain('cohort:paved-road');
  });

  it.each([
    {
      name: 'states only the escalations when review latency has no data',
      latency: cohorts(null, null),
      text: /^Teams on standard platform paths generate fewer escalations: /,
    },
    { name: 'leaves the statement out when the paved road reviews slower', latency: cohorts(5, 2), text: null },
    { name: 'states both when paved review is at least 10 % faster', latency: cohorts(3.6, 4), text: /and move faster through review/ },
    { name: 'states only escalations when review is within 10 %', latency: cohorts(3.7, 4), text: /fewer escalations: [^;]*\.$/ },
  ])('$name', ({ latency, text }) => {
    const s = narrative(sampleInputs({ reports: { ...sampleReports(), cohorts: latency } })).well.find((x) => x.id === 'well.paved-road');
    if (text === null) expect(s).toBeUndefined();
    else expect(s?.text).toMatch(text);
  });

  it('needs enough services on each side to compare', () => {
    const one = SERVICES.map((s) => (s.id === 'ledger' || s.id === 'artifacts' ? { ...s, tags: [] } : s));
    expect(ids(narrative(sampleInputs({ services: one })).well)).not.toContain('well.paved-road');
  });

  it('names improving lines, improving release gates and KPIs that meet and improve', () => {
    expect(ids(narrative().well)).toEqual(['well.paved-road', 'well.line-trend', 'well.gate-improving', 'well.kpi']);
  });
});

describe('narrative: where engineering time is being wasted', () => {
  it('states every friction source with its share, largest share first', () => {
    const wasted = narrative().wasted;
    expect(ids(wasted)).toEqual(['wasted.pipelines', 'wasted.shared-authorization', 'wasted.runbooks', 'wasted.noisy-scans', 'wasted.long-tail']);
    expect(wasted[0]!.text).toBe(
      'Custom or legacy pipeline templates (legacy-jenkins and custom-deploy) ran 32 % of 220 pipeline runs but produced 92 % of security-stage failures, 100 % of bypasses and 88 % of tool errors.',
    );
    // export-service: 1 critical (10×2×2 = 40) + 2 high (5×2×2 = 20 each) = 80 of all 80 tenant + billing authz 60 → 80 / 140 = 57 %; of all open risk 80 / 154 = 52 %.
    expect(wasted[1]!.text).toContain('holds 3 open authorization findings, 57 % of the authorization risk and 52 % of all open risk');
    expect(wasted[2]!.text).toBe(
      'Investigations triggered by telemetry run without clear runbooks: 15 of 30 alerts dispositioned in 2026-Q3 (50 %) named no runbook, most from egress-anomaly (15); 1 of 2 incidents (INC-1) had none either.',
    );
    for (let i = 1; i < wasted.length; i++) expect(wasted[i - 1]!.costShare).toBeGreaterThanOrEqual(wasted[i]!.costShare);
  });

  it.each([
    ['pipeline runs never loaded', { pipelineRuns: null }, 'wasted.pipelines'],
    ['alerts and incidents never loaded', { alerts: null, incidents: null }, 'wasted.runbooks'],
  ] as const)('leaves a source out when its records were %s — never states it as zero', (_, operational, id) => {
    const inputs = sampleInputs();
    const n = narrative({ ...inputs, operational: { ...inputs.operational, ...operational } });
    expect(ids(n.wasted)).not.toContain(id);
  });

  it('leaves non-standard pipelines out when their trouble is proportional to their runs', () => {
    const inputs = sampleInputs();
    const fair = [
      { serviceId: 'billing-api', template: 'standard', runs: 100, releases: 1, failed: 10, bypassed: 5, toolErrors: 4, absent: 0 },
      { serviceId: 'runners', template: 'legacy-jenkins', runs: 100, releases: 1, failed: 10, bypassed: 5, toolErrors: 5, absent: 0 },
    ];
    expect(ids(narrative({ ...inputs, operational: { ...inputs.operational, pipelineRuns: fair } }).wasted)).not.toContain('wasted.pipelines');
  });

  it('names no shared-service authorization problem when every service has one owner', () => {
    const single = SERVICES.map((s) => ({ ...s, owners: [s.owners[0]!] }));
    expect(ids(narrative(sampleInputs({ services: single })).wasted)).not.toContain('wasted.shared-authorization');
  });

  it('states the long tail only from the configured share of unscanned services', () => {
    expect(ids(narrative(sampleInputs({ review: { longTailShare: 0.2 } })).wasted)).not.toContain('wasted.long-tail');
  });
});

describe('narrative: what engineering should do next', () => {
  it('ranks recommendations by the share of the risk index they address, unmeasurable ones last', () => {
    const next = narrative(sampleInputs({ review: { maxRecommendations: 20 } })).next;
    const measured = next.filter((r) => r.riskShare !== null);
    for (let i = 1; i < measured.length; i++) expect(measured[i - 1]!.riskShare!).toBeGreaterThanOrEqual(measured[i]!.riskShare!);
    expect(next.map((r) => r.rank)).toEqual(next.map((_, i) => i + 1));
    expect(next.slice(-2).map((r) => [r.id, r.riskShare])).toEqual([
      ['next.long-tail', null],
      ['next.runbooks', null],
    ]);
    expect(next[0]).toMatchObject({ id: 'next.exceptions', riskShare: 100 / 154 });
  });

  it('keeps the configured number of recommendations', () => {
    expect(narrative().next).toHaveLength(5);
  });

  it('ties each failure-mode recommendation to its scorecard cell', () => {
    const r = narrative().next.find((x) => x.id === 'next.failure-mode' && x.areas[0] === 'Reporting services')!;
    expect(r.text).toBe('Prioritise tenant-boundary logic gaps work in Reporting services: its 3 open findings there carry 51.9 % of the open risk index.');
    expect(r.evidence[0]!.ref).toBe('cell:Reporting services:topFailureMode');
  });
});

describe('narrative without data', () => {
  it('states nothing at all — no zero, no n/a — when nothing was loaded', () => {
    const inputs = sampleInputs({
      intervals: [],
      scans: [],
      exceptions: [],
      loaded: ['catalog'],
      operational: { incidents: null, pipelineRuns: null, alerts: null },
      reports: {},
    });
    const n = narrative(inputs);
    expect([...n.well, ...n.wasted, ...n.next]).toEqual([]);
  });

  it('never writes a placeholder into a sentence', () => {
    const n = narrative(
      sampleInputs({ services: [...SERVICES, service('lonely', { area: 'Reporting services', line: 'Reporting', repos: [] })], intervals: [], scans: [] }),
    );
    for (const s of [...n.well, ...n.wasted, ...n.next]) expect(s.text).not.toMatch(/\bn\/a\b|NaN|undefined|null|Infinity/);
  });
});
