import { describe, expect, it } from 'vitest';
import { cpuLoopMs, hostLine } from './host-speed.js';

describe('host speed', () => {
  it('times the loop, and more steps take longer', () => {
    const small = cpuLoopMs(1_000);
    const large = cpuLoopMs(20_000_000);
    expect(small).toBeGreaterThanOrEqual(0);
    expect(large).toBeGreaterThan(small);
  });
  it('prints both timings and the load average', () => {
    expect(hostLine(151.4, 160.6, [1.5, 1.25, 1])).toBe(
      'host: a fixed CPU loop (10^8 steps) 151 ms before the runs, 161 ms after; load average 1.50 / 1.25 / 1.00',
    );
  });
});
