import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-args.js';

const KNOWN = ['import', 'kpis'];

describe('bench arguments', () => {
  it('runs every benchmark when none is named, the named ones otherwise, with their options', () => {
    expect(parseBenchArgs([], KNOWN)).toEqual({ help: false, names: KNOWN, options: [] });
    expect(parseBenchArgs(['kpis', '--scale', '0.1', '--runs=1'], KNOWN)).toEqual({ help: false, names: ['kpis'], options: ['--scale', '0.1', '--runs=1'] });
    expect(parseBenchArgs(['--runs', '5'], KNOWN)).toEqual({ help: false, names: KNOWN, options: ['--runs', '5'] });
  });
  it('answers --help and -h wherever they are', () => {
    for (const argv of [['--help'], ['-h'], ['kpis', '--help'], ['nope', '-h']]) expect(parseBenchArgs(argv, KNOWN)).toEqual({ help: true });
  });
  it('refuses an unknown benchmark or option, or an option without its value, before anything runs', () => {
    expect(parseBenchArgs(['kpis', 'imprt'], KNOWN)).toEqual({ error: 'unknown benchmark "imprt"; known: import, kpis' });
    expect(parseBenchArgs(['kpis', '--sacle', '0.1'], KNOWN)).toEqual({ error: 'unknown option "--sacle"; known: --scale, --runs, --help' });
    expect(parseBenchArgs(['-x'], KNOWN)).toEqual({ error: 'unknown option "-x"; known: --scale, --runs, --help' });
    expect(parseBenchArgs(['kpis', '--scale'], KNOWN)).toEqual({ error: '--scale needs a value, e.g. --scale 0.1' });
    expect(parseBenchArgs(['kpis', '--runs', '--scale', '1'], KNOWN)).toEqual({ error: '--runs needs a value, e.g. --runs 3' });
  });
});
