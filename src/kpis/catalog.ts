import { alertPrecision } from './alert-precision.js';
import { criticalMttrInternet } from './critical-mttr-internet.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import { cspmCompliance } from './cspm-compliance.js';
import type { KpiDefinition } from './define-kpi.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { loggingCoverage } from './logging-coverage.js';
import { mfaSsoCoverage } from './mfa-sso-coverage.js';
import { mttc } from './mttc.js';
import { mttd } from './mttd.js';
import { reopenRate } from './reopen-rate.js';
import { scanningCoverage } from './scanning-coverage.js';
import { threatModelAdoption } from './threat-model-adoption.js';

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
  threatModelAdoption,
];

export function kpiById(id: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.id === id);
}
