import { DAY_MS, parseTimestamp, toIso, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
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
 * Commit counts since the start of the day of `since` (everything when null): whole days are
 * counted again, so a day's count never comes from half a listing. An empty repository (409)
 * has none.
 */
export async function fetchCommitCounts(client: GithubClient, target: RepoTarget, options: { since: Millis | null }, warnings: string[]): Promise<{ rows: CommitDayRow[]; listed: number }> {
  const since = options.since === null ? undefined : toIso(dayStart(options.since));
  const listed = await client.list(`${repoPath(target)}/commits`, { since }, { allow: [404, 409] });
  if (!listed.ok) return { rows: [], listed: 0 };
  const days = countByDay(parseItems(commitSchema, listed.items, warnings));
  const rows = [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ repo: target.key, day, count }));
  return { rows, listed: listed.items.length };
}
