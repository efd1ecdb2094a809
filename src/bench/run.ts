import { parseBenchArgs } from './bench-args.js';
import { runImportBench } from './import-bench.js';
import { runKpisBench } from './kpis-bench.js';

/**
 * `npm run bench [name...] [-- --option value]`: the benchmarks, all of them by default.
 * Performance is measured here, never in timed unit tests. Each prints its own table (see
 * README, Benchmarks); options (`--scale 0.1` for `kpis`) go to every benchmark run.
 */
const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  import: () => runImportBench(),
  kpis: runKpisBench,
};

const USAGE = `usage: npm run bench [-- <benchmark>... [options]]   (or: node dist/bench/run.js ...)

benchmarks (all of them when none is named):
  import   a synthetic ~200 MB and ~1 GB SARIF imported into DuckDB: findings/s, MB/s, peak RSS,
           the ratio to JSON.parse (SECSCORE_BENCH_RESULTS="360000,1800000"; SECSCORE_BENCH_PG=<url>
           adds PostgreSQL)
  kpis     \`kpis --by area\` on a synthetic company of 1,000,000 finding intervals, on DuckDB and on
           PostgreSQL (SECSCORE_BENCH_PG, else SECSCORE_TEST_PG)

options:
  --scale <n>   the kpis company's size (1: 2,000 services; 0.1 for a quick run)
  --runs <n>    kpis runs per engine (default 3)
  -h, --help    this text

examples:
  npm run bench:import
  npm run bench -- kpis --scale 0.1 --runs 1
`;

const args = parseBenchArgs(process.argv.slice(2), Object.keys(BENCHES));
if ('error' in args) {
  process.stderr.write(`bench: ${args.error}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
for (const name of args.names) await BENCHES[name]!(args.options);
