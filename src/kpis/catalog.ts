import { alertPrecision } from './alert-precision.js';
import { containerPolicyCompliance } from './container-policy-compliance.js';
import { costToOutcome } from './cost-to-outcome.js';
import { criticalMttrInternet } from './critical-mttr-internet.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import { cspmCompliance } from './cspm-compliance.js';
import type { KpiDefinition } from './define-kpi.js';
import { deliveryPredictability } from './delivery-predictability.js';
import { dependencyUpdateLatency } from './dependency-update-latency.js';
import { designReviewThroughput } from './design-review-throughput.js';
import { developerSatisfaction } from './developer-satisfaction.js';
import { exceptionVolumeAge } from './exception-volume-age.js';
import { gateBypassRate } from './gate-bypass-rate.js';
import { gateCoverage } from './gate-coverage.js';
import { gateToolErrorRate } from './gate-tool-error-rate.js';
import { highMttrCrownJewels } from './high-mttr-crown-jewels.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { loggingCoverage } from './logging-coverage.js';
import { mfaSsoCoverage } from './mfa-sso-coverage.js';
import { mttc } from './mttc.js';
import { mttd } from './mttd.js';
import { pentestClosureTime } from './pentest-closure-time.js';
import { reopenRate } from './reopen-rate.js';
import { riskIndex } from './risk-index.js';
import { scanningCoverage } from './scanning-coverage.js';
import { secretsLeakRate } from './secrets-leak-rate.js';
import { securityReviewLatency } from './security-review-latency.js';
import { teamHealth } from './team-health.js';
import { threatModelAdoption } from './threat-model-adoption.js';
import { toolingReliability } from './tooling-reliability.js';

/** The KPI catalog, in the order of kpis.md. One explicit list: no registration by import side effects. */
export const KPIS: readonly KpiDefinition[] = [
  criticalMttrInternet,
  criticalSlaCompliance,
  highMttrCrownJewels,
  exceptionVolumeAge,
  reopenRate,
  scanningCoverage,
  secretsLeakRate,
  dependencyUpdateLatency,
  containerPolicyCompliance,
  cspmCompliance,
  iamLeastPrivilege,
  mfaSsoCoverage,
  loggingCoverage,
  mttd,
  mttc,
  alertPrecision,
  pentestClosureTime,
  designReviewThroughput,
  threatModelAdoption,
  developerSatisfaction,
  toolingReliability,
  costToOutcome,
  teamHealth,
  deliveryPredictability,
];

/** The metrics behind the scorecard (kpis.md, after the table), read by src/scorecard by id. */
export const SCORECARD_METRICS: readonly KpiDefinition[] = [gateCoverage, gateBypassRate, gateToolErrorRate, securityReviewLatency, riskIndex];

export function kpiById(id: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.id === id);
}
