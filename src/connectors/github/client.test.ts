import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecscoreError } from '../../domain/errors.js';
import { GithubClient, nextLink } from './client.js';
import { commit, DAY, emptyRepo } from './test-support/fake-github.js';
import { closedPort, ReplayServer } from './test-support/replay-server.js';

const T0 = Date.UTC(2026, 8, 1);
const TOKEN = 'ghp_test_token_never_printed_0123456789';

describe('the GitHub client against the replay server', () => {
  let server: ReplayServer;
  let clock: number;
  let slept: number[];
  let waits: string[];
  const client = (over: Partial<ConstructorParameters<typeof GithubClient>[0]> = {}) =>
    new GithubClient({
      apiUrl: server.url,
      token: TOKEN,
      perPage: 10,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      onWait: (line) => waits.push(line),
      retryDelayMs: 500,
      ...over,
    });

  beforeAll(async () => {
    server = await ReplayServer.start();
    const repo = emptyRepo('acme', 'billing-api');
    for (let i = 0; i < 35; i++) repo.commits.push(commit(`c${String(i).padStart(3, '0')}`, T0 + i * DAY));
    server.add(repo);
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    clock = T0;
    slept = [];
    waits = [];
  });

  it('follows Link rel="next" across pages, sending the token to the API host', async () => {
    const from = server.requests.length;
    const listed = await client().list('/repos/acme/billing-api/commits', {});
    expect(listed).toMatchObject({ ok: true, notModified: false, pages: 4 });
    if (!listed.ok || listed.notModified) throw new Error('listed');
    expect(listed.items).toHaveLength(35);
    expect(listed.items[0]).toMatchObject({ path: '$[0]' });
    expect(listed.items.map((i) => (i.value as { sha: string }).sha)).toEqual([...Array(35).keys()].reverse().map((i) => `c${String(i).padStart(3, '0')}`));
    expect(server.seen(from)).toEqual([1, 2, 3, 4].map((p) => `GET /repos/acme/billing-api/commits?per_page=10${p > 1 ? `&page=${p}` : ''}`));
    expect(server.requests.slice(from).every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('waits out a primary rate limit until its reset, with a progress line, then goes on', async () => {
    server.inject({
      path: /commits$/,
      status: 403,
      headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(clock / 1000) + 1) }),
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    });
    const listed = await client().list('/repos/acme/billing-api/commits', {});
    expect(listed.ok).toBe(true);
    // Until the reset second plus a second's margin for clock skew.
    expect(slept).toEqual([2000]);
    expect(waits).toEqual([
      expect.stringMatching(
        /^GitHub rate limit reached \(resets at 2026-09-01T00:00:01\.000Z\); waiting 2s before GET \/repos\/acme\/billing-api\/commits\?per_page=10$/,
      ),
    ]);
  });

  it('stops at once when its signal is aborted (Ctrl-C), in a rate-limit wait of an hour and before any later request', async () => {
    server.inject({
      path: /commits$/,
      status: 403,
      headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) }),
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    const controller = new AbortController();
    const reason = new SecscoreError('INTERRUPTED', 'stopped by SIGINT');
    // The real clock and sleep: the wait would last an hour.
    const stopped = client({ now: Date.now, sleep: undefined, signal: controller.signal }).list('/repos/acme/billing-api/commits', {});
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    await expect(stopped).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(waits).toEqual([expect.stringContaining('GitHub rate limit reached')]);
    const from = server.requests.length;
    await expect(client({ signal: controller.signal }).list('/repos/acme/billing-api/commits', {})).rejects.toBe(reason);
    expect(server.requests.length).toBe(from);
  });

  it('waits out a secondary rate limit for its retry-after', async () => {
    server.inject({
      path: /commits$/,
      status: 403,
      headers: { 'retry-after': '3' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    server.inject({ path: /commits$/, status: 429, body: { message: 'You have exceeded a secondary rate limit.' } });
    const c = client();
    expect((await c.list('/repos/acme/billing-api/commits', {})).ok).toBe(true);
    // Without retry-after: a minute, doubling with each wait of the same request; long waits tick once a minute.
    expect(slept).toEqual([3000, 60_000, 60_000]);
    expect(waits).toEqual([
      expect.stringContaining('GitHub secondary rate limit; waiting 3s'),
      expect.stringContaining('GitHub secondary rate limit; waiting 2m'),
      '  … 1m left',
    ]);
    expect(c.waitedMs).toBe(123_000);
  });

  it('waits before the next request when an answer says the quota is spent', async () => {
    server.inject({
      path: /\/repos\/acme\/billing-api$/,
      status: 200,
      body: { name: 'billing-api' },
      headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(clock / 1000) + 30) }),
    });
    const c = client();
    expect(await c.get('/repos/acme/billing-api')).toMatchObject({ ok: true, body: { name: 'billing-api' } });
    expect(slept).toEqual([]);
    await c.get('/repos/acme/billing-api');
    expect(slept).toEqual([31_000]);
    expect(waits).toEqual([expect.stringContaining('GitHub rate limit used up; waiting 31s')]);
  });

  it('retries a 5xx answer with exponential backoff', async () => {
    server.inject({ path: /commits$/, status: 502, body: { message: 'Server Error' }, times: 2 });
    const from = server.requests.length;
    const listed = await client().list('/repos/acme/billing-api/commits', {});
    expect(listed.ok).toBe(true);
    expect(slept).toEqual([500, 1000]);
    expect(waits).toEqual([
      expect.stringContaining('HTTP 502 on GET /repos/acme/billing-api/commits?per_page=10; retrying in 1s (attempt 2 of 5)'),
      expect.stringContaining('(attempt 3 of 5)'),
    ]);
    expect(server.requests.slice(from).map((r) => r.status)).toEqual([502, 502, 200, 200, 200, 200]);
  });

  it('gives up after the last attempt with a runtime error naming the URL and status', async () => {
    server.inject({ path: /commits$/, status: 503, times: 3 });
    const error = await client({ maxAttempts: 3 })
      .list('/repos/acme/billing-api/commits', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecscoreError);
    expect((error as SecscoreError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/billing-api\/commits\?per_page=10: HTTP 503 .*gave up after 3 attempts/,
    );
  });

  it.each([
    [
      'a host name that does not resolve',
      async () => 'http://nonexistent.invalid',
      /its host name (does not resolve \(ENOTFOUND\)|cannot be resolved now \(DNS unavailable\) \(EAI_AGAIN\))/,
    ],
    ['a port nothing listens on', closedPort, /the connection was refused \(ECONNREFUSED\)/],
  ])('stops after one retry, not five, on %s: one runtime error naming the API URL', async (_what, apiUrl, why) => {
    const url = await apiUrl();
    const error = await client({ apiUrl: url })
      .get('/repos/acme/billing-api')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecscoreError);
    expect((error as SecscoreError).code).toBe('API_UNREACHABLE');
    expect((error as SecscoreError).exitCode).toBe(1);
    const message = (error as Error).message;
    expect(message).toContain(`cannot reach the GitHub API at ${url}: `);
    expect(message).toMatch(why);
    expect(message).toContain('(GET /repos/acme/billing-api, 2 attempts); check the network and --api-url');
    expect(message).not.toContain('GITHUB_TOKEN');
    expect(slept).toEqual([500]);
    expect(waits).toEqual([expect.stringMatching(/ on GET \/repos\/acme\/billing-api; retrying in 1s \(attempt 2 of 2\)$/)]);
  });

  it('refuses at once, as a usage error, a port fetch will not connect to (no retries)', async () => {
    const error = (await client({ apiUrl: 'http://127.0.0.1:6000' })
      .get('/repos/acme/billing-api')
      .catch((e: unknown) => e)) as SecscoreError;
    expect(error).toBeInstanceOf(SecscoreError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'cannot reach the GitHub API at http://127.0.0.1:6000: port 6000 is one fetch refuses to connect to (a "bad port" of the Fetch standard); give --api-url (or github.apiUrl) another port',
    );
    expect(slept).toEqual([]);
    expect(waits).toEqual([]);
  });

  it('says, when the API cannot be reached, that no token is set either', async () => {
    const error = (await client({ apiUrl: await closedPort(), token: undefined })
      .get('/repos/acme/billing-api')
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/--api-url; GITHUB_TOKEN is not set either \(unauthenticated requests are limited to 60 an hour\)$/);
  });

  it('answers a bad token with a usage error that names GITHUB_TOKEN and not the token', async () => {
    server.inject({ status: 401, body: { message: 'Bad credentials' } });
    const error = (await client()
      .get('/repos/acme/billing-api')
      .catch((e: unknown) => e)) as SecscoreError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('Bad credentials');
    expect(error.message).toContain('GITHUB_TOKEN');
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([
    [
      'a page',
      '<html><body>Unicorn! ghp_000000000000000000000000000000000000</body></html>',
      /the answer is not JSON \(an HTML or XML page\): Unexpected token '<'$/,
    ],
    [
      'a cut answer',
      '[{"number":1,"secret":"ghp_000000000000000000000000000000000000',
      /the answer is not JSON \(\d+ characters\): Unterminated string in JSON at position \d+/,
    ],
    ['a stray token', '[{"number":1,"secret": ghp_000000000000000000000000000000000000}]', /the answer is not JSON \(\d+ characters\): Unexpected token 'g'$/],
  ])('fails on %s that is not JSON as an input error naming the URL, without quoting the answer', async (_what, raw, message) => {
    server.inject({ status: 200, raw });
    const error = (await client()
      .get('/repos/acme/billing-api/secret-scanning/alerts')
      .catch((e: unknown) => e)) as SecscoreError;
    expect(error).toMatchObject({ code: 'INPUT_INVALID', exitCode: 2 });
    expect(error.message).toContain('/repos/acme/billing-api/secret-scanning/alerts');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('ghp_');
  });

  it('returns allowed statuses (a feature turned off) instead of failing', async () => {
    expect(await client().list('/repos/acme/unknown/pulls', {}, { allow: [404] })).toEqual({ ok: false, status: 404, message: 'Not Found' });
  });

  it('asks again with the ETag and learns that nothing changed', async () => {
    const first = await client().list('/repos/acme/billing-api/commits', {});
    if (!first.ok || first.notModified) throw new Error('listed');
    expect(first.etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const from = server.requests.length;
    expect(await client().list('/repos/acme/billing-api/commits', {}, { etag: first.etag })).toMatchObject({ ok: true, notModified: true });
    expect(server.requests.slice(from).map((r) => [r.ifNoneMatch, r.status])).toEqual([[first.etag, 304]]);
    expect(await client().list('/repos/acme/billing-api/commits', {}, { etag: 'W/"stale"' })).toMatchObject({ ok: true, notModified: false, pages: 4 });
  });

  it('refuses to follow a next link to another host, which would carry the token there', async () => {
    server.inject({ path: /commits$/, status: 200, body: [], headers: { link: '<https://evil.example/steal?page=2>; rel="next"' } });
    await expect(client().list('/repos/acme/billing-api/commits', {})).rejects.toThrow(
      /points to another host \(https:\/\/evil\.example\); refusing to send the token there/,
    );
  });

  it('does not follow redirects', async () => {
    server.inject({ status: 302, headers: { location: 'https://evil.example/x' } });
    await expect(client().get('/repos/acme/billing-api')).rejects.toThrow(/HTTP 302 redirect to https:\/\/evil\.example\/x; not followed/);
  });

  it('rejects an API URL that is not http(s)', () => {
    expect(() => new GithubClient({ apiUrl: 'ftp://example.com' })).toThrow(/--api-url: expected an http\(s\) URL/);
    expect(() => new GithubClient({ apiUrl: 'not a url' })).toThrow(/--api-url: expected a URL/);
  });
});

describe('Link headers', () => {
  it.each([
    ['<https://api.github.com/r?page=2>; rel="next", <https://api.github.com/r?page=5>; rel="last"', 'https://api.github.com/r?page=2'],
    ['<https://api.github.com/r?page=1>; rel="prev", <https://api.github.com/r?after=abc>; rel="next"', 'https://api.github.com/r?after=abc'],
    ['<https://api.github.com/r?page=1>; rel="first", <https://api.github.com/r?page=1>; rel="prev"', null],
    [null, null],
  ])('finds the next page in %s', (header, next) => {
    expect(nextLink(header)).toBe(next);
  });
});
