import { DAY_MS, parseTimestamp, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { etagFor, type ReadWindow, type ResourceRead } from './cursor.js';
import type { GithubPatterns } from './patterns.js';
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

/** A tag such as v1.2.3 or 2026.08.1: what release workflows on tags run for. */
const VERSION_TAG = /^v?\d+(\.\d+)+([-+.][\w.-]*)?$/i;

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
export function securityStageOf(
  run: GithubWorkflowRun,
  jobs: readonly GithubJob[],
  patterns: Pick<GithubPatterns, 'securityStageJob' | 'toolErrorStep'>,
): SecurityStage {
  const pattern = patterns.securityStageJob;
  const workflowMatches = pattern.test(run.name ?? '') || pattern.test(run.path ?? '');
  let stageJobs = jobs.filter((j) => pattern.test(j.name));
  if (stageJobs.length === 0 && workflowMatches) stageJobs = [...jobs];
  if (stageJobs.length === 0) return run.conclusion === 'startup_failure' && workflowMatches ? 'tool_error' : 'absent';
  let stage: SecurityStage = 'absent';
  for (const job of stageJobs) {
    const s = jobStage(job, run, patterns.toolErrorStep);
    if (STAGE_RANK[s] > STAGE_RANK[stage]) stage = s;
  }
  return stage;
}

function jobStage(job: GithubJob, run: GithubWorkflowRun, toolErrorStep: RegExp): SecurityStage {
  switch (job.conclusion) {
    case 'success':
    case 'neutral':
      return 'passed';
    case 'failure': {
      const failed = (job.steps ?? []).find((s) => s.conclusion === 'failure');
      return failed !== undefined && toolErrorStep.test(failed.name) ? 'tool_error' : 'failed';
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

/**
 * Whether a run shipped to production: it succeeded, and a GitHub release triggered it, or its
 * workflow (name or file) matches the release pattern and it ran on a release branch — those
 * matching `releaseBranch`, or by default the repository's default branch or a version tag.
 */
export function isRelease(run: GithubWorkflowRun, defaultBranch: string | null, patterns: Pick<GithubPatterns, 'releaseWorkflow' | 'releaseBranch'>): boolean {
  if (run.conclusion !== 'success') return false;
  if (run.event === 'release') return true;
  if (!(patterns.releaseWorkflow.test(run.name ?? '') || patterns.releaseWorkflow.test(run.path ?? ''))) return false;
  const branch = run.head_branch ?? '';
  if (patterns.releaseBranch !== null) return patterns.releaseBranch.test(branch);
  return (defaultBranch !== null && branch === defaultBranch) || VERSION_TAG.test(branch);
}

/** `standard` when the workflow, or a reusable workflow it calls, matches the standard-template pattern; else the workflow's own name. */
export function templateOf(run: GithubWorkflowRun, pattern: RegExp): string {
  const paths = [run.path ?? '', run.name ?? '', ...(run.referenced_workflows ?? []).map((w) => w.path)];
  return paths.some((p) => p !== '' && pattern.test(p)) ? 'standard' : pipelineName(run);
}

export function pipelineRunRow(
  target: RepoTarget,
  run: GithubWorkflowRun,
  jobs: readonly GithubJob[],
  defaultBranch: string | null,
  patterns: GithubPatterns,
): PipelineRunRow {
  return {
    id: `github:${target.key}:${run.id}`,
    service_id: target.serviceId,
    repo: target.key,
    pipeline: pipelineName(run),
    template: templateOf(run, patterns.standardTemplate),
    started_at: parseTimestamp(run.run_started_at) ?? parseTimestamp(run.created_at)!,
    finished_at: run.status === 'completed' ? parseTimestamp(run.updated_at) : null,
    release: isRelease(run, defaultBranch, patterns),
    security_stage: securityStageOf(run, jobs, patterns),
  };
}

export interface RunOptions {
  window: ReadWindow;
  defaultBranch: string | null;
  patterns: GithubPatterns;
  now: Millis;
  /** Of these run ids, those already stored completed, with their `finished_at`: their jobs are not read again. */
  stored: (ids: readonly string[]) => Promise<Map<string, Millis | null>>;
}

/**
 * Workflow runs created since the window's start, newest first, and the jobs of each run that
 * completed since the last sync. Runs still in progress are left for a later sync, which the
 * cursor makes read them again: it stays at the oldest of them (for at most 35 days), else at
 * the newest run. `inProgress` counts those left.
 */
export async function fetchPipelineRuns(
  client: GithubClient,
  target: RepoTarget,
  options: RunOptions,
  warnings: string[],
): Promise<ResourceRead<PipelineRunRow> & { inProgress: number }> {
  const { window } = options;
  const base = repoPath(target);
  const url = client.url(`${base}/actions/runs`, { per_page: client.perPage });
  const created = (value: unknown) => parseTimestamp((value as { created_at?: unknown } | null)?.created_at) ?? Number.POSITIVE_INFINITY;
  const listed = await client.list(
    `${base}/actions/runs`,
    {},
    {
      key: 'workflow_runs',
      allow: [403, 404],
      etag: etagFor(window.cursor, url, window.fromCursor),
      stop: (page) => window.since !== null && page.length > 0 && created(page[page.length - 1]!.value) < window.since,
    },
  );
  // Nothing read: the cursor stays as it was.
  const kept = { since: window.since, url, etag: window.cursor?.etag ?? null, extra: window.fromCursor ? (window.cursor?.extra ?? {}) : {} };
  if (!listed.ok) {
    warnings.push(`${target.key}: Actions runs not readable (HTTP ${listed.status}${listed.message ? `: ${listed.message}` : ''})`);
    return { available: false, rows: [], cursor: kept, unchanged: false, listed: 0, inProgress: 0 };
  }
  if (listed.notModified) return { available: true, rows: [], cursor: kept, unchanged: true, listed: 0, inProgress: 0 };
  const runs = parseItems(workflowRunSchema, listed.items, warnings).filter((r) => window.since === null || parseTimestamp(r.created_at)! >= window.since);
  const stored = await options.stored(runs.map((r) => `github:${target.key}:${r.id}`));
  const rows: PipelineRunRow[] = [];
  let newest: Millis | null = null;
  let oldestOpen: Millis | null = null;
  let inProgress = 0;
  for (const run of runs) {
    const createdAt = parseTimestamp(run.created_at)!;
    if (newest === null || createdAt > newest) newest = createdAt;
    if (run.status !== 'completed') {
      inProgress++;
      if (options.now - createdAt < INCOMPLETE_HOLD_MS && (oldestOpen === null || createdAt < oldestOpen)) oldestOpen = createdAt;
      continue;
    }
    const id = `github:${target.key}:${run.id}`;
    if (stored.has(id) && stored.get(id) === parseTimestamp(run.updated_at)) continue;
    const jobsListed = await client.list(`${base}/actions/runs/${run.id}/jobs`, {}, { key: 'jobs', allow: [404, 410] });
    const jobs = jobsListed.ok ? parseItems(jobSchema, jobsListed.items, warnings) : [];
    rows.push(pipelineRunRow(target, run, jobs, options.defaultBranch, options.patterns));
  }
  return {
    available: true,
    rows,
    cursor: { since: oldestOpen ?? newest ?? window.since, url, etag: listed.etag, extra: {} },
    unchanged: false,
    listed: listed.items.length,
    inProgress,
  };
}
