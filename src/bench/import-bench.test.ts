import { describe, expect, it } from 'vitest';
import { benchSizes } from './import-bench.js';

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
