import { InputError, SecscoreError } from '../../domain/errors.js';

/** The format name errors about GitHub answers carry (the "file" is the request URL). */
export const GITHUB_API_FORMAT = 'GitHub REST API';

export const DEFAULT_API_URL = 'https://api.github.com';

export interface GithubClientOptions {
  /** `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  apiUrl: string;
  /** Sent as `Authorization: Bearer`; never printed. */
  token?: string | undefined;
  userAgent?: string;
  fetch?: typeof globalThis.fetch;
  /** Injected by tests so that rate-limit waits and retry backoff do not really wait. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A progress line while waiting (rate limits, retries). */
  onWait?: (line: string) => void;
  /**
   * Attempts per request for 5xx answers and network errors (default 5). A host that does not
   * resolve or refuses the connection is tried twice at most, then the client is unreachable.
   */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (default 1 s). */
  retryDelayMs?: number;
  /** Per-request timeout (default 60 s); a timeout is retried like a network error. */
  timeoutMs?: number;
  /** Items per page of a list (default 100, GitHub's maximum). */
  perPage?: number;
  /** Stops the client (Ctrl-C): the request or wait in progress fails with the signal's reason, and so does every later one. */
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | undefined>;

/** A list item with where it came from, so that a bad one can be named. */
export interface ListedItem {
  value: unknown;
  /** The page it was on. */
  url: string;
  /** Its JSON path in that page: `$[3]`, `$.workflow_runs[3]`. */
  path: string;
}

export type ListResult =
  /** `etag`: the first page's, for a conditional request next time. */
  | { ok: true; notModified: false; items: ListedItem[]; pages: number; etag: string | null; url: string }
  /** The first page is as it was when `etag` was given out: nothing changed (and GitHub does not count the request). */
  | { ok: true; notModified: true; etag: string; url: string }
  | { ok: false; status: number; message: string };

export interface ListOptions {
  /** Where the items are in a page body: the body itself (an array) by default, or a key of it (`workflow_runs`). */
  key?: string;
  /** Statuses that mean "not available here" (feature off, no access) rather than an error. */
  allow?: readonly number[];
  /** Called after each page; `true` stops before the next page (incremental listing sorted newest first). */
  stop?: (page: ListedItem[]) => boolean;
  /** The first page's ETag from the last listing of the same URL: a 304 answer means nothing changed. */
  etag?: string | null;
}

/** Attempts for a host that does not resolve or refuses connections: one retry for a blip, then stop. */
const UNREACHABLE_ATTEMPTS = 2;

/** Waits at most this many times for rate limits on one request before giving up. */
const MAX_RATE_LIMIT_WAITS = 20;
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
/** Clock skew margin added to a primary rate limit's reset time. */
const RESET_MARGIN_MS = 1_000;

/**
 * A small GitHub REST client on Node's fetch: follows `Link: rel="next"` pagination (same
 * origin only, so the token never leaves the API host), waits out primary rate limits
 * (`x-ratelimit-remaining: 0` → until `x-ratelimit-reset`) and secondary ones (`retry-after`),
 * and retries 5xx answers and network errors with exponential backoff, a bounded number of times.
 */
export class GithubClient {
  readonly apiUrl: string;
  private readonly origin: string;
  private readonly options: Required<Omit<GithubClientOptions, 'token' | 'signal'>> & { token: string | undefined; signal: AbortSignal | undefined };
  /** Requests sent (retries included) and time spent waiting: for the sync summary. */
  requests = 0;
  waitedMs = 0;
  /** A response said the quota is spent: the next request waits until then. */
  private blockedUntil = 0;

