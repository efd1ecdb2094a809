import { describe, expect, it } from 'vitest';
import { d, interval, P, service } from '../kpis/test-support/kpi-input.js';
import { writeClose } from './close.js';
import { reviewContext } from './context.js';
import type { ReviewInputs } from './inputs.js';
import { judgeScorecard } from './judge-scorecard.js';
import { report, reviewInputs, row } from './test-support/review-inputs.js';
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
    expect(c.sentences[0]!.text).toBe(
      'We do not have a security awareness problem in the critical teams: critical SLA compliance is 95.0 % on tier 0 and 92.0 % on tier 1 services, against a target of ≥ 90 %.',
    );
    expect(c.sentences).toHaveLength(3);
  });

  it('calls it risk concentration when the heaviest services have single owners', () => {
    const single = SERVICES.map((s) => ({ ...s, owners: [s.owners[0]!] }));
    expect(close(sampleInputs({ services: single })).classes.map((x) => x.id)).toContain('risk-concentration');
  });

  describe('shared-service concentration', () => {
    // Twelve services, all tier 1 and internet-exposed, each open finding high: every finding weighs the same, so risk
    // shares are finding counts. k = floor(12 × 25 %) = 3 heaviest services; the nine others hold one finding each.
    let next = 5000;
    const company = (heavy: { id: string; findings: number; owners: string[] }[]) => {
      const rest = Array.from({ length: 9 }, (_, i) => ({ id: `svc-${i + 1}`, findings: 1, owners: ['team-x'] }));
      const all = [...heavy, ...rest];
      return reviewInputs({
        services: all.map((s) => service(s.id, { area: 'A', line: 'L', owners: s.owners })),
        intervals: all.flatMap((s) =>
          Array.from({ length: s.findings }, () => interval({ findingId: ++next, serviceId: s.id, severity: 'high', openedAt: d(-40) })),
        ),
        loaded: ['catalog', 'findings'],
      });
    };
    const concentration = (inputs: ReviewInputs) =>
      close(inputs).classes.filter((c) => c.id === 'shared-service-concentration' || c.id === 'risk-concentration');

    it('fires when one shared service holds most of the concentrated risk, though the other heaviest have one owner', () => {
      // Top 3 hold 8 + 2 + 2 = 12 of 21 = 57.1 % ≥ 50 %; the shared one holds 8 of those 12 = 67 % ≥ half.
      const c = concentration(
        company([
          { id: 'shared-api', findings: 8, owners: ['team-a', 'team-b'] },
          { id: 'solo-1', findings: 2, owners: ['team-c'] },
          { id: 'solo-2', findings: 2, owners: ['team-d'] },
        ]),
      );
      expect(c.map((x) => [x.id, Math.round(x.strength * 1000) / 1000])).toEqual([['shared-service-concentration', 1.143]]);
      expect(c[0]!.path).toBe(
        'clearer ownership in the 1 shared service (shared-api) that holds 38 % of the open risk, where defects can scale across customers',
      );
      expect(c[0]!.evidence).toBe(
        'the 3 heaviest services (25 % of services) hold 57.1 % of the risk index; 1 of them has several owners, holding 67 % of that risk',
      );
    });

    it('fires when the shared services hold exactly half of the concentrated risk', () => {
      // Top 3 hold 6 + 3 + 3 = 12 of 21; the two shared hold 6 of 12 = 50 %.
      const c = concentration(
        company([
          { id: 'solo', findings: 6, owners: ['team-c'] },
          { id: 'shared-1', findings: 3, owners: ['team-a', 'team-b'] },
          { id: 'shared-2', findings: 3, owners: ['team-a', 'team-e'] },
        ]),
      );
      expect(c.map((x) => x.id)).toEqual(['shared-service-concentration']);
      expect(c[0]!.path).toMatch(/^clearer ownership in the 2 shared services \(shared-1 and shared-2\) that hold 29 % of the open risk/);
    });

    it('is plain risk concentration when the shared services hold under half of it', () => {
      // Top 3 hold 7 + 3 + 2 = 12 of 21; the two shared hold 5 of 12 = 42 %.
      const c = concentration(
        company([
          { id: 'solo', findings: 7, owners: ['team-c'] },
          { id: 'shared-1', findings: 3, owners: ['team-a', 'team-b'] },
          { id: 'shared-2', findings: 2, owners: ['team-a', 'team-e'] },
        ]),
      );
      expect(c.map((x) => x.id)).toEqual(['risk-concentration']);
      expect(c[0]!.path).toBe('focused remediation in the 3 services (solo, shared-1 and shared-2) that hold 57 % of the open risk');
    });

    it('names no concentration when the heaviest services hold under the risk share, shared or not', () => {
      // Top 3 hold 4 + 3 + 3 = 10 of 19 = 52.6 %; with a 60 % risk share nothing concentrates.
      const inputs = company([
        { id: 'shared-api', findings: 4, owners: ['team-a', 'team-b'] },
        { id: 'shared-2', findings: 3, owners: ['team-a', 'team-b'] },
        { id: 'solo', findings: 3, owners: ['team-c'] },
      ]);
      expect(
        concentration({
          ...inputs,
          settings: { ...inputs.settings, review: { ...inputs.settings.review, concentration: { serviceShare: 0.25, riskShare: 0.6 } } },
        }),
      ).toEqual([]);
      expect(concentration(inputs).map((x) => x.id)).toEqual(['shared-service-concentration']);
    });
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
    expect(c.sentences[0]!.text).toMatch(
      /^No problem class reaches its threshold in 2026-Q3; the overall trend is flat to improving \(risk index 280 → 240 \(better\)/,
    );
    const empty = sampleInputs({
      intervals: [],
      scans: [],
      loaded: ['catalog'],
      operational: { incidents: null, pipelineRuns: null, alerts: null },
      reports: {},
    });
    expect(close(empty).sentences).toEqual([]);
  });
});
