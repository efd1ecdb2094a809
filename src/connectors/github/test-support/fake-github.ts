import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeRepo } from './replay-server.js';

/**
 * Response bodies for the replay server: the recorded ones of the corpus as they are, and
 * larger ones made from them — each synthesized item is a recorded item with the fields the
 * test is about changed, so every other field keeps GitHub's real shape.
 */

export const RECORDINGS = join(dirname(fileURLToPath(import.meta.url)), '../../../importers/fixtures/corpus/github-api');

type Json = Record<string, unknown>;

export function recorded<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(RECORDINGS, `${name}.json`), 'utf8')) as T;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export function emptyRepo(owner: string, name: string, defaultBranch = 'main'): FakeRepo {
  return {
    owner,
    name,
    defaultBranch,
    pulls: [],
    timelines: new Map(),
    reviews: new Map(),
    runs: [],
    jobs: new Map(),
    dependabot: [],
    codeScanning: [],
    analyses: [],
    secretScanning: [],
    commits: [],
  };
}

export function user(login: string, type = 'User'): Json {
  const base = clone((recorded<Json[]>('pulls-list')[0]!['user'] as Json) ?? {});
  return { ...base, login, type, url: `https://api.github.com/users/${login}` };
}

export interface PullSpec {
  number: number;
  createdAt: number;
  updatedAt: number;
  mergedAt?: number | null;
  author?: string;
  bot?: boolean;
  draft?: boolean;
  /** Pending requested reviewers (logins) and teams (slugs) still on the pull request. */
  requestedReviewers?: string[];
  requestedTeams?: string[];
}

/** A pull request in the shape of the recorded `pulls-list.json` item. */
export function pull(repo: FakeRepo, spec: PullSpec): Json {
  const base = clone(recorded<Json[]>('pulls-list')[0]!);
  const api = `https://api.github.com/repos/${repo.owner}/${repo.name}`;
  return {
    ...base,
    url: `${api}/pulls/${spec.number}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${spec.number}`,
    number: spec.number,
    state: spec.mergedAt ? 'closed' : 'open',
    title: `Change ${spec.number}`,
    user: spec.bot ? user(`${spec.author ?? 'dependabot'}[bot]`, 'Bot') : user(spec.author ?? 'dev-alice'),
    created_at: iso(spec.createdAt),
    updated_at: iso(spec.updatedAt),
    closed_at: spec.mergedAt ? iso(spec.mergedAt) : null,
    merged_at: spec.mergedAt ? iso(spec.mergedAt) : null,
    draft: spec.draft === true,
    requested_reviewers: (spec.requestedReviewers ?? []).map((l) => user(l)),
    requested_teams: (spec.requestedTeams ?? []).map((slug) => ({ name: slug, slug, id: slug.length, privacy: 'closed', permission: 'pull' })),
  };
}

/** A `review_requested` issue timeline event (the shape GitHub documents for the timeline API). */
export function reviewRequested(at: number, who: { user?: string; team?: string }): Json {
  return {
    event: 'review_requested',
    created_at: iso(at),
    actor: user('dev-alice'),
    review_requester: user('dev-alice'),
    ...(who.user !== undefined ? { requested_reviewer: user(who.user) } : {}),
    ...(who.team !== undefined ? { requested_team: { name: who.team, slug: who.team, privacy: 'closed', permission: 'pull' } } : {}),
  };
}

/** A review in the shape of the recorded `pull-reviews-list.json` items. */
export function review(login: string, at: number | null, state = 'APPROVED'): Json {
  const base = clone(recorded<Json[]>('pull-reviews-list')[0]!);
  return { ...base, user: user(login), state, submitted_at: at === null ? undefined : iso(at) };
}

export interface RunSpec {
  id: number;
  name?: string | null;
  path?: string;
  event?: string;
  branch?: string;
  createdAt: number;
  /** Completed at (updated_at); null: in progress. */
  completedAt: number | null;
  conclusion?: string | null;
  referencedWorkflows?: string[];
}

