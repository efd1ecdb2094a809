import { loadavg } from 'node:os';

/**
 * How fast the host runs at a moment: the best of three runs of a fixed integer loop, in ms.
 * The development machine is shared, and a bench's timings move with its load (the same
 * command 1.9–3.9 s within an hour); printed beside them, this says how loaded the host was.
 */
export function cpuLoopMs(steps = 100_000_000): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < steps; i++) x = (x + (i & 3)) | 0;
    const ms = performance.now() - t0;
    if (x === -1) throw new Error('unreachable'); // keeps the loop from being optimised away
    best = Math.min(best, ms);
  }
  return best;
}

/** One line for a bench's header: the loop before and after the runs, and the load average. */
export function hostLine(beforeMs: number, afterMs: number, load: readonly number[] = loadavg()): string {
  return `host: a fixed CPU loop (10^8 steps) ${beforeMs.toFixed(0)} ms before the runs, ${afterMs.toFixed(0)} ms after; load average ${load.map((l) => l.toFixed(2)).join(' / ')}`;
}
