import { describe, expect, it } from 'vitest';
import { P } from '../kpis/test-support/kpi-input.js';
import { writeClose } from './close.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { report, row } from './test-support/review-inputs.js';
import { sampleInputs, sampleReports, SERVICES } from './test-support/sample-review.js';

function close(inputs: ReviewInputs = sampleInputs()) {
  return writeClose(reviewContext(inputs, judgeScorecard(inputs)));
}

describe('close', () => {
  it('names the two strongest problem classes and their paths, from the figures', () => {
    // Platform: non-standard templates run 32 % of runs but make 100 % of bypasses, 2.1× the 1.5 ratio; the heaviest
    // service (1 of 7) holds 52 % of the risk index, 1.04× the 50 % share; 1 of 7 unscanned is 1.43× a 10 % threshold.
    expect(close().classes.map((x) => [x.id, Math.round(x.strength * 100) / 100])).toEqual([
      ['platform-consistency', 2.1],
      ['baseline-coverage', 1.43],
      ['shared-service-concentration', 1.04],
    ]);
    const c = close(sampleInputs({ review: { longTailShare: 0.5 } }));
    expect(c.sentences.map((s) => s.text)).toEqual([
      'We have a platform consistency problem and a shared-service concentration problem.',
      'The most efficient path now is not more scattered review hours: it is stronger standard paths (2 services still on custom pipeline templates) and clearer ownership in the 1 shared service (export-service) that holds 52 % of the open risk, where defects can scale across customers.',
    ]);
  });

  it('says the critical teams are not the problem when tier 0 and 1 meet the critical SLA target', () => {
    const reports = sampleReports();
    const meets = report(P, 'tier', {
      '0': [row('critical_sla_compliance', 95)],
      '1': [row('critical_sla_compliance', 92)],
    });
    const c = close(sampleInputs({ reports: { ...reports, byTier: meets } }));
    expect(c.sentences[0]!.text).toBe('We do not have a security awareness problem in the critical teams: critical SLA compliance is 95.0 % on tier 0 and 92.0 % on tier 1 services, against a target of ≥ 90 %.');
    expect(c.sentences).toHaveLength(3);
  });

  it('calls it risk concentration when the heaviest services have single owners', () => {
    const single = SERVICES.map((s) => ({ ...s, owners: [s.owners[0]!] }));
    expect(close(sampleInputs({ services: single })).classes.map((x) => x.id)).toContain('risk-concentration');
  });

  it('names remediation throughput when company SLA compliance misses its target', () => {
    const reports = sampleReports();
    const company = [...reports.company!];
    company[3] = report(P, 'company', { company: [row('critical_sla_compliance', 50, { status: 'misses' })] });
    expect(close(sampleInputs({ reports: { ...reports, company } })).classes.map((x) => x.id)).toContain('remediation-throughput');
  });

  it('falls back to the overall trend when no class reaches its threshold, and says nothing without data', () => {
    const quiet = sampleInputs({ operational: { incidents: null, pipelineRuns: null, alerts: null }, intervals: [], review: { longTailShare: 1 } });
    const c = close({ ...quiet, reports: { ...quiet.reports, cohorts: report(P, 'company', {}) } });
    expect(c.classes).toEqual([]);
    expect(c.sentences.map((s) => s.id)).toEqual(['close.none']);
    expect(c.sentences[0]!.text).toMatch(/^No problem class reaches its threshold in 2026-Q3; the overall trend is flat to improving \(risk index 280 → 240 \(better\)/);
    const empty = sampleInputs({ intervals: [], scans: [], loaded: ['catalog'], operational: { incidents: null, pipelineRuns: null, alerts: null }, reports: {} });
    expect(close(empty).sentences).toEqual([]);
  });
});
