import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticSarif } from '../bench/generate-sarif.js';
import pg from 'pg';
import { ENGINES, freshDatabase, PG_URL } from '../storage/test-support/engines.js';

/**
 * Ctrl-C in the middle of an import, as users press it: the built CLI (bin/secscore.js) is
 * sent SIGINT while it reads a large SARIF. It says it stops, rolls the file back, removes
 * its staged copy of the file from the temporary directory, and exits with 130.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'secscore.js');
const dir = mkdtempSync(join(tmpdir(), 'secscore-interrupt-'));
const sarif = join(dir, 'big.sarif');
const catalog = join(dir, 'catalog.yaml');

beforeAll(async () => {
  // About 35 MB: a second or two of reading, long enough to be stopped in the middle.
  await writeSyntheticSarif({ path: sarif, results: 60_000, repo: 'https://github.com/acme/billing', scannedAt: '2026-09-01T00:00:00Z' });
  writeFileSync(
    catalog,
    'lines:\n  - name: Core\n    owner: vp\nareas:\n  - name: Payments\n    line: Core\n    owner: pay\nservices:\n  - id: billing\n    area: Payments\n    owners: [pay]\n    repos: [github.com/acme/billing]\n',
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (tmp: string) => ({ ...process.env, TMPDIR: tmp, SECSCORE_DB: undefined, SECSCORE_CONFIG: undefined });
const cli = (db: string, tmp: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, '--db', db, ...args], { cwd: dir, encoding: 'utf8', env: env(tmp) });
const staged = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('secscore-stage-'));

describe.each(ENGINES)('Ctrl-C during an import on %s', (engine) => {
  it('rolls the file back, removes the staged copy and exits with 130', async () => {
    const database = await freshDatabase(engine);
    const tmp = join(dir, `tmp-${engine}`);
    mkdirSync(tmp);
    try {
      expect(cli(database.url, tmp, 'catalog', 'import', catalog).status).toBe(0);
      const child = spawn(process.execPath, [BIN, '--db', database.url, 'import', sarif], { cwd: dir, env: env(tmp) });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Stopped once the file is being staged, in the middle of its reading: DuckDB stages it in
      // a temporary file, PostgreSQL in a temporary table.
      const staging = async (): Promise<boolean> => {
        if (engine === 'duckdb') return staged(tmp).length > 0;
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        try {
          const name = new URL(database.url).pathname.slice(1);
          const { rows } = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = $1 and query ilike '%import_stage%'`, [
            name,
          ]);
          return Number(rows[0]!.n) > 0;
        } finally {
          await c.end();
        }
      };
      let started = false;
      for (let i = 0; i < 600 && !started && child.exitCode === null; i++) {
        started = await staging();
        if (!started) await new Promise((r) => setTimeout(r, 25));
      }
      expect(started, 'the import never started staging').toBe(true);
      child.kill('SIGINT');
      const code = await exited;
      expect(stderr).toContain('secscore: SIGINT: stopping');
      expect(stderr).toContain('secscore: stopped by SIGINT; the file being imported was rolled back');
      expect(stderr).not.toMatch(/unexpected failure|at .*\.js:\d+/);
      expect(code).toBe(130);
      expect(staged(tmp)).toEqual([]);
      // Nothing of the file is kept: no findings, and findings never loaded.
      const findings = cli(database.url, tmp, 'findings', '--json');
      expect(findings.status).toBe(0);
      expect(JSON.parse(findings.stdout)).toEqual([]);
      const status = JSON.parse(cli(database.url, tmp, 'status', '--json').stdout) as { kinds: { kind: string; status: string }[] };
      expect(status.kinds.find((i) => i.kind === 'findings')?.status).toBe('never loaded');
      // And the same file imports whole afterwards.
      const again = cli(database.url, tmp, 'import', sarif);
      expect(again.status).toBe(0);
      expect(again.stdout).toContain('60000 findings (60000 opened');
    } finally {
      if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
      await database.drop();
    }
  }, 120_000);
});

describe('Ctrl-C during the demo', () => {
  it('stops between files, keeps the files imported before, and exits with 130', async () => {
    const demoDir = join(dir, 'demo');
    const tmp = join(dir, 'tmp-demo');
    mkdirSync(tmp);
    const child = spawn(process.execPath, [BIN, 'demo', '--dir', demoDir], { cwd: dir, env: { ...env(tmp), CI: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Stopped once some files are in: off a terminal, the progress prints a line every tenth of the files.
    const filesIn = (): number => Math.max(0, ...[...stderr.matchAll(/^import: (\d+)\//gm)].map((m) => Number(m[1])));
    for (let i = 0; i < 2400 && filesIn() === 0 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(filesIn(), stderr).toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('secscore: SIGINT: stopping');
    expect(stderr).toContain('secscore: stopped by SIGINT; the file being imported was rolled back; run the demo again to start over');
    expect(stderr).not.toMatch(/unexpected failure|at .*\.js:\d+/);
    expect(code).toBe(130);
    // The database is closed, whole, and holds the files imported before the stop.
    const findings = cli(join(demoDir, 'secscore.db'), tmp, 'findings', '--json', '--status', 'all');
    expect(findings.status, findings.stderr).toBe(0);
    expect((JSON.parse(findings.stdout) as unknown[]).length).toBeGreaterThan(0);
    expect(existsSync(join(demoDir, 'report.html'))).toBe(false);
  }, 120_000);
});
