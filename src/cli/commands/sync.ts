import { Command } from 'commander';
import { syncGithub, SyncGithubStopped, type RepoSyncReport, type SyncGithubReport } from '../../app/sync-github.js';
import { SecscoreError } from '../../domain/errors.js';
import { parseTimestamp } from '../../domain/time.js';
import { termText } from '../../domain/text.js';
import { now, withStore } from '../context.js';
import { printJson, println, progress, type Progress } from '../output.js';

interface SyncGithubFlags {
  org?: string;
  repos?: string;
  since?: string;
  full?: boolean;
  apiUrl?: string;
  json?: boolean;
}

export function syncCommand(): Command {
  const sync = new Command('sync').description('read delivery and security signals from a platform API (GitHub)');
  sync
    .command('github')
    .description(
      'pull requests and security reviews, Actions runs and their security stage, Dependabot / code scanning / secret scanning alerts, commit counts',
    )
    .option('--org <org>', 'the repositories of this organization (default: the catalog repositories on the API host)')
    .option('--repos <a,b>', 'only these repositories: owner/name (or name with --org), comma-separated; an empty entry is an error')
    .option('--since <iso>', 'read pull requests, runs and commits from this time rather than from where the last sync stopped')
    .option('--full', 'forget where the last syncs stopped: read alerts in full again, and the rest from --since or the first-sync window')
    .option(
      '--api-url <url>',
      'the REST API: https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server (default: github.apiUrl in secscore.yaml)',
    )
    .option('--json', 'print the sync report as JSON')
    .addHelpText(
      'after',
      `
The token comes from GITHUB_TOKEN (never printed). It needs read access to the repositories'
contents, pull requests, Actions and security alerts (a fine-grained token with "Contents",
"Pull requests", "Actions", "Dependabot alerts", "Code scanning alerts" and "Secret scanning
alerts" read, or a classic token with repo and security_events; read:org to resolve team reviewers).

Incremental: each repository's cursors (where each resource stopped, with its ETag) are kept in
the database with what was read, in one transaction per repository; the next sync reads only
what changed. The first sync of a repository reads the last github.firstSyncDays (400) days of
pull requests, runs and commits, and every alert. Rate limits are waited out, with a line on
stderr; 5xx answers are retried with backoff. An API host that does not resolve or refuses
connections is tried once more, then the sync stops (exit 1) naming the API URL. A sync that
stops early (a bad token, the API host unreachable, Ctrl-C) first prints its warnings and the
repositories it committed (with --json, the report with "total" and "error"), then the error.
A repository that fails otherwise (a 5xx past its retries, an answer that is not the API's
JSON) is rolled back with its cursors while the others go on; the sync then exits 1, or 2 when
an answer was not the API's ("invalidAnswer" in its report). When the first three repositories
all answer so, none synced, the sync stops: check --api-url.

What is read (patterns in secscore.yaml, github: …):
  pull requests   → pull-requests records; a security review is requested when a requested
                    reviewer or team matches github.securityReviewers; bots and drafts are left out
  Actions runs    → pipeline-runs records; the security stage is the job matching
                    github.securityStageJob; a release is a successful run of a workflow matching
                    github.releaseWorkflow on the default branch or a version tag (github.releaseBranch)
  alerts          → findings (Dependabot: sca, code scanning: its tool's category, secret
                    scanning: secrets) with GitHub's own open, fixed and dismissed times;
                    secret values are never stored
  commits         → commits records (per repository and UTC day, default branch, merges left out)

Examples:
  $ GITHUB_TOKEN=ghp_… secscore sync github
  $ secscore sync github --org acme --since 2026-01-01
  $ secscore sync github --repos acme/billing-api,acme/ledger --json
  $ secscore sync github --api-url https://github.acme.io/api/v3`,
    )
    .action(async (opts: SyncGithubFlags, command: Command) => {
      let since: number | undefined;
      if (opts.since !== undefined) {
        const t = parseTimestamp(opts.since);
        if (t === null) throw new SecscoreError('USAGE', `--since: expected an ISO 8601 timestamp, got "${opts.since}"`);
        since = t;
      }
      const token = process.env['GITHUB_TOKEN']?.trim() || undefined;
      const report = await withStore(
        command,
        async (store, { settings }, signal) => {
          let bar: Progress | null = null;
          const stopBar = (): void => {
            bar?.stop();
            bar = null;
          };
          try {
            return await syncGithub(store, {
              ...(opts.org !== undefined ? { org: opts.org } : {}),
              ...(opts.repos !== undefined ? { repos: opts.repos.split(',') } : {}),
              ...(since !== undefined ? { since } : {}),
              ...(opts.apiUrl !== undefined ? { apiUrl: opts.apiUrl } : {}),
              ...(token !== undefined ? { token } : {}),
              full: opts.full === true,
              now: now(),
              ...(signal !== undefined ? { signal } : {}),
              settings: settings.github,
              onWait: (line) => process.stderr.write(waitLine(line)),
              onRepo: (index, total, repo) => {
                bar ??= progress('sync github', total, { quiet: opts.json === true });
                bar.tick(repo);
              },
            });
          } catch (err) {
            if (!(err instanceof SyncGithubStopped)) throw err;
            // Printed here, before the error unwinds: interruptible replaces whatever a stopped
            // work throws with its own INTERRUPTED error, and this report would be lost with it.
            stopBar();
            printStopped(err, opts.json === true);
            throw err.cause;
          } finally {
            stopBar();
          }
        },
        { interruptible: 'the repository being synced was rolled back (those before it are in)' },
      );
      warn(report);
      if (opts.json) printJson(report);
      else printReport(report);
      const failed = report.repos.filter((r) => r.status === 'failed');
      if (failed.length > 0) {
        // Exit 2 when one failed on an answer that is not the API's (an input error), else 1.
        throw new SecscoreError(
          failed.some((f) => f.invalidAnswer === true) ? 'INPUT_INVALID' : 'RUNTIME',
          `sync github: ${failed.length} of ${report.repos.length} repositories failed (their data and cursors were left as they were): ${failed.map((f) => f.repo).join(', ')}`,
        );
      }
    });
  return sync;
}

