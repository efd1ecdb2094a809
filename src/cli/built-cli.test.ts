import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  it('fails on a bad command with exit code 2', () => {
    const r = run('kpi');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Did you mean kpis?');
  });
});
