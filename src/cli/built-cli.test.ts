import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The installed CLI as users run it: bin/secscore.js over the bundle `npm run build` writes
 * (scripts/bundle.mjs; `npm install` builds it). The other CLI tests run the sources in-process;
 * this one holds the bundle to them: shipped data files found, commands loaded on demand,
 * PostgreSQL's driver and DuckDB's native binding, outside the bundle, resolved.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'secscore.js');
const dir = mkdtempSync(join(tmpdir(), 'secscore-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SECSCORE_DB: undefined, SECSCORE_CONFIG: undefined } });

/**
 * The CLI run by a user who may not write a file of mode 0444: root may, so as root it runs as
 * nobody (setpriv; the test folder is made readable to it); null where neither works.
 */
const asReader = ((): ((...args: string[]) => SpawnSyncReturns<string>) | null => {
  const drop = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const reader = (...args: string[]) =>
    spawnSync(drop[0] ?? process.execPath, [...drop.slice(1), ...(drop.length > 0 ? [process.execPath] : []), BIN, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, SECSCORE_DB: undefined, SECSCORE_CONFIG: undefined, HOME: dir },
    });
  chmodSync(dir, 0o755);
  return reader('--version').status === 0 ? reader : null;
})();

describe('the built CLI (bin/secscore.js → dist/bundle)', () => {
  it('is built', () => {
    expect(existsSync(join(ROOT, 'dist', 'bundle', 'main.js')), 'dist/bundle/main.js is missing: run `npm run build`').toBe(true);
  });

  it('prints the package version and the help with every command', () => {
    const v = run('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const c of ['init', 'import', 'kpis', 'scorecard', 'report', 'demo']) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('writes the shipped example catalog, imports it into DuckDB and computes the KPIs', () => {
    expect(run('init').status).toBe(0);
    expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'data', 'example-catalog.yaml'), 'utf8'));
    const imported = run('catalog', 'import', 'catalog.yaml');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const kpis = run('kpis', '--period', '2026-Q3', '--json');
    expect(kpis.status).toBe(0);
    const report = JSON.parse(kpis.stdout) as { groups: { key: string; kpis: { id: string; status: string }[] }[] };
    expect(report.groups.map((g) => g.key)).toEqual(['company']);
    expect(report.groups[0]!.kpis).toHaveLength(24);
    expect(new Set(report.groups[0]!.kpis.map((k) => k.status))).toEqual(new Set(['no-data']));
  });

  it('refuses to write the demo over the files of `init`, in one line with exit code 2', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    const inProject = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, SECSCORE_DB: undefined } });
    expect(inProject('init').status).toBe(0);
    const catalog = readFileSync(join(project, 'catalog.yaml'), 'utf8');
    const demo = inProject('demo', '--dir', '.');
    expect(demo.stderr).toBe(
      'secscore: --dir .: catalog.yaml exists and was not written by secscore demo; pass --force to overwrite, or choose another --dir\n',
    );
    expect(demo.status).toBe(2);
    expect(readFileSync(join(project, 'catalog.yaml'), 'utf8')).toBe(catalog);
    expect(readdirSync(project).sort()).toEqual(['catalog.yaml', 'secscore.yaml']);
  });

  it('says in one line what is wrong with --config, and with a folder where init writes a file', () => {
    expect(run('--config', dir, 'kpis')).toMatchObject({ status: 2, stderr: `secscore: --config ${dir}: is a folder, not a settings file\n` });
    expect(run('--config', '', 'kpis')).toMatchObject({
      status: 2,
      stderr: 'secscore: --config is empty; name a settings file, e.g. --config secscore.yaml\n',
    });
    expect(run('--config', 'nope.yaml', 'kpis')).toMatchObject({ status: 2, stderr: 'secscore: --config nope.yaml: no such file\n' });
    const taken = join(dir, 'taken');
    mkdirSync(join(taken, 'secscore.yaml'), { recursive: true });
    const init = spawnSync(process.execPath, [BIN, 'init', '--force'], { cwd: taken, encoding: 'utf8' });
    expect(init.status).toBe(2);
    expect(init.stderr).toBe(
      'secscore: secscore.yaml is a directory, not a file: init writes secscore.yaml here; move the directory away, or run init in another folder\n',
    );
    expect(readdirSync(taken)).toEqual(['secscore.yaml']);
    expect(run('demo', '--dir', '/dev/null/demo')).toMatchObject({ status: 2, stderr: 'secscore: --dir /dev/null/demo: /dev/null is not a folder\n' });
  });

  it("carries DuckDB's driver inside the bundle, its native binding loaded from where the driver is installed", () => {
    // scripts/bundle.mjs, duckDbDriverInBundle: loading the driver's 124 files took 80–150 ms of every start.
    const bundle = join(ROOT, 'dist', 'bundle');
    const chunks = readdirSync(bundle)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(bundle, f), 'utf8'));
    expect(chunks.some((c) => c.includes('DuckDBInstance = class'))).toBe(true);
    expect(chunks.filter((c) => /require\)?\(\s*["']@duckdb\/node-api["']\s*\)/.test(c) && !c.includes('require.resolve("@duckdb/node-api")'))).toEqual([]);
    expect(chunks.some((c) => c.includes('createRequire(__require.resolve("@duckdb/node-api"))("@duckdb/node-bindings")'))).toBe(true);
  });

  it('finishes an import whose output reader stops early, and says so in its exit code, not a stack, when the output cannot be written', () => {
    const db = join(dir, 'pipe.db');
    const scans = join(dir, 'pipe-scans');
    mkdirSync(scans);
    const sarif = (n: number) =>
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'semgrep', rules: [] } }, results: [{ ruleId: `r${n}`, level: 'error', message: { text: `finding ${n}` } }] }],
      });
    for (let n = 0; n < 6; n++) writeFileSync(join(scans, `s${n}.sarif`), sarif(n));
    expect(run('--db', db, 'catalog', 'import', join(ROOT, 'data', 'example-catalog.yaml')).status).toBe(0);
    // A reader that has gone before the first line is written.
    const piped = spawnSync(
      'bash',
      [
        '-c',
        `node ${JSON.stringify(BIN)} --db ${JSON.stringify(db)} import ${JSON.stringify(scans)} --service billing-api | true; echo "rc=\${PIPESTATUS[0]}"`,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(piped.stdout.trim()).toBe('rc=0');
    // Every file read and stored, not only those before the reader went.
    const status = run('--db', db, 'status', '--json');
    expect(status.status).toBe(0);
    const kinds = (JSON.parse(status.stdout) as { kinds: { kind: string; sources: { files: number }[] }[] }).kinds;
    expect(kinds.find((k) => k.kind === 'findings')!.sources.map((x) => x.files)).toEqual([6]);
    if (existsSync('/dev/full')) {
      const full = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} --db ${JSON.stringify(db)} findings --status all --json > /dev/full`], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(full.status).toBe(1);
      expect(full.stderr).toBe('secscore: could not write the output: ENOSPC\n');
    }
  });

  it.runIf(asReader !== null)(
    'reads a database file it may not write, opened read-only; a command that writes, or one that would migrate it, says why it cannot',
    async () => {
      const db = join(dir, 'read-only.db');
      const sarif = join(dir, 'read-only.sarif');
      writeFileSync(
        sarif,
        JSON.stringify({
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'semgrep', rules: [] } }, results: [{ ruleId: 'r', level: 'error', message: { text: 'x' } }] }],
        }),
      );
      expect(run('--db', db, 'catalog', 'import', join(ROOT, 'data', 'example-catalog.yaml')).status).toBe(0);
      expect(run('--db', db, 'import', sarif, '--service', 'billing-api').status).toBe(0);
      const older = join(dir, 'older.db');
      copyFileSync(db, older);
      const instance = await DuckDBInstance.create(older);
      const connection = await instance.connect();
      await connection.run(`delete from kysely_migration where name = (select max(name) from kysely_migration)`);
      connection.closeSync();
      instance.closeSync();
      for (const f of [db, older]) chmodSync(f, 0o444);

      const findings = asReader!('--db', db, 'findings', '--status', 'all', '--json');
      expect(findings.stderr).toBe('');
      expect(findings.status).toBe(0);
      expect((JSON.parse(findings.stdout) as unknown[]).length).toBe(1);
      expect(asReader!('--db', db, 'kpis', '--period', '2026-Q3', '--json').status).toBe(0);
      const write = asReader!('--db', db, 'import', sarif, '--service', 'billing-api');
      expect(write.stderr).toBe(
        `secscore: the database ${db} cannot be written (Permission denied), and this command writes to it: run it with write access to the file, or copy the file somewhere writable and give --db the copy (commands that only read, such as kpis and report, open it read-only)\n`,
      );
      expect(write.status).toBe(1);
      const migrate = asReader!('--db', older, 'kpis');
      expect(migrate.stderr).toBe(
        `secscore: the database ${older} can be read but not written (Permission denied), and its schema is not this version's (an older secscore's, or not a secscore database): run secscore once with write access to the file to migrate it\n`,
      );
      expect(migrate.status).toBe(1);
    },
  );

  it('fails on a bad command with exit code 2', () => {
    const r = run('kpi');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Did you mean kpis?');
  });
});
