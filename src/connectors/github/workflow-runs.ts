import { DAY_MS, parseTimestamp, toIso, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { TOOL_ERROR_STEP, type GithubPatterns } from './patterns.js';
import { repoPath, type RepoTarget } from './repos.js';
import { jobSchema, parseItems, workflowRunSchema, type GithubJob, type GithubWorkflowRun } from './schema.js';

export type SecurityStage = 'passed' | 'failed' | 'bypassed' | 'tool_error' | 'absent';

/** A `pipeline_runs` row (inputs.md §3 pipeline-runs). */
export interface PipelineRunRow {
  id: string;
  service_id: string | null;
  repo: string;
  pipeline: string;
  template: string;
  started_at: Millis;
  finished_at: Millis | null;
  release: boolean;
  security_stage: SecurityStage;
}

/** Several security jobs in one run: the worst outcome speaks for the stage. */
const STAGE_RANK: Record<SecurityStage, number> = { absent: 0, passed: 1, bypassed: 2, failed: 3, tool_error: 4 };

/** An incomplete run holds the cursor back only this long: runs stuck in a queue for ever must not. */
const INCOMPLETE_HOLD_MS = 35 * DAY_MS;

/** The workflow's name, else its file, else its id (runs recorded before 2021 carry neither). */
export function pipelineName(run: GithubWorkflowRun): string {
  return run.name ?? run.path ?? `workflow ${run.workflow_id ?? 'unknown'}`;
}

/**
 * The security stage of a completed run, from the jobs whose name matches the pattern (or all
 * jobs of a workflow whose own name or path matches, as CodeQL's "Analyze" jobs):
 * success → passed; failure → failed, or tool_error when the failing step sets up, installs or
 * downloads the tool; timed out or a startup failure → tool_error; cancelled or skipped while
 * the run still succeeded → bypassed (skipped because the run failed elsewhere: it did not run,
 * absent); no such job → absent.
 */
export function securityStageOf(run: GithubWorkflowRun, jobs: readonly GithubJob[], pattern: RegExp): SecurityStage {
  const workflowMatches = pattern.test(run.name ?? '') || pattern.test(run.path ?? '');
  let stageJobs = jobs.filter((j) => pattern.test(j.name));
  if (stageJobs.length === 0 && workflowMatches) stageJobs = [...jobs];
  if (stageJobs.length === 0) return run.conclusion === 'startup_failure' && workflowMatches ? 'tool_error' : 'absent';
  let stage: SecurityStage = 'absent';
  for (const job of stageJobs) {
    const s = jobStage(job, run);
    if (STAGE_RANK[s] > STAGE_RANK[stage]) stage = s;
  }
  return stage;
}

function jobStage(job: GithubJob, run: GithubWorkflowRun): SecurityStage {
  switch (job.conclusion) {
    case 'success':
    case 'neutral':
      return 'passed';
    case 'failure': {
      const failed = (job.steps ?? []).find((s) => s.conclusion === 'failure');
      return failed !== undefined && TOOL_ERROR_STEP.test(failed.name) ? 'tool_error' : 'failed';
    }
    case 'timed_out':
    case 'startup_failure':
      return 'tool_error';
    case 'cancelled':
    case 'skipped':
      return run.conclusion === 'success' ? 'bypassed' : 'absent';
    default:
      return 'absent';
  }
}

/** A push to the default branch, a release event, or a workflow named like a release or deploy. */
export function isRelease(run: GithubWorkflowRun, defaultBranch: string | null, pattern: RegExp): boolean {
  if (pattern.test(run.name ?? '') || pattern.test(run.path ?? '')) return true;
  if (run.event === 'release') return true;
  return run.event === 'push' && defaultBranch !== null && run.head_branch === defaultBranch;
}

export function pipelineRunRow(target: RepoTarget, run: GithubWorkflowRun, jobs: readonly GithubJob[], defaultBranch: string | null, patterns: GithubPatterns): PipelineRunRow {
  const name = pipelineName(run);
  const standard = patterns.standardTemplate.test(run.path ?? '') || patterns.standardTemplate.test(run.name ?? '');
  return {
    id: `github:${target.key}:${run.id}`,
    service_id: target.serviceId,
    repo: target.key,
    pipeline: name,
    template: standard ? 'standard' : name,
    started_at: parseTimestamp(run.run_started_at) ?? parseTimestamp(run.created_at)!,
    finished_at: run.status === 'completed' ? parseTimestamp(run.updated_at) : null,
    release: isRelease(run, defaultBranch, patterns.releaseWorkflow),
    security_stage: securityStageOf(run, jobs, patterns.securityStageJob),
  };
}

export interface PipelineRunSync {
  rows: PipelineRunRow[];
  /** Runs created at or after it are listed next time: the oldest run still in progress, else the newest run. */
  cursor: Millis | null;
  listed: number;
  /** Runs not completed yet: stored by a later sync. */
  inProgress: number;
}

/**
 * Workflow runs created since `since` (`created=>=…`), and the jobs of each completed one.
 * Runs still in progress are left for a later sync; the cursor stays at the oldest of them.
 */
export async function fetchPipelineRuns(
  client: GithubClient,
  target: RepoTarget,
  options: { since: Millis | null; defaultBranch: string | null; patterns: GithubPatterns; now: Millis },
  warnings: string[],
): Promise<PipelineRunSync> {
  const base = repoPath(target);
  const listed = await client.list(`${base}/actions/runs`, { created: options.since === null ? undefined : `>=${toIso(options.since)}` }, { key: 'workflow_runs', allow: [404] });
  if (!listed.ok) return { rows: [], cursor: options.since, listed: 0, inProgress: 0 };
  const runs = parseItems(workflowRunSchema, listed.items, warnings);
  const rows: PipelineRunRow[] = [];
  let newest: Millis | null = null;
  let oldestOpen: Millis | null = null;
  let inProgress = 0;
  for (const run of runs) {
    const created = parseTimestamp(run.created_at)!;
    if (newest === null || created > newest) newest = created;
    if (run.status !== 'completed') {
      inProgress++;
      if (options.now - created < INCOMPLETE_HOLD_MS && (oldestOpen === null || created < oldestOpen)) oldestOpen = created;
      continue;
    }
    const jobsListed = await client.list(`${base}/actions/runs/${run.id}/jobs`, {}, { key: 'jobs', allow: [404, 410] });
    const jobs = jobsListed.ok ? parseItems(jobSchema, jobsListed.items, warnings) : [];
    rows.push(pipelineRunRow(target, run, jobs, options.defaultBranch, options.patterns));
  }
  return { rows, cursor: oldestOpen ?? newest ?? options.since, listed: listed.items.length, inProgress };
}
