import type { RecordKindName } from './facts.js';
import type { Millis } from './time.js';

/**
 * Operational records (inputs.md §3) as the KPIs read them: plain values, times in epoch
 * milliseconds UTC, a service id where the record names one (resolved at import). Each list
 * holds the stored records of its kind that the periods loaded can use (app/record-windows.ts);
 * KPIs pick the ones of their period by the event time kpis.md names.
 */

export interface IncidentRecord {
  id: string;
  title: string | null;
  severity: 'sev1' | 'sev2' | 'sev3' | 'sev4';
  serviceId: string | null;
  startedAt: Millis | null;
  detectedAt: Millis | null;
  containedAt: Millis | null;
  resolvedAt: Millis | null;
  cause: string | null;
  runbook: string | null;
}

export type SecurityStage = 'passed' | 'failed' | 'bypassed' | 'tool_error' | 'absent';

/**
 * A pipeline run as the measures read it: without its id (inputs.md), which nothing measured
 * reads and which, as a unique text per run, was about a third of reading the runs (100k at
 * bench scale 1).
 */
export interface PipelineRunRecord {
  serviceId: string | null;
  repo: string | null;
  pipeline: string | null;
  template: string | null;
  startedAt: Millis;
  finishedAt: Millis | null;
  /** The run shipped to production. */
  release: boolean;
  securityStage: SecurityStage;
}

export interface PullRequestRecord {
  repo: string;
  number: number;
  serviceId: string | null;
  createdAt: Millis | null;
  mergedAt: Millis | null;
  securityReviewRequestedAt: Millis | null;
  firstSecurityReviewAt: Millis | null;
}

export interface DesignReviewRecord {
  id: string;
  serviceId: string | null;
  requestedAt: Millis | null;
  completedAt: Millis | null;
  outcome: string | null;
}

export interface ThreatModelRecord {
  serviceId: string;
  updatedAt: Millis;
  link: string | null;
}

export type AlertDisposition = 'true_positive' | 'false_positive' | 'benign';

export interface AlertRecord {
  id: string;
  rule: string | null;
  serviceId: string | null;
  firedAt: Millis | null;
  dispositionedAt: Millis | null;
  disposition: AlertDisposition | null;
  runbook: string | null;
}

export interface CloudControlRecord {
  account: string;
  control: string;
  status: 'pass' | 'fail';
  checkedAt: Millis;
}

export interface IdentityRecord {
  snapshotAt: Millis;
  account: string;
  privileged: boolean;
  mfa: boolean;
  sso: boolean;
}

export interface LoggingRecord {
  serviceId: string;
  at: Millis;
  shipped: boolean;
  retainedDays: number | null;
}

export interface IamRecord {
  serviceId: string;
  at: Millis;
  standardRoles: boolean;
}

export interface SurveyRecord {
  submittedAt: Millis;
  score: number;
  scaleMin: number;
  scaleMax: number;
  team: string | null;
}

export interface CostRecord {
  tool: string;
  annualCost: number;
  currency: string;
  from: Millis;
  to: Millis;
}

export interface TeamHealthRecord {
  /** `YYYY-MM`. */
  month: string;
  team: string;
  headcount: number;
  leavers: number;
  oncallPages: number | null;
  oncallEngineers: number | null;
}

export interface MilestoneRecord {
  id: string;
  title: string | null;
  area: string | null;
  dueAt: Millis;
  completedAt: Millis | null;
}

export interface CommitCountRecord {
  repo: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  count: number;
}

/** Every operational record, by kind. */
export interface OperationalRecords {
  incidents: IncidentRecord[];
  pipelineRuns: PipelineRunRecord[];
  pullRequests: PullRequestRecord[];
  designReviews: DesignReviewRecord[];
  threatModels: ThreatModelRecord[];
  alerts: AlertRecord[];
  cloudControls: CloudControlRecord[];
  identity: IdentityRecord[];
  logging: LoggingRecord[];
  iam: IamRecord[];
  surveys: SurveyRecord[];
  costs: CostRecord[];
  teamHealth: TeamHealthRecord[];
  milestones: MilestoneRecord[];
  commits: CommitCountRecord[];
}

export function emptyRecords(): OperationalRecords {
  return {
    incidents: [],
    pipelineRuns: [],
    pullRequests: [],
    designReviews: [],
    threatModels: [],
    alerts: [],
    cloudControls: [],
    identity: [],
    logging: [],
    iam: [],
    surveys: [],
    costs: [],
    teamHealth: [],
    milestones: [],
    commits: [],
  };
}

/** The input kind of each list of `OperationalRecords`. */
export const RECORD_KIND_OF: Readonly<Record<keyof OperationalRecords, RecordKindName>> = {
  incidents: 'incidents',
  pipelineRuns: 'pipeline-runs',
  pullRequests: 'pull-requests',
  designReviews: 'design-reviews',
  threatModels: 'threat-models',
  alerts: 'alerts',
  cloudControls: 'cloud-controls',
  identity: 'identity',
  logging: 'logging',
  iam: 'iam',
  surveys: 'surveys',
  costs: 'costs',
  teamHealth: 'team-health',
  milestones: 'milestones',
  commits: 'commits',
};