  constructor(options: GithubClientOptions) {
    let base: URL;
    try {
      base = new URL(options.apiUrl);
    } catch {
      throw new SecscoreError(
        'USAGE',
        `--api-url: expected a URL such as https://api.github.com or https://github.example.com/api/v3, got "${options.apiUrl}"`,
      );
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:')
      throw new SecscoreError('USAGE', `--api-url: expected an http(s) URL, got "${options.apiUrl}"`);
    this.apiUrl = base.toString().replace(/\/+$/, '');
    this.origin = base.origin;
    this.options = {
      apiUrl: this.apiUrl,
      token: options.token,
      userAgent: options.userAgent ?? 'secscore',
      fetch: options.fetch ?? globalThis.fetch,
      sleep: options.sleep ?? ((ms) => sleep(ms, options.signal)),
      signal: options.signal,
      now: options.now ?? Date.now,
      onWait: options.onWait ?? (() => {}),
      maxAttempts: options.maxAttempts ?? 5,
      retryDelayMs: options.retryDelayMs ?? 1_000,
      timeoutMs: options.timeoutMs ?? 60_000,
      perPage: options.perPage ?? 100,
    };
  }

  get perPage(): number {
    return this.options.perPage;
  }

  /** The full URL of an API path (`/repos/o/r/pulls`) with its query. */
  url(path: string, query: Query = {}): string {
    const url = new URL(`${this.apiUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /**
   * GET one JSON document. Statuses in `allow` come back as `{ ok: false }` instead of failing;
   * with `etag`, a 304 answer comes back as `notModified`.
   */
  async get(
    path: string,
    query: Query = {},
    options: { allow?: readonly number[]; etag?: string | null } = {},
  ): Promise<
    | { ok: true; notModified: false; body: unknown; url: string; etag: string | null }
    | { ok: true; notModified: true; url: string }
    | { ok: false; status: number; message: string }
  > {
    const url = this.url(path, query);
    const res = await this.request(url, options.allow ?? [], options.etag ?? null);
    if (!res.ok) return res;
    if (res.notModified) return { ok: true, notModified: true, url };
    return { ok: true, notModified: false, body: res.body, url, etag: res.etag };
  }

  /** GET every page of a list, following `Link: rel="next"`; with `etag`, a conditional first request. */
  async list(path: string, query: Query, options?: ListOptions & { etag?: undefined }): Promise<Exclude<ListResult, { notModified: true }>>;
  async list(path: string, query: Query, options: ListOptions): Promise<ListResult>;
  async list(path: string, query: Query, options: ListOptions = {}): Promise<ListResult> {
    const first = this.url(path, { per_page: this.options.perPage, ...query });
    let url: string | null = first;
    const items: ListedItem[] = [];
    let pages = 0;
    let etag: string | null = null;
    while (url !== null) {
      const conditional = pages === 0 && options.etag ? options.etag : null;
      const res = await this.request(url, pages === 0 ? (options.allow ?? []) : [], conditional);
      if (!res.ok) return res;
      if (res.notModified) return { ok: true, notModified: true, etag: conditional!, url: first };
      if (pages === 0) etag = res.etag;
      pages++;
      const container = options.key === undefined ? res.body : isRecord(res.body) ? res.body[options.key] : undefined;
      const at = options.key === undefined ? '$' : `$.${options.key}`;
      if (!Array.isArray(container)) throw new InputError(url, GITHUB_API_FORMAT, { jsonPath: at }, 'expected a list of items');
      const pageUrl: string = url;
      const page: ListedItem[] = container.map((value: unknown, i) => ({ value, url: pageUrl, path: `${at}[${i}]` }));
      items.push(...page);
      const next = nextLink(res.link);
      if (next !== null && new URL(next, url).origin !== this.origin) {
        throw new InputError(
          url,
          GITHUB_API_FORMAT,
          {},
          `the next page link points to another host (${new URL(next, url).origin}); refusing to send the token there`,
        );
      }
      url = next === null || options.stop?.(page) === true ? null : new URL(next, url).toString();
    }
    return { ok: true, notModified: false, items, pages, etag, url: first };
  }

  private async request(url: string, allow: readonly number[], etag: string | null = null): Promise<Answer> {
    let attempt = 0;
    let rateLimitWaits = 0;
    for (;;) {
      this.options.signal?.throwIfAborted();
      await this.waitForQuota(url);
      attempt++;
      this.requests++;
      let res: Response;
      try {
        const headers = this.headers();
        if (etag !== null) headers['if-none-match'] = etag;
        const timeout = AbortSignal.timeout(this.options.timeoutMs);
        const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
        res = await this.options.fetch(url, { headers, signal, redirect: 'manual' });
      } catch (err) {
        this.options.signal?.throwIfAborted();
        // A port fetch will not connect to (the Fetch standard's "bad ports": 1, 22, 25, 6000, …)
        // fails the same way every time: the URL is to be changed, not retried.
        if (err instanceof Error && err.cause instanceof Error && err.cause.message === 'bad port')
          throw new SecscoreError(
            'USAGE',
            `cannot reach the GitHub API at ${this.options.apiUrl}: port ${new URL(url).port} is one fetch refuses to connect to (a "bad port" of the Fetch standard); give --api-url (or github.apiUrl) another port`,
            { cause: err },
          );
        const unreachable = connectionFailure(err);
        const attempts = unreachable === null ? this.options.maxAttempts : Math.min(UNREACHABLE_ATTEMPTS, this.options.maxAttempts);
        if (attempt >= attempts) {
          if (unreachable !== null) throw this.unreachable(url, unreachable, attempt, err);
          throw new SecscoreError('RUNTIME', `GET ${url}: ${describeNetworkError(err)} (gave up after ${attempt} attempts)`, { cause: err });
        }
        await this.backoff(url, attempt, describeNetworkError(err), attempts);
        continue;
      }
      const text = await res.text().catch(() => '');
      this.noteQuota(res);
      if (res.status === 304 && etag !== null) return { ok: true, notModified: true };
      if (res.status >= 200 && res.status < 300) {
        const found = { ok: true, notModified: false, link: res.headers.get('link'), etag: res.headers.get('etag') } as const;
        if (res.status === 204 || text.trim() === '') return { ...found, body: null };
        return { ...found, body: parseJson(url, text) };
      }
      if (res.status >= 300 && res.status < 400) {
        // Redirects are not followed: the token would go wherever the Location points.
        throw new SecscoreError(
          'RUNTIME',
          `GET ${url}: HTTP ${res.status} redirect to ${res.headers.get('location') ?? '(no location)'}; not followed (check --api-url)`,
        );
      }
      const message = messageOf(text);
      if (res.status === 403 || res.status === 429) {
        const wait = this.rateLimitWait(res, message, rateLimitWaits);
        if (wait !== null) {
          rateLimitWaits++;
          if (rateLimitWaits > MAX_RATE_LIMIT_WAITS) throw new SecscoreError('RUNTIME', `GET ${url}: still rate limited after ${MAX_RATE_LIMIT_WAITS} waits`);
          await this.wait(wait.ms, `${wait.reason}; waiting ${formatDuration(wait.ms)} before GET ${pathOf(url)}`);
          attempt--;
          continue;
        }
      }
      if (res.status >= 500) {
        if (attempt >= this.options.maxAttempts)
          throw new SecscoreError('RUNTIME', `GET ${url}: HTTP ${res.status}${message ? ` (${message})` : ''}, gave up after ${attempt} attempts`);
        await this.backoff(url, attempt, `HTTP ${res.status}`);
        continue;
      }
      if (allow.includes(res.status)) return { ok: false, status: res.status, message };
      if (res.status === 401) throw new SecscoreError('USAGE', `GET ${url}: HTTP 401${message ? ` (${message})` : ''}: set GITHUB_TOKEN to a valid token`);
      throw new SecscoreError('RUNTIME', `GET ${url}: HTTP ${res.status}${message ? ` (${message})` : ''}`);
    }
  }

  /** One line naming the API and why it cannot be reached, and the missing token, if it is: nothing else will get through. */
  private unreachable(url: string, why: string, attempts: number, cause: unknown): SecscoreError {
    const token = this.options.token ? '' : '; GITHUB_TOKEN is not set either (unauthenticated requests are limited to 60 an hour)';
    return new SecscoreError(
      'API_UNREACHABLE',
      `cannot reach the GitHub API at ${this.apiUrl}: ${why} (GET ${pathOf(url)}, ${attempts} attempt${attempts === 1 ? '' : 's'}); check the network and --api-url${token}`,
      { cause },
    );
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': this.options.userAgent,
    };
    if (this.options.token) h['authorization'] = `Bearer ${this.options.token}`;
    return h;
  }

  /** Primary limit: remaining 0 → until the reset. Secondary: `retry-after`, else a minute, growing. */
  private rateLimitWait(res: Response, message: string, waits: number): { ms: number; reason: string } | null {
    const retryAfter = res.headers.get('retry-after');
    if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
      return { ms: Number(retryAfter) * 1000, reason: 'GitHub secondary rate limit' };
    }
    if (res.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      const ms = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - this.options.now()) + RESET_MARGIN_MS : SECONDARY_DEFAULT_WAIT_MS;
      return {
        ms,
        reason: `GitHub rate limit reached (resets at ${Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : 'an unknown time'})`,
      };
    }
    if (/secondary rate limit|abuse/i.test(message)) return { ms: SECONDARY_DEFAULT_WAIT_MS * 2 ** Math.min(waits, 4), reason: 'GitHub secondary rate limit' };
    return null;
  }

  private noteQuota(res: Response): void {
    if (res.status < 200 || res.status >= 400) return;
    if (res.headers.get('x-ratelimit-remaining') !== '0') return;
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) this.blockedUntil = reset * 1000 + RESET_MARGIN_MS;
  }

  private async waitForQuota(url: string): Promise<void> {
    if (this.blockedUntil === 0) return;
    const ms = this.blockedUntil - this.options.now();
    this.blockedUntil = 0;
    if (ms > 0) await this.wait(ms, `GitHub rate limit used up; waiting ${formatDuration(ms)} before GET ${pathOf(url)}`);
  }

  private async backoff(url: string, attempt: number, why: string, attempts = this.options.maxAttempts): Promise<void> {
    const ms = this.options.retryDelayMs * 2 ** (attempt - 1);
    await this.wait(ms, `GitHub: ${why} on GET ${pathOf(url)}; retrying in ${formatDuration(ms)} (attempt ${attempt + 1} of ${attempts})`);
  }

  /** Waits in steps of at most a minute, with a progress line at each step. */
  private async wait(ms: number, line: string): Promise<void> {
    this.options.onWait(line);
    let left = ms;
    while (left > 0) {
      this.options.signal?.throwIfAborted();
      const step = Math.min(left, 60_000);
      await this.options.sleep(step);
      this.waitedMs += step;
      left -= step;
      if (left > 0) this.options.onWait(`  … ${formatDuration(left)} left`);
    }
  }
}

type Answer =
  | { ok: true; notModified: false; body: unknown; link: string | null; etag: string | null }
  | { ok: true; notModified: true }
  | { ok: false; status: number; message: string };

/** The `rel="next"` target of a `Link` header, or null. */
export function nextLink(header: string | null): string | null {
  if (header === null) return null;
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1];
    if (rel !== undefined && rel.split(/\s+/).includes('next')) return m[1] ?? null;
  }
  return null;
}

function parseJson(url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8 quotes the text around an unexpected token ("<html><bod"...): an answer's text is not
    // printed, since a secret scanning alert's holds the secret. Where it went wrong, and whether
    // it is a page (HTML), is what tells a cut answer from a proxy's page or a wrong URL.
    const why = (err instanceof Error ? err.message : String(err)).replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
    const what = /^\s*</.test(text) ? 'an HTML or XML page' : `${text.length} characters`;
    throw new InputError(url, GITHUB_API_FORMAT, {}, `the answer is not JSON (${what}): ${why}`);
  }
}

function messageOf(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body['message'] === 'string') return body['message'].slice(0, 200);
  } catch {
    // not JSON: no message
  }
  return '';
}

/** Socket error codes that mean the API host cannot be reached at all (no name, nothing listening). */
const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name cannot be resolved now (DNS unavailable)',
  ECONNREFUSED: 'the connection was refused',
};

/** Why a failed fetch means the host is unreachable (fetch's cause carries the socket code, one per address tried), or null. */
function connectionFailure(err: unknown): string | null {
  const cause = err instanceof Error ? err.cause : undefined;
  const codes = [cause, ...(cause instanceof AggregateError ? cause.errors : [])].map((c) => (c instanceof Error && 'code' in c ? String(c.code) : ''));
  const code = codes.find((c) => c in UNREACHABLE_CODES);
  return code === undefined ? null : `${UNREACHABLE_CODES[code]} (${code})`;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return err.name === 'TimeoutError' ? 'request timed out' : `${err.message}${cause}`;
  }
  return String(err);
}

function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
