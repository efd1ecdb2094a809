import { SecscoreError } from '../../domain/errors.js';
import { repoKey } from '../../domain/service.js';
import type { GithubClient } from './client.js';
import { etagFor, type ResourceCursor } from './cursor.js';
import { parseItems, repoSchema } from './schema.js';

/** One repository to sync. */
export interface RepoTarget {
  owner: string;
  name: string;
  /** Canonical repository key as the catalog spells it (`github.com/acme/billing-api`). */
  key: string;
  /** The catalog service listing the repository, or null. */
  serviceId: string | null;
}

/**
 * The web host repositories of an API live on: `api.github.com` → `github.com`,
 * `api.acme.ghe.com` → `acme.ghe.com`, `https://ghe.acme.io/api/v3` → `ghe.acme.io`.
 */
export function webHostOf(apiUrl: string): string {
  const host = new URL(apiUrl).host.toLowerCase();
  if (host === 'api.github.com') return 'github.com';
  if (host.startsWith('api.') && host.endsWith('.ghe.com')) return host.slice('api.'.length);
  return host;
}

/**
 * The catalog's repositories this API serves: those on github.com or on the `--api-url` host,
 * named `<host>/<owner>/<name>`.
 */
export function catalogTargets(serviceKeys: ReadonlyMap<string, string>, apiUrl: string): RepoTarget[] {
  const hosts = new Set(['github.com', webHostOf(apiUrl)]);
  const out: RepoTarget[] = [];
  for (const [k, serviceId] of serviceKeys) {
    if (!k.startsWith('repo:')) continue;
    const key = k.slice('repo:'.length);
    const [host, owner, name, ...rest] = key.split('/');
    if (host === undefined || owner === undefined || name === undefined || rest.length > 0 || !hosts.has(host)) continue;
    out.push({ owner, name, key, serviceId });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * A repository named by `--repos` or an org listing: `owner/name`, `github.com/owner/name` or a
 * URL. An `owner/name` takes the catalog's spelling when the catalog lists it on github.com or
 * on the API's host, so that it maps to its service.
 */
export function repoTarget(raw: string, serviceKeys: ReadonlyMap<string, string>, apiUrl: string): RepoTarget {
  const key = repoKey(raw);
  const parts = key.split('/').filter((p) => p !== '');
  let owner: string | undefined;
  let name: string | undefined;
  let host: string | undefined;
  if (parts.length === 2) [owner, name] = parts;
  else if (parts.length === 3) [host, owner, name] = parts;
  if (owner === undefined || name === undefined) {
    throw new SecscoreError('USAGE', `--repos: expected owner/name (or github.com/owner/name), got "${raw}"`);
  }
  const candidates = host !== undefined ? [`${host}/${owner}/${name}`] : [`${webHostOf(apiUrl)}/${owner}/${name}`, `github.com/${owner}/${name}`];
  for (const c of candidates) {
    const serviceId = serviceKeys.get(`repo:${c}`);
    if (serviceId !== undefined) return { owner, name, key: c, serviceId };
  }
  return { owner, name, key: candidates[0]!, serviceId: null };
}

/** An owner or repository name as GitHub allows them: letters, digits, `-`, `_` and `.`, not `.` or `..`. */
const SEGMENT = /^(?!\.{1,2}$)[a-z0-9._-]+$/i;

/**
 * The repositories `--repos` names: each `owner/name`, or `name` with `--org` (a
 * `github.com/owner/name` or a URL on the API's host is taken too). Anything else is a usage
 * error, an empty entry included: `--repos ",,"` must not read as "every repository", nor
 * `a/b/c` as `b/c`.
 */
export function namedTargets(entries: readonly string[], org: string | undefined, serviceKeys: ReadonlyMap<string, string>, apiUrl: string): RepoTarget[] {
  const hosts = new Set(['github.com', webHostOf(apiUrl)]);
  const expected = `expected owner/name${org === undefined ? '' : ' or a name of --org'}, comma-separated`;
  return entries.map((entry) => {
    const raw = entry.trim();
    if (raw === '') throw new SecscoreError('USAGE', `--repos: an empty entry in "${entries.join(',')}"; ${expected}`);
    const parts = repoKey(raw).split('/');
    const path = parts.length === 3 && hosts.has(parts[0]!) ? parts.slice(1) : parts;
    if (path.length > 2 || !path.every((p) => SEGMENT.test(p))) throw new SecscoreError('USAGE', `--repos: "${raw}" is not a repository name; ${expected}`);
    if (path.length === 1 && org === undefined)
      throw new SecscoreError('USAGE', `--repos: "${raw}" names no owner; expected owner/name, or --org <org> with it`);
    return repoTarget(path.length === 1 ? `${org}/${raw}` : raw, serviceKeys, apiUrl);
  });
}

/** The organization's repositories, archived ones left out (read-only, nothing new to read). */
export async function orgTargets(client: GithubClient, org: string, serviceKeys: ReadonlyMap<string, string>, warnings: string[]): Promise<RepoTarget[]> {
  const listed = await client.list(`/orgs/${encodeURIComponent(org)}/repos`, { type: 'all' }, { allow: [404] });
  if (!listed.ok)
    throw new SecscoreError(
      'USAGE',
      `--org ${org}: GitHub answered ${listed.status}${listed.message ? ` (${listed.message})` : ''}: no such organization, or the token cannot see it`,
    );
  const repos = parseItems(repoSchema, listed.items, warnings);
  return repos.filter((r) => r.archived !== true).map((r) => repoTarget(r.html_url ?? r.full_name, serviceKeys, client.apiUrl));
}

/** The repository path of the API: `/repos/<owner>/<name>`. */
export function repoPath(t: Pick<RepoTarget, 'owner' | 'name'>): string {
  return `/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.name)}`;
}

/**
 * The repository itself: its default branch (what releases ship from by default). Null when
 * the token cannot see it (404) — then nothing else of it can be read either.
 */
export async function fetchRepo(
  client: GithubClient,
  target: RepoTarget,
  cursor: ResourceCursor | null,
): Promise<{ defaultBranch: string | null; cursor: ResourceCursor } | null> {
  const url = client.url(repoPath(target));
  const known = typeof cursor?.extra['defaultBranch'] === 'string' ? (cursor.extra['defaultBranch'] as string) : null;
  const res = await client.get(repoPath(target), {}, { allow: [403, 404, 451], etag: etagFor(cursor, url, true) });
  if (!res.ok) return null;
  if (res.notModified) return { defaultBranch: known, cursor: cursor! };
  const parsed = repoSchema.safeParse(res.body);
  const defaultBranch = parsed.success ? (parsed.data.default_branch ?? null) : known;
  return { defaultBranch, cursor: { since: null, url, etag: res.etag, extra: { defaultBranch } } };
}
