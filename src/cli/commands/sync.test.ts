import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commit,
  DAY,
  dependabotAlert,
  emptyRepo,
  HOUR,
  jobs,
  pull,
  recorded,
  review,
  reviewRequested,
  run,
} from '../../connectors/github/test-support/fake-github.js';
import { ReplayServer } from '../../connectors/github/test-support/replay-server.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { waitLine } from './sync.js';

const temp = scratchFolders();
afterAll(temp.remove);

const CATALOG = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures/catalog.yaml');
const TOKEN = 'ghp_cli_secret_token_abcdefghijklmnop';
const T0 = Date.UTC(2026, 8, 1);
const NOW = '2026-10-01T00:00:00Z';

describe.each(ENGINES)('secscore sync github on %s', (engine) => {
  let server: ReplayServer;
  let database: TestDatabase;
  const cli = (args: string[], env: Record<string, string | undefined> = { GITHUB_TOKEN: TOKEN }) =>
    runCli(['--db', database.url, ...args], { SECSCORE_NOW: NOW, ...env });

  beforeAll(async () => {
    server = await ReplayServer.start();
    const billing = server.add(emptyRepo('acme', 'billing-api'));
    billing.pulls.push(pull(billing, { number: 41, createdAt: T0, updatedAt: T0 + DAY, mergedAt: T0 + DAY }));
    billing.timelines.set(41, [reviewRequested(T0 + HOUR, { team: 'appsec' })]);
    billing.reviews.set(41, [review('sec-dana', T0 + 3 * HOUR)]);
    billing.runs.push(run({ id: 9, name: 'Deploy', event: 'push', branch: 'main', createdAt: T0, completedAt: T0 + HOUR }));
    billing.jobs.set(9, jobs({ name: 'security / semgrep', conclusion: 'success' }));
    billing.dependabot = [dependabotAlert({ number: 3, createdAt: T0, cve: 'CVE-2026-0003', severity: 'critical' })];
    billing.secretScanning = recorded<Record<string, unknown>[]>('secret-scanning-alerts-repo');
    billing.commits.push(commit('c1', T0), commit('c2', T0 + HOUR));
    for (const name of ['ledger', 'web-portal', 'search']) server.add(emptyRepo('acme', name));
    // In no catalog service: syncing it warns that its alerts are not stored.
    const tools = server.add(emptyRepo('acme', 'tools'));
    tools.pulls.push(pull(tools, { number: 7, createdAt: T0, updatedAt: T0 }));
    database = await freshDatabase(engine);
    const imported = await cli(['catalog', 'import', CATALOG]);
    expect(imported.code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it('syncs the catalog repositories from --api-url and prints a line per repository', async () => {
    const r = await cli(['sync', 'github', '--api-url', server.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'github.com/acme/billing-api (billing-api): 1 pull request (1 asked for a security review), 1 run, 1 dependabot alert, 0 code-scanning alerts, 2 secret-scanning alerts, 2 commits over 1 day',
    );
    expect(r.stdout).toMatch(/^4 repositories from http:\/\/127\.0\.0\.1:\d+: \d+ requests$/m);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    expect(server.requests.every((q) => q.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const pulls = JSON.parse((await cli(['records', 'pull-requests', '--json'])).stdout) as Record<string, unknown>[];
    expect(pulls).toEqual([
      {
        repo: 'github.com/acme/billing-api',
        number: 41,
        created_at: '2026-09-01T00:00:00Z',
        merged_at: '2026-09-02T00:00:00Z',
        security_review_requested_at: '2026-09-01T01:00:00Z',
        first_security_review_at: '2026-09-01T03:00:00Z',
        service: 'billing-api',
      },
    ]);
    const runs = JSON.parse((await cli(['records', 'pipeline-runs', '--json'])).stdout) as Record<string, unknown>[];
    expect(runs).toEqual([expect.objectContaining({ id: 'github:github.com/acme/billing-api:9', release: true, security_stage: 'passed' })]);
    const findings = JSON.parse((await cli(['findings', '--status', 'all', '--json'])).stdout) as { tool: string; status: string }[];
    expect(findings.map((f) => [f.tool, f.status]).sort()).toEqual([
      ['github-dependabot', 'open'],
      ['github-secret-scanning', 'false_positive'],
      ['github-secret-scanning', 'open'],
    ]);
  });

  it('prints the report as JSON, and a second sync finds nothing changed', async () => {
    const r = await cli(['sync', 'github', '--api-url', server.url, '--repos', 'acme/billing-api', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { apiUrl: string; repos: Record<string, unknown>[]; requests: number; warnings: string[] };
    expect(report.apiUrl).toBe(server.url);
    expect(report.repos).toEqual([
      expect.objectContaining({
        repo: 'github.com/acme/billing-api',
        status: 'synced',
        pullRequests: expect.objectContaining({ unchanged: true }),
        pipelineRuns: expect.objectContaining({ unchanged: true }),
        alerts: expect.objectContaining({ dependabot: expect.objectContaining({ unchanged: true }) }),
      }),
    ]);
  });

  it('warns without a token, and says which repositories failed with exit 1', async () => {
    const r = await cli(['sync', 'github', '--api-url', server.url, '--repos', 'acme/billing-api,acme/ghost'], { GITHUB_TOKEN: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: GITHUB_TOKEN is not set');
    expect(r.stderr).toMatch(/1 of 2 repositories failed .*acme\/ghost/);
    expect(r.stdout).toContain('acme/ghost: FAILED: ');
  });

  it('goes on past a repository whose answer is not the API’s, and exits 2 naming it', async () => {
    server.inject({ path: /^\/repos\/acme\/ghost/, status: 200, raw: '<html>maintenance</html>' });
    const r = await cli(['sync', 'github', '--api-url', server.url, '--repos', 'acme/ghost,acme/billing-api', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1 of 2 repositories failed .*acme\/ghost/);
    const report = JSON.parse(r.stdout) as { repos: { repo: string; status: string; invalidAnswer?: boolean }[] };
    expect(report.repos.map((x) => [x.repo.split('/').slice(-2).join('/'), x.status, x.invalidAnswer ?? false])).toEqual([
      ['acme/ghost', 'failed', true],
      ['acme/billing-api', 'synced', false],
    ]);
  });

  it.each([
    [['--since', 'last week'], '--since: expected an ISO 8601 timestamp, got "last week"'],
    [['--api-url', 'ftp://github.example.com'], '--api-url: expected an http(s) URL'],
    [['--repos', 'not a repo'], '--repos: "not a repo" is not a repository name; expected owner/name'],
    // Not "every repository", nor b/c.
    [['--repos', ',,'], '--repos: an empty entry in ",,"'],
    [['--repos', ''], '--repos: an empty entry in ""'],
    [['--repos', 'a/b/c'], '--repos: "a/b/c" is not a repository name'],
    [['--repos', 'billing-api'], '--repos: "billing-api" names no owner'],
  ])('rejects %j with exit 2', async (args, message) => {
    const before = server.requests.length;
    const r = await cli(['sync', 'github', '--api-url', server.url, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(server.requests.length).toBe(before);
  });

  describe('stopped by an error after a repository was committed', () => {
    const REPOS = ['--repos', 'acme/tools,acme/ledger,acme/search'];
    const toolsKey = () => `${new URL(server.url).host}/acme/tools`;
    const warning = () => `warning: ${toolsKey()} is in no catalog service`;

    it('prints the warnings and the repositories committed, then the error with its exit code', async () => {
      server.inject({ path: /^\/repos\/acme\/ledger/, status: 401, body: { message: 'Bad credentials' } });
      const r = await cli(['sync', 'github', '--api-url', server.url, ...REPOS]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(warning());
      expect(r.stdout).toContain(`${toolsKey()}: 1 pull request (0 asked for a security review), 0 runs`);
      expect(r.stdout).toContain('github.com/acme/ledger (ledger): FAILED: GET ');
      expect(r.stdout).toMatch(/^sync stopped: of 3 repositories from http:\/\/127\.0\.0\.1:\d+, 1 synced and kept, 1 rolled back, 1 not read; \d+ requests$/m);
      // The error itself comes last, once.
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
        /^secscore: GET .*\/repos\/acme\/ledger: HTTP 401 \(Bad credentials\): set GITHUB_TOKEN to a valid token$/,
      );
      expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
      // The committed repository is in the database.
      const pulls = JSON.parse((await cli(['records', 'pull-requests', '--json'])).stdout) as { repo: string; number: number }[];
      expect(pulls).toContainEqual(expect.objectContaining({ repo: toolsKey(), number: 7 }));
    });

    it('with --json prints the report with the repositories committed, the warnings, the total and the error', async () => {
      server.inject({ path: /^\/repos\/acme\/ledger/, status: 401, body: { message: 'Bad credentials' } });
      const r = await cli(['sync', 'github', '--api-url', server.url, ...REPOS, '--json']);
      expect(r.code).toBe(2);
      const doc = JSON.parse(r.stdout) as {
        repos: { repo: string; status: string; error?: string }[];
        warnings: string[];
        total: number;
        error: { code: string; message: string };
      };
      expect(doc.repos.map((x) => [x.repo, x.status])).toEqual([
        [toolsKey(), 'synced'],
        ['github.com/acme/ledger', 'failed'],
      ]);
      expect(doc.warnings).toContainEqual(expect.stringMatching(/is in no catalog service/));
      expect(doc.total).toBe(3);
      expect(doc.error).toEqual({ code: 'USAGE', message: expect.stringMatching(/HTTP 401 \(Bad credentials\): set GITHUB_TOKEN to a valid token$/) });
      expect(r.stderr).toContain(warning());
    });

    it('on Ctrl-C prints the same, and exits with 130', async () => {
      // The SIGINT handler interruptible installs (the last one), called as the process would when the ledger is asked for.
      const ctrlC = () => (process.listeners('SIGINT').at(-1) as (name: NodeJS.Signals) => void)('SIGINT');
      server.inject({
        path: /^\/repos\/acme\/ledger/,
        status: 503,
        headers: () => {
          ctrlC();
          return {};
        },
      });
      const r = await cli(['sync', 'github', '--api-url', server.url, ...REPOS]);
      expect(r.code).toBe(130);
      expect(r.stderr).toContain(warning());
      expect(r.stdout).toMatch(new RegExp(`^${toolsKey().replace(/[.]/g, '\\.')}: `, 'm'));
      expect(r.stdout).toContain('github.com/acme/ledger (ledger): FAILED: stopped by SIGINT');
      expect(r.stdout).toMatch(/^sync stopped: of 3 repositories .*, 1 synced and kept, 1 rolled back, 1 not read; /m);
      expect(r.stderr).toMatch(/secscore: stopped by SIGINT; the repository being synced was rolled back \(those before it are in\)\n$/);
    });

    it('prints nothing on stdout when it stops before knowing its repositories', async () => {
      server.inject({ path: /^\/orgs\/acme\/repos$/, status: 401, body: { message: 'Bad credentials' } });
      const r = await cli(['sync', 'github', '--api-url', server.url, '--org', 'acme', '--json'], { GITHUB_TOKEN: undefined });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('warning: GITHUB_TOKEN is not set');
      expect(r.stderr).toContain('HTTP 401 (Bad credentials)');
    });
  });

  it('rejects a bad token with exit 2, naming GITHUB_TOKEN', async () => {
    server.inject({ status: 401, body: { message: 'Bad credentials' } });
    const r = await cli(['sync', 'github', '--api-url', server.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HTTP 401 (Bad credentials): set GITHUB_TOKEN to a valid token');
    expect(r.stderr).not.toContain(TOKEN);
  });
});

describe('the sync command', () => {
  it('explains itself with examples', async () => {
    const help = await runCli(['sync', 'github', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('GITHUB_TOKEN');
    expect(help.stdout).toContain('--api-url <url>');
    expect(help.stdout).toContain('("invalidAnswer" in its report)');
  });

  it('needs repositories: from the catalog, --org or --repos', async () => {
    const database = await freshDatabase('duckdb');
    try {
      const r = await runCli(['--db', database.url, 'sync', 'github', '--api-url', 'http://127.0.0.1:9']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('the catalog lists no repositories');
    } finally {
      await database.drop();
    }
  });

  it('rejects a github setting that is not a regular expression, naming the key', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = temp.make('secscore-sync-');
    writeFileSync(join(dir, 'secscore.yaml'), 'github:\n  securityStageJob: "sec(urity"\n');
    const r = await runCli(['--config', join(dir, 'secscore.yaml'), 'sync', 'github']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('github.securityStageJob: not a valid regular expression');
  });

  describe('prints repository names from the API inert', () => {
    /** ESC [31m (red), a carriage return (back to the line's start) and U+202E (right-to-left override): each becomes a space. */
    const HOSTILE = 'a\u001b[31mred\rover\u202eevil';
    const INERT = 'a [31mred over evil';

    it('in the progress lines, the wait lines and the report', async () => {
      const server = await ReplayServer.start();
      const database = await freshDatabase('duckdb');
      try {
        server.add(emptyRepo('hostile-org', HOSTILE));
        server.orgs.set('hostile-org', [`hostile-org/${HOSTILE}`]);
        // A secondary rate limit to wait out (0 s) before the repository's first request.
        server.inject({ path: /^\/repos\/hostile-org\//, status: 429, headers: { 'retry-after': '0' }, body: { message: 'slow down' } });
        const r = await runCli(['--db', database.url, 'sync', 'github', '--api-url', server.url, '--org', 'hostile-org'], {
          GITHUB_TOKEN: TOKEN,
          SECSCORE_NOW: NOW,
        });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain(`sync github: 1/1 github.com/hostile-org/${INERT}\n`);
        expect(r.stderr).toMatch(/^sync github: GitHub secondary rate limit; waiting 0s before GET \/repos\/hostile-org\/a%1B%5B31mred%0Dover%E2%80%AEevil/m);
        expect(r.stdout).toContain(`github.com/hostile-org/${INERT}: `);
        expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\u001b\r\u202e]/);
      } finally {
        await server.close();
        await database.drop();
      }
    });

    it('in a wait line, whatever it quotes', () => {
      expect(waitLine(`GitHub: ${HOSTILE} on GET /x; retrying in 1s`)).toBe(`sync github: GitHub: ${INERT} on GET /x; retrying in 1s\n`);
    });
  });
});
