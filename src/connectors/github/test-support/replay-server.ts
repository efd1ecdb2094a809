import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake GitHub REST API on node:http for the connector's tests: it serves the recorded
 * response bodies of the corpus (src/importers/fixtures/corpus/github-api/) and larger ones
 * synthesized in the same shapes (fake-github.ts), the way GitHub does — `per_page`/`page`
 * pagination with `Link` headers, the sort orders and filters the connector asks for, ETags
 * and 304 answers to `If-None-Match`, rate-limit headers — and answers injected faults
 * (rate limits, 5xx) before routing. Every request is recorded.
 */

/** One repository's data, as the API would list it. */
export interface FakeRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  pulls: Record<string, unknown>[];
  timelines: Map<number, Record<string, unknown>[]>;
  reviews: Map<number, Record<string, unknown>[]>;
  runs: Record<string, unknown>[];
  jobs: Map<number, Record<string, unknown>[]>;
  /** An HTTP status answers instead of a list: 403 feature disabled, 404 not set up. */
  dependabot: Record<string, unknown>[] | number;
  codeScanning: Record<string, unknown>[] | number;
  analyses: Record<string, unknown>[] | number;
  secretScanning: Record<string, unknown>[] | number;
  commits: Record<string, unknown>[];
}

export interface SeenRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  ifNoneMatch: string | undefined;
  /** The status answered. */
  status: number;
}

export interface Fault {
  /** Which requests it answers; all when absent. */
  path?: RegExp;
  status: number;
  headers?: Record<string, string> | (() => Record<string, string>);
  body?: unknown;
  /** A body sent as it is, not as JSON (an HTML page, a cut answer). */
  raw?: string;
  /** How many requests it answers before it is spent (default 1). */
  times?: number;
}

const DEFAULT_PER_PAGE = 30;

export class ReplayServer {
  readonly requests: SeenRequest[] = [];
  readonly repos = new Map<string, FakeRepo>();
  /** Organization → repository full names. */
  readonly orgs = new Map<string, string[]>();
  /** `org/team-slug` → member logins. */
  readonly teams = new Map<string, string[]>();
  private readonly faults: (Fault & { left: number })[] = [];
  private server: Server | null = null;
  url = '';

