import { describe, expect, it } from 'vitest';
import { benchSizes, median } from './import-bench.js';

describe('bench import sizes', () => {
  it('reads one or two positive integers, the large 5× the small when one is given', () => {
    expect(benchSizes(undefined)).toEqual([360000, 1800000]);
    expect(benchSizes('1000,2000')).toEqual([1000, 2000]);
    expect(benchSizes('1000')).toEqual([1000, 5000]);
    expect(benchSizes(' 10 , 20 ')).toEqual([10, 20]);
  });
  it('says what is wrong otherwise', () => {
    for (const bad of ['', 'x', '0', '-5', '1.5', '1,2,3', '1,'])
      expect(() => benchSizes(bad)).toThrow(/SECSCORE_BENCH_RESULTS must be one or two positive integers/);
  });
});

describe('bench median', () => {
  it('takes the middle run by the measure, the lower middle of an even number, without reordering the input', () => {
    const runs = [{ ms: 5 }, { ms: 3 }, { ms: 9 }];
    expect(median(runs, (r) => r.ms)).toBe(runs[0]);
    expect(runs.map((r) => r.ms)).toEqual([5, 3, 9]);
    expect(median([{ ms: 4 }, { ms: 1 }, { ms: 2 }, { ms: 8 }], (r) => r.ms)).toEqual({ ms: 2 });
    expect(median([{ ms: 7 }], (r) => r.ms)).toEqual({ ms: 7 });
    expect(() => median([], (r: { ms: number }) => r.ms)).toThrow(/no runs/);
  });
});
