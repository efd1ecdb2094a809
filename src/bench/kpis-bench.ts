import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { Store } from '../storage/store.js';
import { cpuLoopMs, hostLine } from './host-speed.js';
import { scratchPgDatabase } from './scratch-pg.js';
import { companyShape, writeSyntheticCompany } from './generate-company.js';

/**
 * `npm run bench:kpis [-- --scale 0.1] [-- --runs 3]`: a synthetic company (generate-company.ts;
 * at scale 1, 2,000 services in 40 areas, 1,000,000 finding intervals over 8 quarters, operational
 * records at matching scale) written straight into a fresh DuckDB file and a fresh PostgreSQL
 * database (SECSCORE_BENCH_PG, else SECSCORE_TEST_PG); then `secscore kpis --by area --period
 * 2026-Q3 --json` is timed end to end as a child process on each engine, with its peak RSS
 * (from /usr/bin/time), and the two JSON outputs are compared byte for byte.
 */
const BIN = fileURLToPath(new URL('../../bin/secscore.js', import.meta.url));
const PERIOD = '2026-Q3';
const NOW = '2026-10-15T00:00:00Z';
const TARGET_MS = { duckdb: 1500, postgres: 10_000 } as const;

interface Run {
  ms: number;
  maxRssMb: number | null;
  stdout: string;
}

export async function runKpisBench(args: string[] = []): Promise<void> {
  const scale = Number(option(args, '--scale') ?? process.env['SECSCORE_BENCH_SCALE'] ?? '1');
  const runs = Number(option(args, '--runs') ?? '3');
  if (!(scale > 0) || !Number.isInteger(runs) || runs < 1) throw new Error('bench kpis: --scale must be > 0 and --runs a positive integer');
  const dir = mkdtempSync(join(tmpdir(), 'secscore-kpis-bench-'));
  const pgServer = process.env['SECSCORE_BENCH_PG'] ?? process.env['SECSCORE_TEST_PG'];
  const results: { engine: 'duckdb' | 'postgres'; label: string; runs: Run[]; writeMs: number; rows: Record<string, number> }[] = [];
  let dropPg: (() => Promise<void>) | null = null;
  try {
    const shape = companyShape(scale);
    process.stderr.write(`bench kpis: scale ${scale}: ${shape.services} services, ${shape.areas} areas, ${shape.findings.toLocaleString('en-US')} findings\n`);
    const targets: { engine: 'duckdb' | 'postgres'; label: string; url: string }[] = [{ engine: 'duckdb', label: 'DuckDB', url: join(dir, 'company.db') }];
    if (pgServer) {
      const fresh = await scratchPgDatabase(pgServer, 'secscore_kpis_bench');
      dropPg = fresh.drop;
      targets.push({ engine: 'postgres', label: 'PostgreSQL', url: fresh.url });
    } else process.stderr.write('bench kpis: SECSCORE_BENCH_PG / SECSCORE_TEST_PG not set: PostgreSQL skipped\n');

    let loopBefore = 0;
    for (const t of targets) {
      process.stderr.write(`bench kpis: writing the company into ${t.label}…\n`);
      const t0 = performance.now();
      const store = await Store.open(t.url);
      let rows: Record<string, number>;
      try {
        rows = await writeSyntheticCompany(store.db, scale);
        if (t.engine === 'postgres') await sql`analyze`.execute(store.db);
      } finally {
        await store.close();
      }
      const writeMs = performance.now() - t0;
      process.stderr.write(
        `bench kpis: ${t.label}: ${rows.intervals!.toLocaleString('en-US')} intervals written in ${(writeMs / 1000).toFixed(1)} s; timing kpis…\n`,
      );
      const list: Run[] = [];
      if (results.length === 0) loopBefore = cpuLoopMs();
      for (let r = 0; r < runs; r++) list.push(timeKpis(t.url, dir));
      results.push({ engine: t.engine, label: t.label, runs: list, writeMs, rows });
    }

    const first = results[0]!;
    console.log(`\nsecscore kpis benchmark (node ${process.version}, scale ${scale}, ${new Date().toISOString().slice(0, 10)})`);
    console.log(
      `data: ${Object.entries(first.rows)
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')}`,
    );
    console.log(hostLine(loopBefore, cpuLoopMs()));
    console.log(`command: secscore kpis --by area --period ${PERIOD} --json   (${runs} run${runs > 1 ? 's' : ''} per engine, end to end, child process)\n`);
    const head = ['engine', 'first run', 'best', 'median', 'peak RSS', 'target', ''];
    const table = results.map((r) => {
      const ms = r.runs.map((x) => x.ms).sort((a, b) => a - b);
      const best = ms[0]!;
      const rss = Math.max(...r.runs.map((x) => x.maxRssMb ?? 0));
      const target = TARGET_MS[r.engine];
      return [
        r.label,
        secs(r.runs[0]!.ms),
        secs(best),
        secs(ms[Math.floor(ms.length / 2)]!),
        r.runs[0]!.maxRssMb === null ? 'n/a' : `${rss.toFixed(0)} MB`,
        `≤ ${secs(target)}`,
        best <= target ? 'met' : 'NOT met',
      ];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(line(head));
    for (const r of table) console.log(line(r));
    const groups = (JSON.parse(first.runs[0]!.stdout) as { groups: unknown[] }).groups.length;
    console.log(
      `\n${groups} groups × ${(JSON.parse(first.runs[0]!.stdout) as { groups: { kpis: unknown[] }[] }).groups[0]?.kpis.length ?? 0} KPIs; JSON ${(first.runs[0]!.stdout.length / 1024).toFixed(0)} KB`,
    );
    if (results.length === 2) {
      const [a, b] = [results[0]!.runs[0]!.stdout, results[1]!.runs[0]!.stdout];
      console.log(a === b ? 'DuckDB and PostgreSQL printed identical JSON' : `DuckDB and PostgreSQL printed DIFFERENT JSON: ${firstDifference(a, b)}`);
      if (a !== b) process.exitCode = 1;
    }
  } finally {
    if (dropPg) await dropPg().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One end-to-end run of the CLI in a child process, with its wall time and peak RSS. */
function timeKpis(db: string, cwd: string): Run {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const argv = [BIN, '--db', db, 'kpis', '--by', 'area', '--period', PERIOD, '--json'];
  const env = { ...process.env, SECSCORE_NOW: NOW, SECSCORE_DB: undefined, SECSCORE_CONFIG: undefined };
  const t0 = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', 'maxrss_kb=%M', process.execPath, ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 })
    : spawnSync(process.execPath, argv, { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`secscore kpis failed (${r.status}): ${r.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(r.stderr);
  return { ms, maxRssMb: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${i}: …${a.slice(Math.max(0, i - 80), i + 40)}… vs …${b.slice(Math.max(0, i - 80), i + 40)}…`;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
