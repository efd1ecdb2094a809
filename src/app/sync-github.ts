import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { GithubSettings } from '../config/github.js';
import {
  ALERT_KINDS,
  DEPENDABOT_TOOL,
  fetchAlerts,
  fetchAnalyses,
  SECRET_SCANNING_TOOL,
  type AlertFinding,
  type AlertKind,
} from '../connectors/github/alerts.js';
import { GithubClient, type GithubClientOptions } from '../connectors/github/client.js';
import { fetchCommitCounts } from '../connectors/github/commits.js';
import { cursorFromText, cursorToText, type ReadWindow, type ResourceCursor } from '../connectors/github/cursor.js';
import { compilePatterns, type GithubPatterns } from '../connectors/github/patterns.js';
import { fetchPullRequests, TeamDirectory } from '../connectors/github/pull-requests.js';
import { catalogTargets, fetchRepo, namedTargets, orgTargets, type RepoTarget } from '../connectors/github/repos.js';
import { fetchPipelineRuns } from '../connectors/github/workflow-runs.js';
import { InputError, SecscoreError } from '../domain/errors.js';
import { DAY_MS, type Millis } from '../domain/time.js';
import { parseContext } from '../importers/redact.js';
import { writeAlertFindings, type CoverageScan } from '../storage/alert-findings.js';
import { upsertRows } from '../storage/records.js';
import type { DB } from '../storage/schema.js';
import type { Store } from '../storage/store.js';
import { readSyncState, writeSyncState } from '../storage/sync-state.js';

export const GITHUB_SOURCE = 'github';
/** The import_log format of everything the connector stores. */
export const GITHUB_FORMAT = 'github-api';

export interface SyncGithubOptions {
  /** `--org`: the organization's repositories (archived ones left out). */
  org?: string;
  /** `--repos`: these repositories (`owner/name`, or `name` with `--org`; anything else, an empty entry too, is a usage error). Default: the catalog's. */
  repos?: string[];
  /** `--since`: read pull requests, runs and commits from this time instead of where the last sync stopped. */
  since?: Millis;
  /** `--full`: forget where the last syncs stopped (alerts are read in full again). */
  full?: boolean;
  /** `--api-url`, else the settings'. */
  apiUrl?: string;
  /** From GITHUB_TOKEN; sent to the API host only, never printed. */
  token?: string;
  now: Millis;
  settings: GithubSettings;
  /** For tests: fetch, sleep, clock, page size, retry delay. */
  client?: Omit<GithubClientOptions, 'apiUrl' | 'token' | 'onWait'>;
  /** A line while waiting for a rate limit or before a retry. */
  onWait?: (line: string) => void;
  onRepo?: (index: number, total: number, repo: string) => void;
  /**
   * Stops the sync when aborted (Ctrl-C, cli/interrupt.ts): the request or wait in progress
   * fails, the repository being synced is rolled back, and the abort's reason is thrown.
   */
  signal?: AbortSignal;
}

type AlertSourceReport =
  { available: true; unchanged: boolean; alerts: number; open: number; closed: number; dismissedOpen: number } | { available: false; reason: string };

export interface RepoSyncReport {
  repo: string;
  service: string | null;
  status: 'synced' | 'failed';
  /** Why the repository failed; its writes were rolled back and its cursors kept. */
  error?: string;
  /** It failed on an answer of the API that is not what the API gives (not JSON, or not of the shape expected): an input error. */
  invalidAnswer?: true;
  pullRequests?: { stored: number; securityReviewRequested: number; securityReviewed: number; bots: number; drafts: number; unchanged: boolean };
  pipelineRuns?: { stored: number; inProgress: number; releases: number; unchanged: boolean };
  commits?: { days: number; commits: number; unchanged: boolean };
  alerts?: Record<AlertKind, AlertSourceReport>;
  codeScanningAnalyses?: { scans: number; unchanged: boolean } | { available: false };
}

export interface SyncGithubReport {
  apiUrl: string;
  repos: RepoSyncReport[];
  /** Requests sent, retries included; 304 answers included (GitHub does not count them against the quota). */
  requests: number;
  waitedMs: number;
  warnings: string[];
}

/**
 * `secscore sync github`: for each repository (the catalog's on this API's host, an org's, or
 * those named), reads what changed since the last sync — pull requests with review requests
 * and reviews, Actions runs and jobs, Dependabot / code scanning / secret scanning alerts and
 * commit counts — and stores it in one transaction per repository together with the cursors
 * saying where it stopped. A repository that fails is rolled back (its cursors too) and the
 * others go on; the report says which failed. An answer that is not the API's (not JSON, not
 * the shape expected) fails its repository only, unless the first INVALID_ANSWERS_TO_STOP all
 * fail so with none synced (a wrong URL). An error that would fail every repository alike
 * (a bad token or URL, the API host unreachable, a stop) ends the sync: it is thrown as
 * SyncGithubStopped, which carries what was done until then.
 */
