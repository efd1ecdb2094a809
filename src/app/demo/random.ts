/**
 * A small seeded PRNG (mulberry32) for the demo generator: the same seed gives the same
 * sequence on every platform, so the demo files are byte-identical run after run.
 * Never Math.random(): determinism is the contract of `generateDemo`.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A Poisson-distributed count with mean `lambda` (Knuth; the demo's means are small). */
  poisson(lambda: number): number;
  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string;
  /** An independent generator for a named sub-stream, so that adding draws in one place does not shift another. */
  fork(label: string): Rng;
}

/** A 32-bit hash of a string (FNV-1a followed by a murmur3-style finalizer). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRng(seed: number | string): Rng {
  const start = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + Math.max(0, w), 0);
      if (total <= 0) throw new Error('weighted pick with no positive weight');
      let r = next() * total;
      for (const [item, w] of items) {
        r -= Math.max(0, w);
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    poisson: (lambda) => {
      if (lambda <= 0) return 0;
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    chars: (alphabet, n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)]!;
      return out;
    },
    fork: (label) => createRng(hashString(`${start}:${label}`)),
  };
  return rng;
}
