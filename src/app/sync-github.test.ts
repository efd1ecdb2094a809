import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_SETTINGS } from '../config/github.js';
import { SecscoreError } from '../domain/errors.js';
import {
  analysis,
  commit,
  DAY,
  dependabotAlert,
  emptyRepo,
  HOUR,
  iso,
  jobs,
  pull,
  recorded,
  review,
  reviewRequested,
  run,
} from '../connectors/github/test-support/fake-github.js';
import { closedPort, ReplayServer, type FakeRepo } from '../connectors/github/test-support/replay-server.js';
import { readCatalog } from '../importers/catalog/read-catalog.js';
import type { Store } from '../storage/store.js';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { listRecords } from './record-handlers.js';
import { INVALID_ANSWERS_TO_STOP, syncGithub, SyncGithubStopped, type SyncGithubOptions, type SyncGithubReport } from './sync-github.js';

const CATALOG = join(dirname(fileURLToPath(import.meta.url)), '../importers/records/fixtures/catalog.yaml');
const TOKEN = 'ghp_replay_token_0123456789abcdef';
const T0 = Date.UTC(2026, 8, 1); // data from September 2026
const NOW1 = Date.UTC(2026, 9, 1, 6); // first sync
const NOW2 = NOW1 + HOUR; // second sync, nothing changed
const NOW3 = Date.UTC(2026, 9, 2, 6); // third sync, after changes

const SECURITY_TEAM = 'appsec';

/**
 * acme/billing-api: 35 pull requests (4 pages of 10): #3 by a bot, #5 a draft; every 4th asks
 * the appsec team, reviewed by a member 5 hours later (#12 not yet); 24 runs (3 pages): CI runs
 * with a security job, deploys on main (releases), #24 in progress, #7 a tool error; 12
 * Dependabot alerts (2 pages, the recorded one among them), the 14 recorded code scanning
 * alerts (2 pages), 2 analyses, the 2 recorded secret scanning alerts; 40 commits over 10 days,
 * every 10th a merge.
 */
function billingApi(): FakeRepo {
  const repo = emptyRepo('acme', 'billing-api');
  for (let n = 1; n <= 35; n++) {
    const created = T0 + n * 6 * HOUR;
    const asks = n % 4 === 0;
    repo.pulls.push(
      pull(repo, {
        number: n,
        createdAt: created,
        updatedAt: created + 8 * HOUR,
        mergedAt: n % 2 === 0 ? created + 8 * HOUR : null,
        bot: n === 3,
        draft: n === 5,
      }),
    );
    repo.timelines.set(
      n,
      asks
        ? [reviewRequested(created + HOUR, { team: SECURITY_TEAM }), reviewRequested(created + HOUR, { user: 'dev-carol' })]
        : [reviewRequested(created + HOUR, { user: 'dev-carol' })],
    );
    repo.reviews.set(n, [review('dev-carol', created + 2 * HOUR, 'COMMENTED'), ...(asks && n !== 12 ? [review('erin', created + 6 * HOUR)] : [])]);
  }
  for (let id = 1; id <= 24; id++) {
    const created = T0 + id * 12 * HOUR;
    const deploy = id % 6 === 0;
    repo.runs.push(
      run({
        id,
        name: deploy ? 'Deploy' : 'CI',
        path: deploy ? '.github/workflows/deploy.yml' : '.github/workflows/ci.yml',
        event: deploy ? 'push' : 'pull_request',
        branch: deploy ? 'main' : `feature-${id}`,
        createdAt: created,
        completedAt: id === 24 ? null : created + 20 * 60_000,
        conclusion: id === 7 ? 'failure' : 'success',
        referencedWorkflows: id % 2 === 0 ? ['acme/platform/.github/workflows/paved-road.yml@v3'] : [],
      }),
    );
    repo.jobs.set(
      id,
      deploy
        ? jobs()
        : jobs(
            id === 7 ? { name: 'security / trivy', conclusion: 'failure', failedStep: 'Install trivy' } : { name: 'security / trivy', conclusion: 'success' },
          ),
    );
  }
  repo.dependabot = [
    recorded<Record<string, unknown>[]>('dependabot-alerts-repo')[0]!,
    ...Array.from({ length: 11 }, (_, i) =>
      dependabotAlert({
        number: i + 2,
        createdAt: T0 + i * DAY,
        state: i < 3 ? 'fixed' : 'open',
        fixedAt: T0 + i * DAY + 3 * DAY,
        cve: `CVE-2026-${1000 + i}`,
        ghsa: `GHSA-0000-0000-${String(i).padStart(4, '0')}`,
        severity: i % 2 ? 'high' : 'critical',
      }),
    ),
  ];
  repo.codeScanning = recorded<Record<string, unknown>[]>('code-scanning-alerts-repo');
  repo.analyses = [analysis(101, T0 + 10 * DAY), analysis(102, T0 + 20 * DAY, 'CodeQL', 14)];
  repo.secretScanning = recorded<Record<string, unknown>[]>('secret-scanning-alerts-repo');
  for (let i = 0; i < 40; i++)
    repo.commits.push(commit(`b${String(i).padStart(3, '0')}`, T0 + 20 * DAY + Math.floor(i / 4) * DAY + (i % 4) * HOUR, i % 10 === 9));
  return repo;
}