/** A workflow run in the shape of the recorded `actions-runs-list.json` run. */
export function run(spec: RunSpec): Json {
  const base = clone(recorded<{ workflow_runs: Json[] }>('actions-runs-list').workflow_runs[0]!);
  return {
    ...base,
    id: spec.id,
    name: spec.name === undefined ? 'CI' : spec.name,
    path: spec.path ?? '.github/workflows/ci.yml',
    event: spec.event ?? 'pull_request',
    head_branch: spec.branch ?? 'feature',
    status: spec.completedAt === null ? 'in_progress' : 'completed',
    conclusion: spec.completedAt === null ? null : (spec.conclusion ?? 'success'),
    created_at: iso(spec.createdAt),
    run_started_at: iso(spec.createdAt),
    updated_at: iso(spec.completedAt ?? spec.createdAt),
    referenced_workflows: (spec.referencedWorkflows ?? []).map((path) => ({ path, sha: '0'.repeat(40), ref: 'refs/heads/main' })),
  };
}

/** Jobs in the shape of the recorded `actions-run-jobs.json` jobs: the recorded test jobs, then the given ones. */
export function jobs(...extra: { name: string; conclusion: string; failedStep?: string }[]): Json[] {
  const recordedJobs = recorded<{ jobs: Json[] }>('actions-run-jobs').jobs.slice(0, 2);
  const template = recordedJobs[0]!;
  return [
    ...clone(recordedJobs),
    ...extra.map((j, i) => {
      const steps: Json[] = clone(template['steps'] as Json[]).map((s) => ({ ...s, conclusion: 'success' }));
      if (j.failedStep !== undefined) steps.push({ ...steps[0]!, name: j.failedStep, conclusion: 'failure', number: steps.length + 1 });
      return { ...clone(template), id: 9000 + i, name: j.name, status: 'completed', conclusion: j.conclusion, steps };
    }),
  ];
}

/** A Dependabot alert in the shape of the recorded repository alert. */
export function dependabotAlert(spec: {
  number: number;
  createdAt: number;
  updatedAt?: number;
  state?: string;
  reason?: string;
  fixedAt?: number;
  cve?: string;
  ghsa?: string;
  severity?: string;
}): Json {
  const base = clone(recorded<Json[]>('dependabot-alerts-repo')[0]!);
  const advisory: Json = {
    ...(base['security_advisory'] as Json),
    ...(spec.cve !== undefined ? { cve_id: spec.cve } : {}),
    ...(spec.ghsa !== undefined ? { ghsa_id: spec.ghsa } : {}),
  };
  if (spec.severity !== undefined) advisory['severity'] = spec.severity;
  const state = spec.state ?? 'open';
  return {
    ...base,
    number: spec.number,
    state,
    security_advisory: advisory,
    security_vulnerability: { ...(base['security_vulnerability'] as Json), ...(spec.severity !== undefined ? { severity: spec.severity } : {}) },
    created_at: iso(spec.createdAt),
    updated_at: iso(spec.updatedAt ?? spec.fixedAt ?? spec.createdAt),
    fixed_at: state === 'fixed' ? iso(spec.fixedAt ?? spec.updatedAt ?? spec.createdAt) : null,
    dismissed_at: state === 'dismissed' ? iso(spec.updatedAt ?? spec.createdAt) : null,
    dismissed_reason: state === 'dismissed' ? (spec.reason ?? 'tolerable_risk') : null,
    auto_dismissed_at: null,
  };
}

/** A code scanning analysis (the shape GitHub documents for `GET /code-scanning/analyses`). */
export function analysis(id: number, at: number, tool = 'CodeQL', results = 3): Json {
  return {
    ref: 'refs/heads/main',
    commit_sha: '0'.repeat(40),
    analysis_key: '.github/workflows/codeql.yml:analyze',
    environment: '{"language":"javascript"}',
    category: '.github/workflows/codeql.yml:analyze/language:javascript',
    error: '',
    created_at: iso(at),
    results_count: results,
    rules_count: 120,
    id,
    url: `https://api.github.com/repos/o/r/code-scanning/analyses/${id}`,
    sarif_id: `sarif-${id}`,
    tool: { name: tool, guid: null, version: '2.19.0' },
    deletable: true,
    warning: '',
  };
}

/** A commit in the shape GitHub documents for `GET /repos/{o}/{r}/commits`. */
export function commit(sha: string, at: number, merge = false): Json {
  const person = { name: 'Dev Alice', email: 'alice@example.com', date: iso(at) };
  return {
    sha,
    node_id: `C_${sha}`,
    commit: { author: person, committer: person, message: merge ? 'Merge pull request' : `commit ${sha}`, tree: { sha: 'f'.repeat(40) }, comment_count: 0 },
    author: user('dev-alice'),
    committer: user('dev-alice'),
    parents: merge ? [{ sha: 'a'.repeat(40) }, { sha: 'b'.repeat(40) }] : [{ sha: 'a'.repeat(40) }],
  };
}