/** A wait line on stderr (a rate limit, a retry): it quotes a request path and an error, printed inert. */
export function waitLine(line: string): string {
  return `sync github: ${termText(line)}\n`;
}

function warn(report: SyncGithubReport): void {
  for (const w of report.warnings) process.stderr.write(`warning: ${termText(w)}\n`);
}

function printReport(report: SyncGithubReport): void {
  for (const r of report.repos) println(repoLine(r));
  println(`${report.repos.length} repositor${report.repos.length === 1 ? 'y' : 'ies'} from ${termText(report.apiUrl)}: ${requestsOf(report)}`);
}

/**
 * A sync that stopped: the warnings so far, then what it committed (text, or the report as
 * JSON with `total` and the `error`), before the error itself goes to stderr. Nothing on stdout
 * when it stopped before knowing its repositories (a usage error, the org listing failed):
 * nothing was read, and the error says it all.
 */
function printStopped(stopped: SyncGithubStopped, json: boolean): void {
  const { report, total, cause } = stopped;
  warn(report);
  if (total === null) return;
  if (json) {
    const error = cause instanceof SecscoreError ? { code: cause.code, message: cause.message } : { message: stopped.message };
    printJson({ ...report, total, error });
    return;
  }
  for (const r of report.repos) println(repoLine(r));
  const synced = report.repos.filter((r) => r.status === 'synced').length;
  const failed = report.repos.length - synced;
  const unread = total - report.repos.length;
  const parts = [`${synced} synced and kept`, ...(failed > 0 ? [`${failed} rolled back`] : []), ...(unread > 0 ? [`${unread} not read`] : [])];
  println(`sync stopped: of ${total} repositor${total === 1 ? 'y' : 'ies'} from ${termText(report.apiUrl)}, ${parts.join(', ')}; ${requestsOf(report)}`);
}

function requestsOf(report: SyncGithubReport): string {
  const waited = report.waitedMs > 0 ? `, waited ${Math.ceil(report.waitedMs / 1000)}s for rate limits and retries` : '';
  return `${report.requests} requests${waited}`;
}

function repoLine(r: RepoSyncReport): string {
  const name = `${termText(r.repo)}${r.service ? ` (${termText(r.service)})` : ''}`;
  if (r.status === 'failed') return `${name}: FAILED: ${termText(r.error ?? '')}`;
  const parts: string[] = [];
  const pr = r.pullRequests!;
  parts.push(pr.unchanged ? 'pull requests unchanged' : `${count(pr.stored, 'pull request')} (${pr.securityReviewRequested} asked for a security review)`);
  const runs = r.pipelineRuns!;
  parts.push(runs.unchanged ? 'runs unchanged' : `${count(runs.stored, 'run')}${runs.inProgress ? ` (+${runs.inProgress} in progress)` : ''}`);
  for (const [kind, a] of Object.entries(r.alerts ?? {})) {
    if (!a.available) parts.push(`${kind} n/a`);
    else if (a.unchanged) parts.push(`${kind} unchanged`);
    else parts.push(`${count(a.alerts, `${kind} alert`)}${a.dismissedOpen ? ` (${a.dismissedOpen} dismissed unfixed, kept open)` : ''}`);
  }
  const c = r.commits!;
  parts.push(c.unchanged ? 'commits unchanged' : `${count(c.commits, 'commit')} over ${count(c.days, 'day')}`);
  return `${name}: ${parts.join(', ')}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