export async function syncGithub(store: Store, options: SyncGithubOptions): Promise<SyncGithubReport> {
  const apiUrl = options.apiUrl ?? options.settings.apiUrl;
  const client = new GithubClient({
    ...options.client,
    apiUrl,
    token: options.token,
    onWait: options.onWait ?? (() => {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const patterns = compilePatterns(options.settings);
  const warnings: string[] = [];
  if (!options.token) warnings.push('GITHUB_TOKEN is not set: requests are unauthenticated (60 an hour) and alerts cannot be read');
  const reports: RepoSyncReport[] = [];
  const reportNow = (): SyncGithubReport => ({ apiUrl: client.apiUrl, repos: reports, requests: client.requests, waitedMs: client.waitedMs, warnings });
  let total: number | null = null;
  try {
    const serviceKeys = await store.serviceKeys();
    const targets = await targetsOf(client, options, serviceKeys, warnings);
    total = targets.length;
    const states = await readSyncState(store.db, GITHUB_SOURCE);
    const secretKey = await store.secretKey();
    const redact = parseContext(secretKey).redactSecret;
    const teams = new TeamDirectory(client);
    let synced = 0;
    let invalidAnswers = 0;
    for (const [index, target] of targets.entries()) {
      options.signal?.throwIfAborted();
      options.onRepo?.(index + 1, targets.length, target.key);
      try {
        reports.push(await syncRepo(store, client, target, { options, patterns, states, redact, teams, warnings }));
        synced++;
      } catch (err) {
        // A bad token or URL, or an API host that cannot be reached, fails every repository alike: stop at the first. So does a stop.
        // An answer that is not the API's (not JSON, not the shape expected) fails its repository
        // only, as a 5xx that outlasts the retries does: one repository's broken page must not
        // keep every repository after it from syncing, run after run. Unless nothing has synced
        // and the first few all answered so: then it is the URL (a web server's HTML), and it stops.
        const why = options.signal?.aborted ? (options.signal.reason as unknown) : err;
        const invalid = why === err && err instanceof InputError;
        if (invalid) invalidAnswers++;
        const stops =
          why !== err ||
          (!invalid && err instanceof SecscoreError && (err.exitCode === 2 || err.code === 'API_UNREACHABLE')) ||
          (invalid && synced === 0 && invalidAnswers >= INVALID_ANSWERS_TO_STOP);
        reports.push({
          repo: target.key,
          service: target.serviceId,
          status: 'failed',
          error: why instanceof Error ? why.message : String(why),
          ...(invalid ? { invalidAnswer: true as const } : {}),
        });
        if (stops && invalid)
          throw new SecscoreError(
            'INPUT_INVALID',
            `sync github: the first ${invalidAnswers} repositories' answers from ${client.apiUrl} are not the GitHub REST API's (the last: ${(err as Error).message}); is the API URL right? (https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server)`,
            { cause: err },
          );
        if (stops) throw why;
      }
    }
  } catch (err) {
    throw new SyncGithubStopped(reportNow(), total, err);
  }
  return reportNow();
}

/** Repositories failed on answers that are not the API's, with none synced before them, after which the sync stops (syncGithub). */
export const INVALID_ANSWERS_TO_STOP = 3;

/**
 * The sync stopped before its end — a bad token or URL, the API host unreachable, Ctrl-C, the
 * database — with `cause` the error that stopped it. `report` is what was done until then: the
 * repositories committed (status synced), the one it stopped in (failed: rolled back, cursors
 * kept) and the warnings so far; `total` the repositories it was to sync (null when it stopped
 * before knowing them). The CLI prints the report, then fails with `cause` as it is.
 */
export class SyncGithubStopped extends Error {
  constructor(
    readonly report: SyncGithubReport,
    readonly total: number | null,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'SyncGithubStopped';
  }
}

async function targetsOf(client: GithubClient, options: SyncGithubOptions, serviceKeys: Map<string, string>, warnings: string[]): Promise<RepoTarget[]> {
  if (options.repos !== undefined) return dedupe(namedTargets(options.repos, options.org, serviceKeys, client.apiUrl));
  if (options.org !== undefined) return dedupe(await orgTargets(client, options.org, serviceKeys, warnings));
  const fromCatalog = catalogTargets(serviceKeys, client.apiUrl);
  if (fromCatalog.length === 0) {
    throw new SecscoreError(
      'USAGE',
      serviceKeys.size === 0
        ? 'sync github: the catalog lists no repositories (run `secscore catalog import` first), and neither --org nor --repos was given'
        : `sync github: no catalog repository is on github.com or ${new URL(client.apiUrl).host}; pass --org or --repos`,
    );
  }
  return fromCatalog;
}

function dedupe(targets: RepoTarget[]): RepoTarget[] {
  const seen = new Map<string, RepoTarget>();
  for (const t of targets) if (!seen.has(t.key)) seen.set(t.key, t);
  return [...seen.values()];
}

interface RepoContext {
  options: SyncGithubOptions;
  patterns: GithubPatterns;
  states: Map<string, string>;
  redact: ReturnType<typeof parseContext>['redactSecret'];
  teams: TeamDirectory;
  warnings: string[];
}

type Resource = 'repo' | 'pulls' | 'runs' | 'commits' | 'analyses' | AlertKind;

async function syncRepo(store: Store, client: GithubClient, target: RepoTarget, ctx: RepoContext): Promise<RepoSyncReport> {
  const { options, warnings } = ctx;
  const stateKey = (r: Resource) => `${target.key}#${r}`;
  const cursorOf = (r: Resource): ResourceCursor | null => (options.full ? null : cursorFromText(ctx.states.get(stateKey(r)) ?? ''));
  const floor = options.now - options.settings.firstSyncDays * DAY_MS;
  /** Pull requests, runs, commits, analyses: from --since, else the cursor, else the first-sync window. */
  const windowOf = (r: Resource): ReadWindow => {
    const cursor = cursorOf(r);
    if (options.since !== undefined) return { since: options.since, cursor, fromCursor: false };
    if (cursor !== null) return { since: cursor.since, cursor, fromCursor: true };
    return { since: floor, cursor: null, fromCursor: false };
  };
  /** Alerts are the open backlog: read in full the first time, then what changed. */
  const alertWindow = (r: AlertKind): ReadWindow => {
    const cursor = cursorOf(r);
    return cursor !== null ? { since: cursor.since, cursor, fromCursor: true } : { since: null, cursor: null, fromCursor: false };
  };

  const repo = await fetchRepo(client, target, cursorOf('repo'));
  if (repo === null) throw new SecscoreError('RUNTIME', `${target.key}: no such repository, or the token cannot read it`);
  const cursors = new Map<Resource, ResourceCursor>([['repo', repo.cursor]]);

  const pulls = await fetchPullRequests(client, target, { window: windowOf('pulls'), pattern: ctx.patterns.securityReviewers, teams: ctx.teams }, warnings);
  if (pulls.available) cursors.set('pulls', pulls.cursor);
  const runs = await fetchPipelineRuns(
    client,
    target,
    { window: windowOf('runs'), defaultBranch: repo.defaultBranch, patterns: ctx.patterns, now: options.now, stored: (ids) => storedRuns(store.db, ids) },
    warnings,
  );
  if (runs.available) cursors.set('runs', runs.cursor);
  const commits = await fetchCommitCounts(client, target, { window: windowOf('commits'), now: options.now }, warnings);
  if (commits.available) cursors.set('commits', commits.cursor);

  // Alerts are findings, and a finding belongs to a service: a repository no service lists keeps its alerts for later.
  const alerts = new Map<AlertKind, Awaited<ReturnType<typeof fetchAlerts>>>();
  let analyses: Awaited<ReturnType<typeof fetchAnalyses>> | null = null;
  if (target.serviceId === null) {
    warnings.push(
      `${target.key} is in no catalog service: its pull requests, runs and commits are stored, its alerts are not (add it to a service's repos in the catalog)`,
    );
  } else {
    for (const kind of ALERT_KINDS) {
      const read = await fetchAlerts(client, target, kind, { window: alertWindow(kind), redact: ctx.redact }, warnings);
      alerts.set(kind, read);
      if (read.available) cursors.set(kind, read.cursor);
    }
    if (alerts.get('code-scanning')?.available) {
      analyses = await fetchAnalyses(client, target, { window: windowOf('analyses') }, warnings);
      if (analyses.available) cursors.set('analyses', analyses.cursor);
    }
  }

  await store.db.transaction().execute(async (trx) => {
    const log = async (kind: string, rows: readonly unknown[]) =>
      trx
        .insertInto('import_log')
        .values({ kind, format: GITHUB_FORMAT, file: target.key, sha256: sha256(rows), imported_at: Date.now(), records: rows.length })
        .execute();
    // A kind is logged when its source answered, rows or none: "loaded, empty" is not "never loaded".
    if (pulls.available) {
      await upsertRows(trx, 'pull_requests', ['repo', 'number'], pulls.rows as unknown as Record<string, unknown>[]);
      await log('pull-requests', pulls.rows);
    }
    if (runs.available) {
      await upsertRows(trx, 'pipeline_runs', ['id'], runs.rows as unknown as Record<string, unknown>[]);
      await log('pipeline-runs', runs.rows);
    }
    if (commits.available) {
      await upsertRows(trx, 'commits', ['repo', 'day'], commits.rows as unknown as Record<string, unknown>[]);
      await log('commits', commits.rows);
    }
    if (target.serviceId !== null && [...alerts.values()].some((a) => a.available)) {
      const serviceId = target.serviceId;
      const findings: AlertFinding[] = [...alerts.values()].flatMap((a) => (a.available ? a.rows : []));
      await writeAlertFindings(trx as unknown as Kysely<DB>, {
        syncedAt: options.now,
        scans: coverageScans(serviceId, alerts, analyses, options.now),
        alerts: findings.map((finding) => ({ serviceId, finding })),
        source: { format: GITHUB_FORMAT, file: target.key, sha256: sha256(findings.map((f) => [f.fingerprint, f.toolOpenedAt, f.toolFixedAt])) },
      });
    }
    for (const [resource, cursor] of cursors)
      await writeSyncState(trx as unknown as Kysely<DB>, GITHUB_SOURCE, stateKey(resource), cursorToText(cursor), options.now);
  });

  const alertReports = Object.fromEntries(
    ALERT_KINDS.map((kind): [AlertKind, AlertSourceReport] => {
      const read = alerts.get(kind);
      if (read === undefined) return [kind, { available: false, reason: 'the repository is in no catalog service' }];
      if (!read.available) return [kind, { available: false, reason: `HTTP ${read.status}${read.message ? `: ${read.message}` : ''}` }];
      const closed = read.rows.filter((f) => f.toolFixedAt !== null).length;
      return [
        kind,
        {
          available: true,
          unchanged: read.unchanged,
          alerts: read.rows.length,
          open: read.rows.length - closed,
          closed,
          dismissedOpen: read.rows.filter((f) => f.dismissedOpen).length,
        },
      ];
    }),
  ) as Record<AlertKind, AlertSourceReport>;
  return {
    repo: target.key,
    service: target.serviceId,
    status: 'synced',
    pullRequests: {
      stored: pulls.rows.length,
      securityReviewRequested: pulls.rows.filter((r) => r.security_review_requested_at !== null).length,
      securityReviewed: pulls.rows.filter((r) => r.first_security_review_at !== null).length,
      ...pulls.skipped,
      unchanged: pulls.unchanged,
    },
    pipelineRuns: { stored: runs.rows.length, inProgress: runs.inProgress, releases: runs.rows.filter((r) => r.release).length, unchanged: runs.unchanged },
    commits: { days: commits.rows.length, commits: commits.rows.reduce((n, r) => n + r.count, 0), unchanged: commits.unchanged },
    alerts: alertReports,
    ...(analyses !== null
      ? { codeScanningAnalyses: analyses.available ? { scans: analyses.rows.length, unchanged: analyses.unchanged } : { available: false as const } }
      : {}),
  };
}

/**
 * The scans the alert sources attest: Dependabot and secret scanning watch a repository all the
 * time they are on, so a sync that reads them is a scan of sca / secrets at the sync time; code
 * scanning runs when an analysis is uploaded, so each analysis is one (the latest per tool and
 * UTC day).
 */
function coverageScans(
  serviceId: string,
  alerts: ReadonlyMap<AlertKind, Awaited<ReturnType<typeof fetchAlerts>>>,
  analyses: Awaited<ReturnType<typeof fetchAnalyses>> | null,
  now: Millis,
): CoverageScan[] {
  const scans: CoverageScan[] = [];
  if (alerts.get('dependabot')?.available) scans.push({ serviceId, tool: DEPENDABOT_TOOL, category: 'sca', at: now });
  if (alerts.get('secret-scanning')?.available) scans.push({ serviceId, tool: SECRET_SCANNING_TOOL, category: 'secrets', at: now });
  if (analyses?.available) {
    const latest = new Map<string, CoverageScan>();
    for (const a of analyses.rows) {
      const key = `${a.tool}\u0000${Math.floor(a.at / DAY_MS)}`;
      const seen = latest.get(key);
      if (seen === undefined || a.at > seen.at)
        latest.set(key, { serviceId, tool: a.tool, category: a.category, at: a.at, ...(a.results !== null ? { findings: a.results } : {}) });
    }
    scans.push(...latest.values());
  }
  return scans;
}

/** Runs already stored, with their finish time: a completed run seen again is not re-read. */
async function storedRuns(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Millis | null>> {
  const out = new Map<string, Millis | null>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('pipeline_runs')
      .select(['id', 'finished_at'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.finished_at === null ? null : Number(r.finished_at));
  }
  return out;
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