  static async start(): Promise<ReplayServer> {
    const replay = new ReplayServer();
    const server = createServer((req, res) => replay.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    replay.server = server;
    replay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return replay;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    this.server = null;
  }

  add(repo: FakeRepo): FakeRepo {
    this.repos.set(`${repo.owner}/${repo.name}`.toLowerCase(), repo);
    return repo;
  }

  /** Answers the next matching request(s) with this instead of the data. */
  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Requests seen since `from` (an index into `requests`), as `METHOD /path?query` sorted by nothing: in order. */
  seen(from = 0): string[] {
    return this.requests.slice(from).map((r) => `${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ''}`);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      ifNoneMatch: typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined,
      status: 0,
    };
    this.requests.push(seen);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      seen.status = status;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...headers,
      });
      res.end(status === 304 || body === undefined ? undefined : JSON.stringify(body));
    };

    const fault = this.faults.find((f) => f.left > 0 && (f.path === undefined || f.path.test(url.pathname)));
    if (fault) {
      fault.left--;
      if (fault.raw !== undefined) {
        seen.status = fault.status;
        res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(fault.raw);
        return;
      }
      return send(fault.status, fault.body ?? { message: `HTTP ${fault.status}` }, typeof fault.headers === 'function' ? fault.headers() : fault.headers);
    }
    if (req.method !== 'GET') return send(405, { message: 'Method not allowed' });
    const answer = this.route(url.pathname, query);
    if (answer === null) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (typeof answer === 'number')
      return send(answer, { message: answer === 403 ? 'Advanced Security must be enabled for this repository to use code scanning.' : 'no analysis found' });
    if (!('list' in answer)) {
      const etag = etagOf(answer.body);
      if (seen.ifNoneMatch === etag) return send(304, undefined, { etag });
      return send(200, answer.body, { etag });
    }
    // A list: paginate as GitHub does, with `Link` naming next/last (and prev/first).
    const perPage = Math.min(100, Math.max(1, Number(query['per_page'] ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE));
    const page = Math.max(1, Number(query['page'] ?? 1) || 1);
    const last = Math.max(1, Math.ceil(answer.list.length / perPage));
    const items = answer.list.slice((page - 1) * perPage, page * perPage);
    const body = answer.key === undefined ? items : { total_count: answer.list.length, [answer.key]: items };
    const etag = etagOf(body);
    const link = (p: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    if (seen.ifNoneMatch === etag) return send(304, undefined, { etag });
    return send(200, body, { etag, ...(links.length ? { link: links.join(', ') } : {}) });
  }

  private route(path: string, query: Record<string, string>): { body: unknown } | { list: unknown[]; key?: string } | number | null {
    let m = /^\/orgs\/([^/]+)\/repos$/.exec(path);
    if (m) {
      const names = this.orgs.get(decodeURIComponent(m[1]!).toLowerCase());
      if (!names) return null;
      return {
        list: names
          .map((n) => this.repos.get(n.toLowerCase()))
          .filter((r): r is FakeRepo => r !== undefined)
          .map(repoBody),
      };
    }
    m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(path);
    if (m) {
      const members = this.teams.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`.toLowerCase());
      return members ? { list: members.map((login) => ({ login, type: 'User' })) } : null;
    }
    m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
    if (!m) return null;
    const repo = this.repos.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`.toLowerCase());
    if (!repo) return null;
    const rest = m[3] ?? '';
    if (rest === '') return { body: repoBody(repo) };
    if (rest === '/pulls') return { list: sorted(repo.pulls, query['sort'] === 'updated' ? 'updated_at' : 'created_at', query['direction'] !== 'asc') };
    if ((m = /^\/issues\/(\d+)\/timeline$/.exec(rest))) return { list: repo.timelines.get(Number(m[1])) ?? [] };
    if ((m = /^\/pulls\/(\d+)\/reviews$/.exec(rest)))
      return repo.pulls.some((p) => p['number'] === Number(m![1])) ? { list: repo.reviews.get(Number(m[1])) ?? [] } : null;
    if (rest === '/actions/runs') {
      const created = /^>=(.+)$/.exec(query['created'] ?? '');
      const since = created ? Date.parse(created[1]!) : null;
      return {
        key: 'workflow_runs',
        list: sorted(repo.runs, 'created_at', true).filter((r) => since === null || Date.parse(String(r['created_at'])) >= since),
      };
    }
    if ((m = /^\/actions\/runs\/(\d+)\/jobs$/.exec(rest))) return { key: 'jobs', list: repo.jobs.get(Number(m[1])) ?? [] };
    const alerts = (data: Record<string, unknown>[] | number) =>
      typeof data === 'number' ? data : { list: sorted(data, query['sort'] === 'updated' ? 'updated_at' : 'created_at', query['direction'] !== 'asc') };
    if (rest === '/dependabot/alerts') return alerts(repo.dependabot);
    if (rest === '/code-scanning/alerts') return alerts(repo.codeScanning);
    if (rest === '/secret-scanning/alerts') return alerts(repo.secretScanning);
    if (rest === '/code-scanning/analyses') return typeof repo.analyses === 'number' ? repo.analyses : { list: sorted(repo.analyses, 'created_at', true) };
    if (rest === '/commits') {
      const since = query['since'] !== undefined ? Date.parse(query['since']) : null;
      if (repo.commits.length === 0) return 409;
      return { list: sorted(repo.commits, 'commit.committer.date', true).filter((c) => since === null || Date.parse(commitDate(c)) >= since) };
    }
    return null;
  }
}

function repoBody(repo: FakeRepo): Record<string, unknown> {
  return {
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}`,
    owner: { login: repo.owner, type: 'Organization' },
    private: true,
    default_branch: repo.defaultBranch,
    archived: false,
  };
}

function commitDate(c: Record<string, unknown>): string {
  return String((c['commit'] as { committer: { date: string } }).committer.date);
}

/** Newest first by a time field (dotted path); GitHub's secret-scanning alerts lack `updated_at`: their last change stands in. */
function sorted(items: readonly Record<string, unknown>[], field: string, desc: boolean): Record<string, unknown>[] {
  const time = (item: Record<string, unknown>): number => {
    if (field === 'commit.committer.date') return Date.parse(commitDate(item));
    const value = item[field] ?? item['resolved_at'] ?? item['created_at'];
    return Date.parse(String(value));
  };
  return [...items].sort((a, b) => (desc ? time(b) - time(a) : time(a) - time(b)));
}

function etagOf(body: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
}

/** An http URL of a local port nothing listens on (bound, then closed): connections to it are refused (ECONNREFUSED). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
