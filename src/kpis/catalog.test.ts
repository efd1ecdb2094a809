import { describe, expect, it } from 'vitest';
import { judgedMetrics } from '../app/build-review.js';
import { GATE_METRICS, REVIEW_LATENCY_METRIC } from '../scorecard/ratings.js';
import { RISK_INDEX } from '../scorecard/judge-scorecard.js';
import { KPIS, SCORECARD_METRICS } from './catalog.js';

/** The ids of the kpis.md table, in its order. */
const TABLE = [
  'critical_mttr_internet',
  'critical_sla_compliance',
  'high_mttr_crown_jewels',
  'exception_volume_age',
  'reopen_rate',
  'scanning_coverage',
  'secrets_leak_rate',
  'dependency_update_latency',
  'container_policy_compliance',
  'cspm_compliance',
  'iam_least_privilege',
  'mfa_sso_coverage',
  'logging_coverage',
  'mttd',
  'mttc',
  'alert_precision',
  'pentest_closure_time',
  'design_review_throughput',
  'threat_model_adoption',
  'developer_satisfaction',
  'tooling_reliability',
  'cost_to_outcome',
  'team_health',
  'delivery_predictability',
];

describe('the KPI catalog', () => {
  it('lists table KPIs only, once each, in the order of the kpis.md table', () => {
    const ids = KPIS.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(TABLE, id).toContain(id);
    expect([...ids].sort((a, b) => TABLE.indexOf(a) - TABLE.indexOf(b))).toEqual(ids);
  });

  it('has the scorecard metrics judging reads, with the units its evidence states', () => {
    const byId = new Map(SCORECARD_METRICS.map((k) => [k.id, k]));
    for (const id of Object.values(GATE_METRICS)) expect(byId.get(id)?.unit, id).toBe('%');
    expect(byId.get(REVIEW_LATENCY_METRIC)?.unit).toBe('business days');
    expect(byId.get(RISK_INDEX)?.unit).toBe('index');
  });

  it('judges the catalog plus the scorecard metrics, each id once', () => {
    const ids = judgedMetrics().map((k) => k.id);
    expect(ids).toEqual([...new Set([...KPIS, ...SCORECARD_METRICS].map((k) => k.id))]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
