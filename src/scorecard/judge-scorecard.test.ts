import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { service } from '../kpis/test-support/kpi-input.js';
import { P } from '../kpis/test-support/kpi-input.js';
import { judgeScorecard, ofService, ofServices } from './judge-scorecard.js';
import { report, row } from './test-support/review-inputs.js';
import { sampleInputs, sampleReports } from './test-support/sample-review.js';

describe('the scorecard from the KPI reports and facts', () => {
  it('judges all four columns of every area by the rules', () => {
    const s = judgeScorecard(sampleInputs());
    expect(s.rows.map((r) => [r.area, r.releaseGateHealth.value, r.reviewLatency.value, r.topFailureMode.value, r.escalation.value])).toEqual([
      ['Core API services', 'Good', 'Moderate', 'authorization consistency checks', 'Maybe'],
      ['Platform foundation', 'Improving', 'Low', 'CI runner/artifact trust', 'No'],
      ['Reporting services', 'Mixed', 'High', 'tenant-boundary logic gaps', 'Yes'],
    ]);
    expect(s.rows[2]!.escalation.triggers.map((t) => t.id)).toEqual(['critical_sla', 'expired_exception', 'sev1_incident', 'shared_service_owner']);
  });

  it('says No data, with the reason, for the columns whose metrics are not computed yet — never a guess', () => {
    const reports = sampleReports();
    const bare = [P, P, P].map(() => report(P, 'area', { 'Core API services': [row('critical_sla_compliance', 95)] }));
    const s = judgeScorecard(sampleInputs({ reports: { ...reports, byArea: bare } }));
    const core = s.rows[0]!;
    expect(core.releaseGateHealth).toMatchObject({
      value: 'No data',
      evidence: [
        'gate_coverage is not computed yet (not in the KPI catalog)',
        'gate_bypass_rate is not computed yet (not in the KPI catalog)',
        'gate_tool_error_rate is not computed yet (not in the KPI catalog)',
      ],
    });
    expect(core.reviewLatency).toMatchObject({ value: 'No data', evidence: ['security_review_latency is not computed yet (not in the KPI catalog)'] });
    expect(s.rows[1]!.releaseGateHealth.evidence[0]).toBe('gate_coverage: no area named "Platform foundation" in 2026-Q3');
  });

  it('tells "None found" (scanned, nothing scores) from "No data" (not scanned)', () => {
    const inputs = sampleInputs();
    const clean = judgeScorecard({ ...inputs, intervals: inputs.intervals.filter((i) => i.serviceId !== 'runners') });
    expect(clean.rows[1]!.topFailureMode).toMatchObject({ kind: 'none', value: 'None found' });
    const unscanned = judgeScorecard({ ...inputs, intervals: [], scans: [] });
    expect(unscanned.rows[1]!.topFailureMode).toMatchObject({
      kind: 'no-data',
      value: 'No data',
      evidence: ["no scan of the area's services in the review window"],
    });
  });

  it('says No data for the escalation of an area before its first scan, never No', () => {
    const inputs = sampleInputs();
    const platform = (x: { serviceId: string }) => x.serviceId === 'runners' || x.serviceId === 'artifacts';
    const unscanned = { ...inputs, intervals: inputs.intervals.filter((i) => !platform(i)), scans: inputs.scans.filter((x) => !platform(x)) };
    // Exceptions and incidents are loaded, and none fires for the area: without its findings that is no judgement.
    const escalation = judgeScorecard(unscanned).rows[1]!.escalation;
    expect(escalation.value).toBe('No data');
    expect(escalation.notEvaluated).toContain(
      'expired exceptions: no scan of its services in 2026-Q3 or the 30 days before its end, and no finding of them open in it',
    );
    // One scan in the coverage window before the end that found nothing: No, as before.
    const scan = { serviceId: 'runners', tool: 'semgrep', category: 'sast' as const, scannedAt: P.end - 86_400_000 };
    expect(judgeScorecard({ ...unscanned, scans: [...unscanned.scans, scan] }).rows[1]!.escalation.value).toBe('No');
    // So does a finding open in the period, though its scan was before it.
    expect(judgeScorecard({ ...unscanned, intervals: inputs.intervals }).rows[1]!.escalation.value).toBe('No');
  });

  it('counts incidents towards the top failure mode by their cause', () => {
    const s = judgeScorecard(sampleInputs());
    expect(s.rows[2]!.topFailureMode.top[0]).toMatchObject({ id: 'tenant-boundary', incidents: 1 });
  });

  it('judges each product line over the last three periods and ranks risk index against raw count', () => {
    const s = judgeScorecard(sampleInputs());
    expect(s.lines.map((l) => [l.line, l.trend.value, l.rank])).toEqual([
      ['Core platform', 'Improving', { byRiskIndex: 2, byOpenCount: 1 }],
      ['Reporting', 'Worsening', { byRiskIndex: 1, byOpenCount: 2 }],
    ]);
    expect(s.lines[1]!.meaning.value).toBe('Still higher blast radius than its raw issue count suggests');
  });
});

describe('items by service', () => {
  // ofServices reads from an index built once per list; it must give what filtering gives, in the list's order.
  const ids = ['s1', 's2', 's3', 's4'];
  it('ofServices(list, S) and ofService(list, id) are the filtered list, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 30 }), fc.subarray(ids), (owners, chosen) => {
        const list = owners.map((serviceId, n) => ({ serviceId, n }));
        const services = new Map(chosen.map((id) => [id, service(id)]));
        expect(ofServices(list, services)).toEqual(list.filter((x) => services.has(x.serviceId)));
        for (const id of ids) expect(ofService(list, id)).toEqual(list.filter((x) => x.serviceId === id));
      }),
    );
  });
});
