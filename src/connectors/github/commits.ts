import { DAY_MS, parseTimestamp, toIso, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { etagFor, type ReadWindow, type ResourceRead } from './cursor.js';
import { repoPath, type RepoTarget } from './repos.js';
import { commitSchema, parseItems, type GithubCommit } from './schema.js';

/** A `commits` row: commits on the default branch of a repository on one UTC day. */
export interface CommitDayRow {
  repo: string;
  day: string;
  count: number;
}

/** Commits per UTC day of their commit date; merge commits (two parents or more) are not counted. */
export function countByDay(commits: readonly GithubCommit[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const c of commits) {
    if ((c.parents?.length ?? 0) > 1) continue;
    const at = parseTimestamp(c.commit.committer?.date) ?? parseTimestamp(c.commit.author?.date);
    if (at === null) continue;
    const day = toIso(at).slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

/** The start of the UTC day of `t`. */
export function dayStart(t: Millis): Millis {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/**
 * Commit counts on the default branch since the start of the day of the window's start
 * (everything when null): whole days are counted again, so a day's count never comes from half
 * a listing. The next sync starts at `now`. An empty repository (409) has none.
 */
export async function fetchCommitCounts(
  client: GithubClient,
  target: RepoTarget,
  options: { window: ReadWindow; now: Millis },
  warnings: string[],
): Promise<ResourceRead<CommitDayRow>> {
  const { window } = options;
  const query = { since: window.since === null ? undefined : toIso(dayStart(window.since)) };
  const url = client.url(`${repoPath(target)}/commits`, { per_page: client.perPage, ...query });
  const listed = await client.list(`${repoPath(target)}/commits`, query, { allow: [403, 404, 409], etag: etagFor(window.cursor, url, window.fromCursor) });
  const next = { since: options.now, url, etag: window.cursor?.etag ?? null, extra: {} };
  if (!listed.ok) {
    if (listed.status !== 409) warnings.push(`${target.key}: commits not readable (HTTP ${listed.status}${listed.message ? `: ${listed.message}` : ''})`);
    // An empty repository has no commits: known, and none.
    return { available: listed.status === 409, rows: [], cursor: next, unchanged: false, listed: 0 };
  }
  if (listed.notModified) return { available: true, rows: [], cursor: next, unchanged: true, listed: 0 };
  const days = countByDay(parseItems(commitSchema, listed.items, warnings));
  const rows = [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ repo: target.key, day, count }));
  return { available: true, rows, cursor: { ...next, etag: listed.etag }, unchanged: false, listed: listed.items.length };
}
