/** The options the benchmarks read (kpis-bench.ts); each takes a value, as `--scale 0.1` or `--scale=0.1`. */
export const BENCH_OPTIONS = ['--scale', '--runs'] as const;

export type BenchArgs = { help: true } | { help: false; names: string[]; options: string[] } | { error: string };

/**
 * `npm run bench [name...] [options]`: the benchmarks named (all of them when none is), the
 * options passed to each. Everything is checked before any benchmark runs, since one takes
 * minutes: an unknown name or option is an error, not a run of the defaults.
 */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const first = argv.findIndex((a) => a.startsWith('-'));
  const names = first === -1 ? [...argv] : argv.slice(0, first);
  const options = first === -1 ? [] : argv.slice(first);
  const unknownName = names.find((n) => !known.includes(n));
  if (unknownName !== undefined) return { error: `unknown benchmark "${unknownName}"; known: ${known.join(', ')}` };
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    const name = o.split('=')[0]!;
    if (!(BENCH_OPTIONS as readonly string[]).includes(name)) return { error: `unknown option "${o}"; known: ${BENCH_OPTIONS.join(', ')}, --help` };
    if (!o.includes('=')) {
      if (options[i + 1] === undefined || options[i + 1]!.startsWith('--'))
        return { error: `${o} needs a value, e.g. ${o} ${name === '--scale' ? '0.1' : '3'}` };
      i++;
    }
  }
  return { help: false, names: names.length > 0 ? names : [...known], options };
}
