import { alertPrecision } from './alert-precision.js';
import { criticalMttrInternet } from './critical-mttr-internet.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import { cspmCompliance } from './cspm-compliance.js';
import type { KpiDefinition } from './define-kpi.js';
import { deliveryPredictability } from './delivery-predictability.js';
import { designReviewThroughput } from './design-review-throughput.js';
import { developerSatisfaction } from './developer-satisfaction.js';
import { gateBypassRate } from './gate-bypass-rate.js';
import { gateCoverage } from './gate-coverage.js';
import { gateToolErrorRate } from './gate-tool-error-rate.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { loggingCoverage } from './logging-coverage.js';
import { mfaSsoCoverage } from './mfa-sso-coverage.js';
import { mttc } from './mttc.js';
import { mttd } from './mttd.js';
import { reopenRate } from './reopen-rate.js';
import { riskIndex } from './risk-index.js';
import { scanningCoverage } from './scanning-coverage.js';
import { securityReviewLatency } from './security-review-latency.js';
import { teamHealth } from './team-health.js';
import { threatModelAdoption } from './threat-model-adoption.js';
import { toolingReliability } from './tooling-reliability.js';

/** The KPI catalog, in the order of kpis.md. One explicit list: no registration by import side effects. */
export const KPIS: readonly KpiDefinition[] = [
  criticalMttrInternet,
  criticalSlaCompliance,
  reopenRate,
  scanningCoverage,
  cspmCompliance,
  iamLeastPrivilege,
  mfaSsoCoverage,
  loggingCoverage,
  mttd,
  mttc,
  alertPrecision,
  designReviewThroughput,
  threatModelAdoption,
  developerSatisfaction,
  toolingReliability,
  teamHealth,
  deliveryPredictability,
];

/** The metrics behind the scorecard (kpis.md, after the table), read by src/scorecard by id. */
export const SCORECARD_METRICS: readonly KpiDefinition[] = [gateCoverage, gateBypassRate, gateToolErrorRate, securityReviewLatency, riskIndex];

export function kpiById(id: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.id === id);
}