/** acme/ledger: a few records; Dependabot turned off (403), code and secret scanning never set up (404). */
function ledger(): FakeRepo {
  const repo = emptyRepo('acme', 'ledger', 'trunk');
  repo.pulls.push(pull(repo, { number: 1, createdAt: T0, updatedAt: T0 + DAY }));
  repo.timelines.set(1, []);
  repo.runs.push(
    run({ id: 501, name: 'Release', path: '.github/workflows/release.yml', event: 'push', branch: 'trunk', createdAt: T0, completedAt: T0 + HOUR }),
  );
  repo.jobs.set(501, jobs({ name: 'gitleaks', conclusion: 'skipped' }));
  repo.dependabot = 403;
  repo.codeScanning = 404;
  repo.analyses = 404;
  repo.secretScanning = 404;
  repo.commits.push(commit('l001', T0 + DAY));
  return repo;
}

/** acme/web-portal: created, nothing in it yet (GitHub answers 409 to its commits). */
function webPortal(): FakeRepo {
  return emptyRepo('acme', 'web-portal');
}

describe.each(ENGINES)('sync github against the replay server on %s', (engine) => {
  let server: ReplayServer;
  let store: Store;
  let cleanup: () => Promise<void>;
  let clock: number;
  let slept: number[];
  let waits: string[];
  let billing: FakeRepo;

  const sync = (now: number, over: Partial<SyncGithubOptions> = {}): Promise<SyncGithubReport> => {
    clock = now;
    return syncGithub(store, {
      apiUrl: server.url,
      token: TOKEN,
      now,
      settings: { ...DEFAULT_GITHUB_SETTINGS, securityReviewers: `^${SECURITY_TEAM}$|^sec-` },
      client: {
        perPage: 10,
        retryDelayMs: 10,
        now: () => clock,
        sleep: async (ms) => {
          slept.push(ms);
          clock += ms;
        },
      },
      onWait: (line) => waits.push(line),
      ...over,
    });
  };

  beforeAll(async () => {
    server = await ReplayServer.start();
  });
  afterAll(async () => server.close());
  beforeEach(async () => {
    server.repos.clear();
    server.requests.length = 0;
    billing = server.add(billingApi());
    server.add(ledger());
    server.add(webPortal());
    server.add(emptyRepo('acme', 'search'));
    server.teams.set(`acme/${SECURITY_TEAM}`, ['erin']);
    slept = [];
    waits = [];
    ({ store, cleanup } = await openTestStore(engine));
    const { catalog } = readCatalog([{ path: CATALOG, text: readFileSync(CATALOG, 'utf8') }]);
    await store.saveCatalog(catalog, { kind: 'catalog', format: 'catalog', file: CATALOG, sha256: 'c'.repeat(64) });
  });
  afterEach(async () => cleanup());

  const prs = async (repo = 'github.com/acme/billing-api') => (await listRecords(store, 'pull-requests')).filter((r) => r['repo'] === repo);
  const runs = async (repo = 'github.com/acme/billing-api') => (await listRecords(store, 'pipeline-runs')).filter((r) => r['repo'] === repo);

  it('reads every catalog repository across pages, through rate limits and a retried 5xx, into records and findings', async () => {
    server.inject({
      path: /billing-api\/pulls$/,
      status: 403,
      headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(clock / 1000) + 1) }),
      body: { message: 'API rate limit exceeded' },
    });
    server.inject({
      path: /billing-api\/dependabot\/alerts$/,
      status: 403,
      headers: { 'retry-after': '2' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });
    server.inject({ path: /billing-api\/actions\/runs$/, status: 502, times: 2 });
    const report = await sync(NOW1);

    expect(report.repos.map((r) => [r.repo, r.service, r.status])).toEqual([
      ['github.com/acme/billing-api', 'billing-api', 'synced'],
      ['github.com/acme/ledger', 'ledger', 'synced'],
      ['github.com/acme/search', 'search', 'synced'],
      ['github.com/acme/web-portal', 'web-portal', 'synced'],
    ]);
    // Pagination: every page of the big lists was read.
    const seen = server.seen();
    for (const list of [
      'pulls?per_page=10&state=all&sort=updated&direction=desc',
      'actions/runs?per_page=10',
      'commits?per_page=10&since=2025-08-27T00%3A00%3A00Z',
      'dependabot/alerts?per_page=10&sort=updated&direction=desc',
    ]) {
      const pages = seen.filter((s) => s.startsWith(`GET /repos/acme/billing-api/${list}`));
      expect(pages.length, list).toBeGreaterThanOrEqual(2);
    }
    expect(seen.filter((s) => s.startsWith('GET /repos/acme/billing-api/pulls?')).map((s) => /[?&]page=(\d+)/.exec(s)?.[1] ?? '1')).toEqual([
      '1',
      '1',
      '2',
      '3',
      '4',
    ]);
    // The rate limits were waited out and said so; the 502s were retried.
    expect(slept).toEqual(expect.arrayContaining([2000, 10, 20]));
    expect(waits).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GitHub rate limit reached .*waiting 2s before GET \/repos\/acme\/billing-api\/pulls/),
        expect.stringMatching(/^GitHub secondary rate limit; waiting 2s before GET \/repos\/acme\/billing-api\/dependabot\/alerts/),
        expect.stringMatching(/^GitHub: HTTP 502 on GET \/repos\/acme\/billing-api\/actions\/runs/),
      ]),
    );
    expect(
      server.requests
        .filter((r) => r.path === '/repos/acme/billing-api/actions/runs')
        .map((r) => r.status)
        .slice(0, 3),
    ).toEqual([502, 502, 200]);
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // Pull requests: bots and drafts left out; security review asked of the team, first review by a member.
    const pulls = await prs();
    expect(pulls.map((p) => p['number'])).toEqual([...Array(35).keys()].map((i) => i + 1).filter((n) => n !== 3 && n !== 5));
    const created = (n: number) => T0 + n * 6 * HOUR;
    expect(pulls.find((p) => p['number'] === 8)).toEqual({
      repo: 'github.com/acme/billing-api',
      number: 8,
      created_at: iso(created(8)),
      merged_at: iso(created(8) + 8 * HOUR),
      security_review_requested_at: iso(created(8) + HOUR),
      first_security_review_at: iso(created(8) + 6 * HOUR),
      service: 'billing-api',
    });
    expect(pulls.find((p) => p['number'] === 12)).toMatchObject({ security_review_requested_at: iso(created(12) + HOUR), first_security_review_at: null });
    expect(pulls.find((p) => p['number'] === 9)).toMatchObject({ security_review_requested_at: null, first_security_review_at: null });
    expect(report.repos[0]!.pullRequests).toEqual({ stored: 33, securityReviewRequested: 8, securityReviewed: 7, bots: 1, drafts: 1, unchanged: false });

    // Runs: the in-progress one waits for a later sync; security stage, release and template from the patterns.
    const stored = await runs();
    expect(stored).toHaveLength(23);
    expect(stored.find((r) => r['id'] === 'github:github.com/acme/billing-api:6')).toEqual({
      id: 'github:github.com/acme/billing-api:6',
      service: 'billing-api',
      repo: 'github.com/acme/billing-api',
      pipeline: 'Deploy',
      template: 'standard',
      started_at: iso(T0 + 72 * HOUR),
      finished_at: iso(T0 + 72 * HOUR + 20 * 60_000),
      release: true,
      security_stage: 'absent',
    });
    expect(stored.filter((r) => r['release']).map((r) => r['id'])).toEqual(['6', '12', '18'].map((id) => `github:github.com/acme/billing-api:${id}`));
    expect(stored.find((r) => r['id'] === 'github:github.com/acme/billing-api:7')).toMatchObject({
      security_stage: 'tool_error',
      template: 'CI',
      release: false,
    });
    expect(stored.find((r) => r['id'] === 'github:github.com/acme/billing-api:5')).toMatchObject({ security_stage: 'passed' });
    expect((await runs('github.com/acme/ledger'))[0]).toMatchObject({ pipeline: 'Release', release: true, security_stage: 'bypassed' });

    // Commits per UTC day, merges left out; the empty repository has none.
    const commits = (await listRecords(store, 'commits')).filter((c) => c['repo'] === 'github.com/acme/billing-api');
    expect(commits).toEqual(
      [...Array(10).keys()].map((d) => ({
        repo: 'github.com/acme/billing-api',
        day: iso(T0 + (20 + d) * DAY).slice(0, 10),
        count: [2, 4, 7, 9].includes(d) ? 3 : 4,
      })),
    );

    // Alerts are findings with GitHub's own times; a tolerable-risk dismissal stays open.
    const findings = await store.findings({ serviceId: 'billing-api', status: 'all', at: NOW1 });
    const byTool = (tool: string) => findings.filter((f) => f.tool === tool);
    expect(
      byTool('github-dependabot')
        .map((f) => f.status)
        .sort(),
    ).toEqual([...Array(3).fill('fixed'), ...Array(9).fill('open')]);
    expect(byTool('github-dependabot').find((f) => f.vulnerabilityIds.includes('CVE-2026-1000'))).toMatchObject({
      category: 'sca',
      severity: 'critical',
      openedAt: T0,
      fixedAt: T0 + 3 * DAY,
    });
    expect(
      byTool('github-code-scanning/codeql')
        .map((f) => f.status)
        .sort(),
    ).toEqual([...Array(10).fill('fixed'), ...Array(4).fill('open')]);
    expect(byTool('github-secret-scanning').map((f) => [f.status, f.secretPreview])).toEqual(
      expect.arrayContaining([
        ['false_positive', expect.stringMatching(/chars\)$/)],
        ['open', expect.stringMatching(/chars\)$/)],
      ]),
    );
    expect(report.repos[0]!.alerts).toMatchObject({
      dependabot: { available: true, alerts: 12, dismissedOpen: 1 },
      'code-scanning': { available: true, alerts: 14 },
      'secret-scanning': { available: true, alerts: 2 },
    });
    expect(report.repos[1]!.alerts).toEqual({
      dependabot: { available: false, reason: 'HTTP 403: Advanced Security must be enabled for this repository to use code scanning.' },
      'code-scanning': { available: false, reason: 'HTTP 404: no analysis found' },
      'secret-scanning': { available: false, reason: 'HTTP 404: no analysis found' },
    });

    // Coverage: Dependabot and secret scanning at the sync, code scanning at each analysis.
    const scans = await store.db
      .selectFrom('scans')
      .select(['service_id', 'tool', 'category', 'scanned_at', 'partial'])
      .where('service_id', '=', 'billing-api')
      .orderBy('scanned_at')
      .orderBy('tool')
      .execute();
    expect(scans.map((s) => [s.tool, s.category, Number(s.scanned_at), s.partial])).toEqual([
      ['github-code-scanning/codeql', 'sast', T0 + 10 * DAY, true],
      ['github-code-scanning/codeql', 'sast', T0 + 20 * DAY, true],
      ['github-dependabot', 'sca', NOW1, true],
      ['github-secret-scanning', 'secrets', NOW1, true],
    ]);
    expect([...(await store.loadedKinds())].sort()).toEqual(['catalog', 'commits', 'findings', 'pipeline-runs', 'pull-requests']);

    // No secret value was stored anywhere.
    const secrets = recorded<{ secret: string }[]>('secret-scanning-alerts-repo').map((a) => a.secret);
    for (const table of ['findings', 'scans', 'import_log', 'sync_state'] as const) {
      const text = JSON.stringify(await store.db.selectFrom(table).selectAll().execute());
      for (const s of secrets) expect(text, table).not.toContain(s);
    }
  });

  it('fetches only what changed on the next syncs', async () => {
    await sync(NOW1);

    // Nothing changed: each list is asked once with its ETag and answers 304; commits re-read today only.
    const second = server.requests.length;
    const unchanged = await sync(NOW2);
    const billingSeen = server.requests.slice(second).filter((r) => r.path.startsWith('/repos/acme/billing-api'));
    expect(billingSeen.map((r) => `${r.path.replace('/repos/acme/billing-api', '') || '/'} ${r.status}${r.ifNoneMatch ? ' (etag)' : ''}`)).toEqual([
      '/ 304 (etag)',
      '/pulls 304 (etag)',
      '/actions/runs 304 (etag)',
      '/commits 200',
      '/dependabot/alerts 304 (etag)',
      '/code-scanning/alerts 304 (etag)',
      '/secret-scanning/alerts 304 (etag)',
      '/code-scanning/analyses 304 (etag)',
    ]);
    expect(billingSeen.find((r) => r.path.endsWith('/commits'))!.query['since']).toBe('2026-10-01T00:00:00Z');
    expect(unchanged.repos[0]).toMatchObject({
      pullRequests: { unchanged: true },
      pipelineRuns: { unchanged: true },
      alerts: { dependabot: { unchanged: true } },
    });
    expect((await prs()).length).toBe(33);

    // Then: a new pull request asking for a security review, an old one merged, the running run
    // completed and a new one, a Dependabot alert fixed, a commit.
    const t = NOW3 - 3 * HOUR;
    billing.pulls.push(pull(billing, { number: 36, createdAt: t - 2 * HOUR, updatedAt: t }));
    billing.timelines.set(36, [reviewRequested(t - HOUR, { user: 'sec-dana' })]);
    billing.reviews.set(36, [review('sec-dana', t - HOUR / 2)]);
    const pr2 = billing.pulls.find((p) => p['number'] === 2)!;
    Object.assign(pr2, { updated_at: iso(t), merged_at: iso(t), closed_at: iso(t), state: 'closed' });
    const running = billing.runs.find((r) => r['id'] === 24)!;
    Object.assign(running, { status: 'completed', conclusion: 'success', updated_at: iso(t) });
    billing.runs.push(
      run({ id: 25, name: 'Deploy', path: '.github/workflows/deploy.yml', event: 'push', branch: 'main', createdAt: t, completedAt: t + HOUR }),
    );
    billing.jobs.set(25, jobs({ name: 'security / gitleaks', conclusion: 'success' }));
    const alert = (billing.dependabot as Record<string, unknown>[]).find((a) => a['number'] === 12)!;
    Object.assign(alert, { state: 'fixed', fixed_at: iso(t), updated_at: iso(t) });
    billing.commits.push(commit('b999', t));

    const third = server.requests.length;
    const changed = await sync(NOW3);
    const seen = server.seen(third).filter((s) => s.includes('/repos/acme/billing-api'));
    expect(seen.filter((s) => /\/(timeline|reviews)/.test(s))).toEqual([
      'GET /repos/acme/billing-api/issues/2/timeline?per_page=10',
      'GET /repos/acme/billing-api/issues/36/timeline?per_page=10',
      'GET /repos/acme/billing-api/pulls/36/reviews?per_page=10',
    ]);
    expect(seen.filter((s) => s.includes('/jobs'))).toEqual([
      'GET /repos/acme/billing-api/actions/runs/25/jobs?per_page=10',
      'GET /repos/acme/billing-api/actions/runs/24/jobs?per_page=10',
    ]);
    // One page of each list: paging stopped at the first item older than the cursor.
    expect(seen.filter((s) => /[?&]page=\d/.test(s))).toEqual([]);
    expect(changed.repos[0]).toMatchObject({
      pullRequests: { stored: 2, securityReviewRequested: 1 },
      pipelineRuns: { stored: 2, inProgress: 0 },
      alerts: { dependabot: { alerts: 1, closed: 1 } },
    });

    const pulls = await prs();
    expect(pulls).toHaveLength(34);
    expect(pulls.find((p) => p['number'] === 36)).toMatchObject({ security_review_requested_at: iso(t - HOUR), first_security_review_at: iso(t - HOUR / 2) });
    expect(pulls.find((p) => p['number'] === 2)).toMatchObject({ merged_at: iso(t) });
    expect((await runs()).map((r) => r['id'])).toHaveLength(25);
    const fixed = (await store.findings({ serviceId: 'billing-api', status: 'all', at: NOW3 })).find((f) => f.vulnerabilityIds.includes('CVE-2026-1010'));
    expect(fixed).toMatchObject({ status: 'fixed', fixedAt: t });
    const today = (await listRecords(store, 'commits')).find((c) => c['day'] === iso(t).slice(0, 10));
    expect(today).toEqual({ repo: 'github.com/acme/billing-api', day: '2026-10-02', count: 1 });
  });

  it('reads from --since instead of the cursors, and everything again with --full', async () => {
    await sync(NOW1);
    const from = server.requests.length;
    await sync(NOW2, { since: T0 + 30 * DAY, repos: ['acme/billing-api'] });
    const seen = server.requests.slice(from);
    expect(seen.filter((r) => r.ifNoneMatch !== undefined).map((r) => r.path)).toEqual([
      '/repos/acme/billing-api',
      '/repos/acme/billing-api/dependabot/alerts',
      '/repos/acme/billing-api/code-scanning/alerts',
      '/repos/acme/billing-api/secret-scanning/alerts',
    ]);
    expect(seen.find((r) => r.path.endsWith('/commits'))!.query['since']).toBe('2026-10-01T00:00:00Z');
    const full = server.requests.length;
    await sync(NOW2, { full: true, repos: ['acme/billing-api'] });
    expect(server.requests.slice(full).every((r) => r.ifNoneMatch === undefined)).toBe(true);
    expect(server.requests.slice(full).filter((r) => r.path.endsWith('/dependabot/alerts'))).toHaveLength(2);
  });

  it('rolls back a repository that fails and keeps its cursors, while the others are stored', async () => {
    server.inject({ path: /ledger\/actions\/runs\/501\/jobs$/, status: 503, times: 5 });
    const report = await sync(NOW1, { client: { perPage: 10, retryDelayMs: 1, maxAttempts: 2, now: () => clock, sleep: async () => {} } });
    expect(report.repos.find((r) => r.repo === 'github.com/acme/ledger')).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 503') });
    expect(await prs('github.com/acme/ledger')).toEqual([]);
    expect(await prs()).toHaveLength(33);
    const states = await store.db.selectFrom('sync_state').select('key').execute();
    expect(states.some((s) => s.key.startsWith('github.com/acme/ledger#'))).toBe(false);
    expect(
      states
        .filter((s) => s.key.startsWith('github.com/acme/billing-api#'))
        .map((s) => s.key.split('#')[1])
        .sort(),
    ).toEqual(['analyses', 'code-scanning', 'commits', 'dependabot', 'pulls', 'repo', 'runs', 'secret-scanning']);
    // The next sync reads the failed repository afresh.
    const retried = await sync(NOW2, { repos: ['acme/ledger'] });
    expect(retried.repos[0]).toMatchObject({ status: 'synced' });
    expect(await prs('github.com/acme/ledger')).toHaveLength(1);
  });

  it('fails a repository whose answer is not the API’s (not JSON) and syncs the others', async () => {
    server.inject({ path: /^\/repos\/acme\/ledger\/pulls$/, status: 200, raw: '<html><body>Unicorn!</body></html>' });
    // One request: an answer that is not JSON is not asked again.
    const report = await sync(NOW1);
    expect(report.repos.find((r) => r.repo === 'github.com/acme/ledger')).toMatchObject({
      status: 'failed',
      invalidAnswer: true,
      error: expect.stringMatching(/\/repos\/acme\/ledger\/pulls\?.*invalid GitHub REST API input: the answer is not JSON/),
    });
    const others = report.repos.filter((r) => r.repo !== 'github.com/acme/ledger');
    expect(others).toHaveLength(3);
    expect(others.every((r) => r.status === 'synced' && r.invalidAnswer === undefined)).toBe(true);
    expect(await prs('github.com/acme/ledger')).toEqual([]);
    expect(await prs()).toHaveLength(33);
  });

  it(`stops when the first ${INVALID_ANSWERS_TO_STOP} repositories all answer what is not the API’s, asking whether the URL is right`, async () => {
    server.inject({ status: 200, raw: '<!doctype html><title>Sign in</title>', times: INVALID_ANSWERS_TO_STOP });
    const error = (await sync(NOW1).catch((e: unknown) => e)) as SyncGithubStopped;
    expect(error).toBeInstanceOf(SyncGithubStopped);
    expect(error.cause).toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(`the first ${INVALID_ANSWERS_TO_STOP} repositories' answers from`),
    });
    expect((error.cause as Error).message).toContain('is the API URL right?');
    expect(error.total).toBe(4);
    expect(error.report.repos).toHaveLength(INVALID_ANSWERS_TO_STOP);
    expect(error.report.repos.every((r) => r.status === 'failed' && r.invalidAnswer === true)).toBe(true);
    expect(await store.db.selectFrom('sync_state').select('key').execute()).toEqual([]);
  });

  it('stops when its signal is aborted (Ctrl-C): the repositories before are in, the one in progress and those after are not read', async () => {
    const controller = new AbortController();
    const reason = new SecscoreError('INTERRUPTED', 'stopped by SIGINT');
    const seen: string[] = [];
    let requestsAtStop = 0;
    const stopped = sync(NOW1, {
      signal: controller.signal,
      onRepo: (index, _total, repo) => {
        seen.push(repo);
        if (index === 2) {
          requestsAtStop = server.requests.length;
          controller.abort(reason);
        }
      },
    });
    const error = (await stopped.catch((e: unknown) => e)) as SyncGithubStopped;
    expect(error).toBeInstanceOf(SyncGithubStopped);
    expect(error.cause).toBe(reason);
    // What was done until the stop: the first repository committed, the second rolled back.
    expect(error.total).toBe(4);
    expect(error.report.repos.map((r) => [r.repo, r.status])).toEqual([
      [seen[0], 'synced'],
      [seen[1], 'failed'],
    ]);
    expect(error.report.repos[1]!.error).toBe('stopped by SIGINT');
    expect(seen).toHaveLength(2);
    expect(server.requests.length).toBe(requestsAtStop);
    const states = (await store.db.selectFrom('sync_state').select('key').execute()).map((s) => s.key.split('#')[0]);
    expect(new Set(states)).toEqual(new Set([seen[0]]));
    expect((await listRecords(store, 'pull-requests')).every((r) => r['repo'] === seen[0])).toBe(true);
  });

  it('stops at a bad token on a later repository, carrying the repositories committed before it and the warnings so far', async () => {
    server.add(emptyRepo('acme', 'tools'));
    server.inject({ path: /^\/repos\/acme\/ledger/, status: 401, body: { message: 'Bad credentials' } });
    const stopped = sync(NOW1, { repos: ['acme/tools', 'acme/ledger', 'acme/search'] });
    const error = (await stopped.catch((e: unknown) => e)) as SyncGithubStopped;
    // A repository no service lists is named by the API's host.
    const tools = `${new URL(server.url).host}/acme/tools`;
    expect(error).toBeInstanceOf(SyncGithubStopped);
    expect(error.cause).toMatchObject({ code: 'USAGE', message: expect.stringContaining('HTTP 401 (Bad credentials)') });
    expect(error.total).toBe(3);
    expect(error.report.repos.map((r) => [r.repo, r.status])).toEqual([
      [tools, 'synced'],
      ['github.com/acme/ledger', 'failed'],
    ]);
    expect(error.report.warnings).toEqual([
      `${tools} is in no catalog service: its pull requests, runs and commits are stored, its alerts are not (add it to a service's repos in the catalog)`,
    ]);
    // The first is in, with its cursors; the one it stopped in is not; the last was not read.
    const states = (await store.db.selectFrom('sync_state').select('key').execute()).map((s) => s.key.split('#')[0]);
    expect(new Set(states)).toEqual(new Set([tools]));
    expect(server.requests.some((r) => r.path.startsWith('/repos/acme/search'))).toBe(false);
  });

  it('syncs an organization’s repositories, storing records of repositories no service lists but not their alerts', async () => {
    const extra = emptyRepo('acme', 'tools');
    extra.pulls.push(pull(extra, { number: 4, createdAt: T0, updatedAt: T0 }));
    extra.dependabot = [dependabotAlert({ number: 1, createdAt: T0 })];
    server.add(extra);
    server.orgs.set('acme', ['acme/ledger', 'acme/tools']);
    const report = await sync(NOW1, { org: 'acme' });
    expect(report.repos.map((r) => [r.repo, r.service])).toEqual([
      ['github.com/acme/ledger', 'ledger'],
      ['github.com/acme/tools', null],
    ]);
    expect(await prs('github.com/acme/tools')).toEqual([expect.objectContaining({ number: 4, service: null })]);
    expect(report.warnings).toContain(
      "github.com/acme/tools is in no catalog service: its pull requests, runs and commits are stored, its alerts are not (add it to a service's repos in the catalog)",
    );
    expect(server.requests.some((r) => r.path === '/repos/acme/tools/dependabot/alerts')).toBe(false);
  });

  it.each([
    ['does not resolve', async () => 'http://nonexistent.invalid'],
    ['refuses connections', closedPort],
  ])('stops the whole sync, after one retry, when the API host %s: one error naming the URL and the missing token', async (_what, apiUrl) => {
    const url = await apiUrl();
    const tried: string[] = [];
    const stopped = sync(NOW1, { apiUrl: url, token: undefined, onRepo: (_i, _n, repo) => tried.push(repo) });
    const stop = (await stopped.catch((e: unknown) => e)) as SyncGithubStopped;
    expect(stop).toBeInstanceOf(SyncGithubStopped);
    expect(stop.cause).toBeInstanceOf(SecscoreError);
    const error = stop.cause as SecscoreError;
    expect(error.exitCode).toBe(1);
    expect(stop.report.warnings).toEqual(['GITHUB_TOKEN is not set: requests are unauthenticated (60 an hour) and alerts cannot be read']);
    expect(error.message).toMatch(new RegExp(`^cannot reach the GitHub API at ${url.replace(/[.]/g, '\\.')}: .*; GITHUB_TOKEN is not set either`));
    // Not five attempts for each of the four catalog repositories: two, for the first.
    expect(tried).toEqual(['github.com/acme/billing-api']);
    expect(waits).toHaveLength(1);
    expect(slept).toEqual([10]);
  });

  it('names a repository the token cannot see as failed', async () => {
    const report = await sync(NOW1, { repos: ['acme/ghost'] });
    // Named by the API's web host: a repository GitHub does not show cannot say where it lives.
    const key = `${new URL(server.url).host}/acme/ghost`;
    expect(report.repos).toEqual([{ repo: key, service: null, status: 'failed', error: `${key}: no such repository, or the token cannot read it` }]);
  });
});
