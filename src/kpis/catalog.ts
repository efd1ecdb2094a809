import { containerPolicyCompliance } from './container-policy-compliance.js';
import { costToOutcome } from './cost-to-outcome.js';
import { criticalMttrInternet } from './critical-mttr-internet.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import type { KpiDefinition } from './define-kpi.js';
import { dependencyUpdateLatency } from './dependency-update-latency.js';
import { exceptionVolumeAge } from './exception-volume-age.js';
import { highMttrCrownJewels } from './high-mttr-crown-jewels.js';
import { pentestClosureTime } from './pentest-closure-time.js';
import { reopenRate } from './reopen-rate.js';
import { scanningCoverage } from './scanning-coverage.js';
import { secretsLeakRate } from './secrets-leak-rate.js';

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
  pentestClosureTime,
  costToOutcome,
];

export function kpiById(id: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.id === id);
}
