import { DEFAULT_SETTINGS } from '../../config/defaults.js';
import type { ExceptionRecord } from '../../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../../domain/facts.js';
import { periodJson, periodSeries, type Period } from '../../domain/period.js';
import type { Policy } from '../../domain/policy.js';
import type { Catalog, Service } from '../../domain/service.js';
import type { KpiRow, KpisReport, Grouping } from '../../kpis/evaluate.js';
import { P } from '../../kpis/test-support/kpi-input.js';
import type { OperationalInputs, ReviewInputs, ReviewReports } from '../inputs.js';
import type { MetricReading } from '../metrics.js';
import { defaultTaxonomy } from '../taxonomy.js';

/** A reading with a value; `previous` defaults to null. */
export function reading(id: string, value: number, over: Partial<Extract<MetricReading, { kind: 'value' }>> = {}): MetricReading {
  return {
    kind: 'value',
    id,
    name: id,
    value,
    unit: '%',
    n: 10,
    previous: null,
    trend: null,
    status: 'meets',
    target: { op: '>=', value: 90 },
    details: {},
    ...over,
  };
}

export function noReading(id: string, reason = `${id} is not computed yet (not in the KPI catalog)`, details: MetricReading['details'] = {}): MetricReading {
  return { kind: 'no-data', id, reason, details };
}

/** A KPI row as `kpis --json` prints it; status meets unless given. */
export function row(id: string, value: number | null, over: Partial<KpiRow> = {}): KpiRow {
  return {
    id,
    name: id,
    value,
    unit: '%',
    n: value === null ? 0 : 10,
    target: { op: '>=', value: 90 },
    status: value === null ? 'no-data' : 'meets',
    previous: null,
    trend: null,
    details: {},
    ...(value === null ? { reason: 'nothing in scope' } : {}),
    ...over,
  };
}

export function report(period: Period, by: Grouping, groups: Record<string, KpiRow[]>): KpisReport {
  return { period: periodJson(period), scope: { by }, groups: Object.entries(groups).map(([key, kpis]) => ({ key, kpis })) };
}

/** The last four periods ending with 2026-Q3. */
export const PERIODS = periodSeries(P, 4);

export function catalogOf(services: Service[], owners: Record<string, string[]> = {}): Catalog {
  const areas = [...new Map(services.map((s) => [s.area, s.line])).entries()].map(([name, line]) => ({ name, line, owners: owners[name] ?? [`${name}-team`] }));
  const lines = [...new Set(services.map((s) => s.line))].map((name) => ({ name, owners: owners[name] ?? [] }));
  return { lines, areas, services };
}

export interface InputsOver {
  services?: Service[];
  owners?: Record<string, string[]>;
  intervals?: IntervalFact[];
  scans?: ScanFact[];
  exceptions?: ExceptionRecord[];
  operational?: Partial<OperationalInputs>;
  loaded?: InputKind[];
  reports?: Partial<ReviewReports>;
  review?: Partial<ReviewInputs['settings']['review']>;
}

/** Hand-built review inputs for 2026-Q3 with the default settings; reports empty unless given. */
export function reviewInputs(over: InputsOver = {}): ReviewInputs {
  const services = over.services ?? [];
  const empty = (p: Period, by: Grouping) => report(p, by, {});
  return {
    periods: PERIODS,
    catalog: catalogOf(services, over.owners),
    taxonomy: defaultTaxonomy(),
    reports: {
      company: PERIODS.map((p) => empty(p, 'company')),
      byArea: PERIODS.slice(-3).map((p) => empty(p, 'area')),
      byLine: PERIODS.slice(-3).map((p) => empty(p, 'line')),
      byTier: empty(P, 'tier'),
      byService: empty(P, 'service'),
      cohorts: empty(P, 'company'),
      ...over.reports,
    },
    intervals: over.intervals ?? [],
    scans: over.scans ?? [],
    exceptions: over.exceptions ?? [],
    operational: { incidents: null, pipelineRuns: null, alerts: null, ...over.operational },
    loaded: new Set(over.loaded ?? ['catalog', 'findings']),
    slaTarget: 90,
    policy: DEFAULT_SETTINGS.policy as Policy,
    settings: {
      scorecard: DEFAULT_SETTINGS.scorecard,
      review: { ...DEFAULT_SETTINGS.review, ...over.review },
      flatBand: DEFAULT_SETTINGS.policy.flatBand,
      coverageWindowDays: DEFAULT_SETTINGS.policy.coverageWindowDays,
    },
  };
}
