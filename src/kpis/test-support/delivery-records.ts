import type { DesignReviewRecord, MilestoneRecord, PipelineRunRecord, PullRequestRecord, SurveyRecord, TeamHealthRecord } from '../../domain/records.js';
import { HOUR_MS } from '../../domain/time.js';
import { d } from './kpi-input.js';

/** `d(n)` plus `h` hours: P starts on Wednesday 2026-07-01, so d(2) is a Friday, d(3)–d(4) a weekend, d(5) a Monday. */
export const dh = (n: number, h = 0) => d(n) + h * HOUR_MS;

let seq = 1;

export function review(over: Partial<DesignReviewRecord> & Pick<DesignReviewRecord, 'completedAt'>): DesignReviewRecord {
  return { id: `dr-${seq++}`, serviceId: 's1', requestedAt: null, outcome: 'approved', ...over };
}

export function run(over: Partial<PipelineRunRecord> & Pick<PipelineRunRecord, 'startedAt'>): PipelineRunRecord {
  return {
    serviceId: 's1',
    repo: 'github.com/acme/s1',
    pipeline: 'build',
    template: null,
    finishedAt: null,
    release: false,
    securityStage: 'passed',
    ...over,
  };
}

export function pr(over: Partial<PullRequestRecord>): PullRequestRecord {
  return {
    repo: 'github.com/acme/s1',
    number: seq++,
    serviceId: 's1',
    createdAt: null,
    mergedAt: null,
    securityReviewRequestedAt: null,
    firstSecurityReviewAt: null,
    ...over,
  };
}

export function survey(submittedAt: number, score: number, scaleMin = 1, scaleMax = 5, team: string | null = 'team'): SurveyRecord {
  return { submittedAt, score, scaleMin, scaleMax, team };
}

export function health(month: string, over: Partial<TeamHealthRecord> = {}): TeamHealthRecord {
  return { month, team: 'team', headcount: 10, leavers: 0, oncallPages: null, oncallEngineers: null, ...over };
}

export function milestone(dueAt: number, completedAt: number | null, over: Partial<MilestoneRecord> = {}): MilestoneRecord {
  return { id: `m-${seq++}`, title: 't', area: 'A', dueAt, completedAt, ...over };
}
