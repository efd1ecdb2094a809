import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { emptyRecords } from '../domain/records.js';
import { dh, review, run } from '../kpis/test-support/delivery-records.js';
import { d, interval, P, service } from '../kpis/test-support/kpi-input.js';
import { readMetric } from '../scorecard/metrics.js';
import { judgeScorecard } from '../scorecard/judge-scorecard.js';
import { PAVED_ROAD } from '../scorecard/inputs.js';
import { defaultTaxonomy } from '../scorecard/taxonomy.js';
import type { Policy } from '../domain/policy.js';
import { JUDGED_PER_GROUPING } from '../scorecard/judge-scorecard.js';
import type { ReviewInputs } from '../scorecard/inputs.js';
import { judgeReview } from '../scorecard/review.js';
import { judgedMetrics, reviewInputsFromFacts } from './build-review.js';
import { kpiSeriesFromFacts } from './compute-kpis.js';
import type { Facts } from './load-facts.js';

/** Area A ships gated releases and reviews fast; area B has one slow review and no releases. */
function facts(): Facts {
  const services = [
    service('a1', { area: 'A', tier: 0, tags: [`${DEFAULT_SETTINGS.review.pavedRoadTagPrefix}deploy`] }),
    service('a2', { area: 'A', tier: 1 }),
    service('b1', { area: 'B', tier: 1 }),
  ];
  const runs = [0, 1, 2, 3].map((n) => run({ serviceId: n % 2 === 0 ? 'a1' : 'a2', release: true, securityStage: 'passed', startedAt: dh(10 + n) }));
  return {
    catalog: {
      lines: [{ name: 'L', owners: [] }],
      areas: [
        { name: 'A', line: 'L', owners: [] },
        { name: 'B', line: 'L', owners: [] },
      ],
      services,
    },
    intervals: [],
    scans: [],
    exceptions: [],
    loaded: new Set(['catalog', 'findings', 'pipeline-runs', 'design-reviews']),
    records: {
      ...emptyRecords(),
      pipelineRuns: runs,
      designReviews: [
        review({ serviceId: 'a1', requestedAt: dh(5), completedAt: dh(6, 12) }), // Mon -> Tue noon: 1.5
        review({ serviceId: 'b1', requestedAt: dh(0), completedAt: dh(7) }), // Wed -> Wed: 5
      ],
    },
    taxonomy: defaultTaxonomy(),
  };
}

describe('judging reads the computed scorecard metrics', () => {
  it('rates release gates and review latency per area from gate_* and security_review_latency', () => {
    const inputs = reviewInputsFromFacts(facts(), DEFAULT_SETTINGS, P);
    const [a, b] = judgeScorecard(inputs).rows;
    // A: 4 tier 0/1 releases, all gated, none bypassed, no tool error -> Good; latency 1.5 <= 2 -> Low.
    expect(a!.releaseGateHealth.value).toBe('Good');
    expect(a!.releaseGateHealth.evidence[0]).toContain('gate coverage 100.0 % of 4 tier 0/1 production releases');
    expect(a!.reviewLatency).toMatchObject({ value: 'Low', evidence: ['median 1.5 business days over 1 security reviews'] });
    // B: no release in P -> No data with the metric's own reason, not "not computed"; latency 5 -> Moderate.
    expect(b!.releaseGateHealth.value).toBe('No data');
    expect(b!.releaseGateHealth.evidence[0]).toBe('gate_coverage: no production releases of tier 0/1 services started in the period');
    expect(b!.reviewLatency.value).toBe('Moderate');
  });

  it('gives the paved-road cohort its own review latency', () => {
    const inputs = reviewInputsFromFacts(facts(), DEFAULT_SETTINGS, P);
    expect(readMetric(inputs.reports.cohorts, PAVED_ROAD, 'security_review_latency')).toMatchObject({ kind: 'value', value: 1.5, n: 1 });
  });

  it('computes by line, service and cohort only what judging reads, and judges as from reports of every metric', () => {
    const base = facts();
    // Findings too, so that the SLA, risk and coverage metrics have values: a critical overdue on a1, one fixed on time on b1.
    const withFindings: Facts = {
      ...base,
      intervals: [
        interval({ findingId: 1, serviceId: 'a1', severity: 'critical', openedAt: d(-40) }),
        interval({ findingId: 2, serviceId: 'b1', severity: 'critical', openedAt: d(5), fixedAt: d(8) }),
        interval({ findingId: 3, serviceId: 'a2', severity: 'high', openedAt: d(-200), fixedAt: d(30) }),
      ],
    };
    const inputs = reviewInputsFromFacts(withFindings, DEFAULT_SETTINGS, P);
    const all = judgedMetrics();
    const periods = inputs.periods;
    const full: ReviewInputs = {
      ...inputs,
      reports: {
        ...inputs.reports,
        byLine: kpiSeriesFromFacts(withFindings, DEFAULT_SETTINGS.policy as Policy, periods.slice(-3), 'line', all),
        byService: kpiSeriesFromFacts(withFindings, DEFAULT_SETTINGS.policy as Policy, [P], 'service', all)[0]!,
      },
    };
    expect(inputs.reports.byService.groups[0]!.kpis.map((k) => k.id)).toEqual(['critical_sla_compliance']);
    expect(inputs.reports.byLine[0]!.groups[0]!.kpis).toHaveLength(JUDGED_PER_GROUPING.line.length);
    expect(inputs.reports.cohorts.groups[0]!.kpis.map((k) => k.id)).toEqual(['security_review_latency']);
    expect(judgeReview(inputs)).toEqual(judgeReview(full));
  });
});
