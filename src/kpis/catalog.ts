import { criticalMttrInternet } from './critical-mttr-internet.js';
import { criticalSlaCompliance } from './critical-sla-compliance.js';
import type { KpiDefinition } from './define-kpi.js';
import { reopenRate } from './reopen-rate.js';
import { scanningCoverage } from './scanning-coverage.js';

/** The KPI catalog, in the order of kpis.md. One explicit list: no registration by import side effects. */
export const KPIS: readonly KpiDefinition[] = [criticalMttrInternet, criticalSlaCompliance, reopenRate, scanningCoverage];

export function kpiById(id: string): KpiDefinition | undefined {
  return KPIS.find((k) => k.id === id);
}
