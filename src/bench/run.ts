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

const argv = process.argv.slice(2);
const first = argv.findIndex((a) => a.startsWith('--'));
const names = first === -1 ? argv : argv.slice(0, first);
const options = first === -1 ? [] : argv.slice(first);
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`bench: unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exitCode = 2;
    break;
  }
  await bench(options);
}
