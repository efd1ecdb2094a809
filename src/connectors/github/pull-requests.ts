import { parseTimestamp, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { etagFor, type ReadWindow, type ResourceRead } from './cursor.js';
import { repoPath, type RepoTarget } from './repos.js';
import { parseItems, pullSchema, reviewSchema, timelineEventSchema, type GithubPull, type GithubReview, type GithubTimelineEvent } from './schema.js';

/** A `pull_requests` row (inputs.md §3 pull-requests). */
export interface PullRequestRow {
  repo: string;
  number: number;
  service_id: string | null;
  created_at: Millis;
  merged_at: Millis | null;
  security_review_requested_at: Millis | null;
  first_security_review_at: Millis | null;
}

/** When a security reviewer was first asked for, and whom: logins and team slugs (lower case). */
export interface SecurityRequest {
  at: Millis;
  users: Set<string>;
  teams: { slug: string; at: Millis }[];
}

interface Actor {
  login: string;
  type?: string | null | undefined;
}

/** Bots (Dependabot, Renovate, apps) open pull requests nobody reviews for security: left out. */
export function isBot(user: Actor | null | undefined): boolean {
  if (!user) return false;
  return user.type === 'Bot' || user.login.toLowerCase().endsWith('[bot]');
}

/**
 * The security review request of a pull request: the first `review_requested` timeline event
 * naming a user or team that matches the pattern. A matching reviewer still pending on the pull
 * request without such an event (a timeline that could not be read) counts from its creation.
 */
export function securityRequestOf(pr: GithubPull, events: readonly GithubTimelineEvent[], pattern: RegExp): SecurityRequest | null {
  const users = new Set<string>();
  const teams = new Map<string, Millis>();
  let at: Millis | null = null;
  const note = (t: Millis) => {
    if (at === null || t < at) at = t;
  };
  for (const e of events) {
    if (e.event !== 'review_requested') continue;
    const t = parseTimestamp(e.created_at);
    if (t === null) continue;
    const login = e.requested_reviewer?.login;
    if (login !== undefined && pattern.test(login)) {
      users.add(login.toLowerCase());
      note(t);
    }
    const team = e.requested_team;
    const slug = team?.slug ?? team?.name ?? null;
    if (slug && (pattern.test(slug) || (team?.name != null && pattern.test(team.name)))) {
      const key = slug.toLowerCase();
      const prev = teams.get(key);
      if (prev === undefined || t < prev) teams.set(key, t);
      note(t);
    }
  }
  const created = parseTimestamp(pr.created_at)!;
  for (const u of pr.requested_reviewers ?? []) {
    if (!pattern.test(u.login) || users.has(u.login.toLowerCase())) continue;
    users.add(u.login.toLowerCase());
    note(created);
  }
  for (const team of pr.requested_teams ?? []) {
    const key = team.slug.toLowerCase();
    if (teams.has(key) || !(pattern.test(team.slug) || (team.name != null && pattern.test(team.name)))) continue;
    teams.set(key, created);
    note(created);
  }
  if (at === null) return null;
  return { at, users, teams: [...teams].map(([slug, t]) => ({ slug, at: t })) };
}

/**
 * The first review by a security reviewer: a reviewer whose login matches the pattern, who was
 * requested as one, or who is a member of a requested security team. Where a team's members
 * cannot be read (`null`), any review submitted after that team was asked counts. Pending
 * reviews, bots and the author do not count.
 */
export function firstSecurityReview(
  reviews: readonly GithubReview[],
  request: SecurityRequest,
  pattern: RegExp,
  teamMembers: ReadonlyMap<string, ReadonlySet<string> | null>,
  author: string | null,
): Millis | null {
  let first: Millis | null = null;
  for (const r of reviews) {
    const t = parseTimestamp(r.submitted_at);
    if (t === null || !r.user || r.state === 'PENDING' || isBot(r.user)) continue;
    const login = r.user.login.toLowerCase();
    if (author !== null && login === author.toLowerCase()) continue;
    const bySecurity =
      pattern.test(login) ||
      request.users.has(login) ||
      request.teams.some((team) => {
        const members = teamMembers.get(team.slug);
        if (members === undefined) return false;
        return members === null ? t >= team.at : members.has(login);
      });
    if (bySecurity && (first === null || t < first)) first = t;
  }
  return first;
}

/** Members (lower-case logins) of the organization teams asked for reviews, read once per sync. */
export class TeamDirectory {
  private readonly cache = new Map<string, ReadonlySet<string> | null>();
  constructor(private readonly client: GithubClient) {}

  /** Null when the token cannot read the team (no `read:org`, or no such team). */
  async members(org: string, slug: string): Promise<ReadonlySet<string> | null> {
    const key = `${org.toLowerCase()}/${slug}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const listed = await this.client.list(`/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(slug)}/members`, {}, { allow: [403, 404] });
    const members = listed.ok ? new Set(listed.items.flatMap((i) => (isLogin(i.value) ? [i.value.login.toLowerCase()] : []))) : null;
    this.cache.set(key, members);
    return members;
  }
}

/**
 * Pull requests updated since the window's start (all when null), newest change first so that
 * paging stops at the first page that reaches older ones; bots and drafts are left out. For
 * each, the timeline says whether (and when) a security reviewer was asked for; only then are
 * its reviews read. The cursor moves to the latest `updated_at` seen.
 */
export async function fetchPullRequests(
  client: GithubClient,
  target: RepoTarget,
  options: { window: ReadWindow; pattern: RegExp; teams: TeamDirectory },
  warnings: string[],
): Promise<ResourceRead<PullRequestRow> & { skipped: { bots: number; drafts: number } }> {
  const { window } = options;
  const base = repoPath(target);
  const query = { state: 'all', sort: 'updated', direction: 'desc' };
  const url = client.url(`${base}/pulls`, { per_page: client.perPage, ...query });
  const updated = (value: unknown) => parseTimestamp((value as { updated_at?: unknown } | null)?.updated_at) ?? Number.POSITIVE_INFINITY;
  const listed = await client.list(`${base}/pulls`, query, {
    allow: [403, 404],
    etag: etagFor(window.cursor, url, window.fromCursor),
    stop: (page) => window.since !== null && page.length > 0 && updated(page[page.length - 1]!.value) < window.since,
  });
  const skipped = { bots: 0, drafts: 0 };
  // Nothing read: the cursor stays as it was.
  const kept = { since: window.since, url, etag: window.cursor?.etag ?? null, extra: window.fromCursor ? (window.cursor?.extra ?? {}) : {} };
  if (!listed.ok) {
    warnings.push(`${target.key}: pull requests not readable (HTTP ${listed.status}${listed.message ? `: ${listed.message}` : ''})`);
    return { available: false, rows: [], cursor: kept, unchanged: false, listed: 0, skipped };
  }
  if (listed.notModified) return { available: true, rows: [], cursor: kept, unchanged: true, listed: 0, skipped };
  const pulls = parseItems(pullSchema, listed.items, warnings);
  // The next listing starts at the latest update seen, inclusive (another pull request may share
  // that second); those read at exactly that time are remembered so as not to be read twice.
  const readAtCursor = new Set(
    window.fromCursor && Array.isArray(window.cursor?.extra['atSince']) ? (window.cursor.extra['atSince'] as unknown[]).map(String) : [],
  );
  let since = window.since;
  const rows: PullRequestRow[] = [];
  for (const pr of pulls) {
    const updatedAt = parseTimestamp(pr.updated_at)!;
    if (since === null || updatedAt > since) since = updatedAt;
    if (window.since !== null && updatedAt < window.since) continue;
    if (updatedAt === window.since && readAtCursor.has(String(pr.number))) continue;
    if (isBot(pr.user)) {
      skipped.bots++;
      continue;
    }
    if (pr.draft === true) {
      skipped.drafts++;
      continue;
    }
    const timeline = await client.list(`${base}/issues/${pr.number}/timeline`, {}, { allow: [404, 410] });
    const events = timeline.ok ? parseItems(timelineEventSchema, timeline.items, warnings) : [];
    const request = securityRequestOf(pr, events, options.pattern);
    let firstReview: Millis | null = null;
    if (request !== null) {
      const listedReviews = await client.list(`${base}/pulls/${pr.number}/reviews`, {}, { allow: [404] });
      const reviews = listedReviews.ok ? parseItems(reviewSchema, listedReviews.items, warnings) : [];
      const members = new Map<string, ReadonlySet<string> | null>();
      const needTeams =
        request.teams.length > 0 && reviews.some((r) => r.user && !options.pattern.test(r.user.login) && !request.users.has(r.user.login.toLowerCase()));
      if (needTeams) for (const team of request.teams) members.set(team.slug, await options.teams.members(target.owner, team.slug));
      firstReview = firstSecurityReview(reviews, request, options.pattern, members, pr.user?.login ?? null);
    }
    rows.push({
      repo: target.key,
      number: pr.number,
      service_id: target.serviceId,
      created_at: parseTimestamp(pr.created_at)!,
      merged_at: parseTimestamp(pr.merged_at),
      security_review_requested_at: request?.at ?? null,
      first_security_review_at: firstReview,
    });
  }
  const atSince = pulls.filter((pr) => parseTimestamp(pr.updated_at) === since).map((pr) => String(pr.number));
  return { available: true, rows, cursor: { since, url, etag: listed.etag, extra: { atSince } }, unchanged: false, listed: listed.items.length, skipped };
}

function isLogin(v: unknown): v is { login: string } {
  return typeof v === 'object' && v !== null && typeof (v as { login?: unknown }).login === 'string';
}
