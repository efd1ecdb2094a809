import { runImportBench } from './import-bench.js';

/**
 * `npm run bench [name...]`: the benchmarks, all of them by default. Performance is measured
 * here, never in timed unit tests. Each prints its own table (see README, Benchmarks).
 */
const BENCHES: Record<string, () => Promise<void>> = {
  import: runImportBench,
};

const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`bench: unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exitCode = 2;
    break;
  }
  await bench();
}
