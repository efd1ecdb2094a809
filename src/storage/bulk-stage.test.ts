import { describe, expect, it } from 'vitest';
import { writeNumber } from './bulk-stage.js';

describe('the CSV spill’s numbers', () => {
  it('are written as String prints them', () => {
    const buf = Buffer.alloc(64);
    for (const v of [
      0,
      -0,
      7,
      10,
      99,
      100,
      2325,
      -1,
      -10,
      1_790_000_000_000,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 53,
      1.5,
      -0.25,
      1e21,
      NaN,
      Infinity,
    ]) {
      const end = writeNumber(buf, 3, v);
      expect(buf.toString('latin1', 3, end)).toBe(String(v));
    }
  });
});
