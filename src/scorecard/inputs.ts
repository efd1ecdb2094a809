import type { Settings } from '../config/schema.js';
import type { ExceptionRecord } from '../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import type { Catalog } from '../domain/service.js';
import type { KpisReport } from '../kpis/evaluate.js';
import type { Taxonomy } from './taxonomy.js';

/**
 * What the review is judged from: small plain types, filled by app/build-review.ts from the
 * facts and the KPI reports. Judging is pure over these; every input that may be missing is
 * nullable, and null means "never loaded" (its statements are left out, its cells say No data).
 */

export type IncidentSeverity = 'sev1' | 'sev2' | 'sev3' | 'sev4';

/** One incident record (inputs.md §3). */
export interface IncidentFact {
  id: string;
  serviceId: string | null;
  severity: IncidentSeverity;
  startedAt: number | null;
  cause: string | null;
  /** The runbook followed, when one was named. */
  runbook: string | null;
}

/** Pipeline runs in P of one service on one template, counted by security-stage outcome. */
export interface PipelineRunAggregate {
  serviceId: string;
  template: string;
  runs: number;
  /** Runs that shipped to production. */
  releases: number;
  /** Security-stage outcomes. */
  failed: number;
  bypassed: number;
  toolErrors: number;
  absent: number;
}

/** Alerts dispositioned in P of one service and rule, with how many had a runbook. */
export interface AlertRunbookCount {
  serviceId: string | null;
  rule: string | null;
  alerts: number;
  withRunbook: number;
}

/** Records beyond scanner findings; each null until its kind is loaded into the facts. */
export interface OperationalInputs {
  /** Incidents over the last three periods. */
  incidents: IncidentFact[] | null;
  /** Pipeline runs in P. */
  pipelineRuns: PipelineRunAggregate[] | null;
  /** Alerts dispositioned in P. */
  alerts: AlertRunbookCount[] | null;
}

/** KPI and scorecard-metric reports the judging reads by id; oldest first where a series. */
export interface ReviewReports {
  /** Company, for the last four periods (charts of KPI trends). */
  company: KpisReport[];
  /** By area, for the last two periods (the scorecard's P and its trend against P-1). */
  byArea: KpisReport[];
  /** By line, for the last three periods (the product-line trend view). */
  byLine: KpisReport[];
  /** By tier and by service, for P. */
  byTier: KpisReport;
  byService: KpisReport;
  /** For P, groups `paved-road` and `other`: services with a paved-road tag and without. */
  cohorts: KpisReport;
}

/** The settings judging reads: scorecard thresholds, the review block, and two policy bands. */
export interface ReviewSettings {
  scorecard: Settings['scorecard'];
  review: Settings['review'];
  flatBand: number;
  coverageWindowDays: number;
}

export interface ReviewInputs {
  /** The last four periods, oldest first; the last is the period under review. */
  periods: Period[];
  catalog: Catalog;
  taxonomy: Taxonomy;
  reports: ReviewReports;
  /** Finding intervals of catalog services overlapping the periods. */
  intervals: IntervalFact[];
  scans: ScanFact[];
  exceptions: ExceptionRecord[];
  operational: OperationalInputs;
  loaded: ReadonlySet<InputKind>;
  /** The target of critical SLA compliance in force. */
  slaTarget: number;
  /** SLA days, for the due dates of open findings. */
  policy: Policy;
  settings: ReviewSettings;
}

export const PAVED_ROAD = 'paved-road';
export const NOT_PAVED_ROAD = 'other';
