import { hash } from 'node:crypto';

/** Makes the fingerprint of one record from its identity key and where in the file it sits. */
export type Fingerprinter = (key: readonly string[], spot: string) => string;

/**
 * A file's fingerprinter, which can also take the records a split's second reader
 * fingerprinted (`replay`), in file order after those it made itself.
 */
export interface FileFingerprinter extends Fingerprinter {
  /**
   * Takes the records of a `recordingFingerprinter`, in order, as if they came here: the indexes
   * of those whose fingerprint is their `alternates` one (their key was seen before, at another
   * spot), not the one they were given.
   */
  replay(spots: Uint32Array): Int32Array;
}

/**
 * Fingerprints within one file: records with the same key at the same spot are the same
 * finding (one fingerprint); a key seen again at another spot (a tool hash shared by two
 * lines, one package installed in two versions or at two paths) gets the spot added, so it
 * stays distinct. The key should hold what identifies a finding across scans (tool, rule,
 * file, component), not what changes between them (line numbers shift, versions move).
 *
 * What it remembers per key is 16 bytes (64 bits of the key's hash, 64 bits of its first
 * spot's), not the strings, so that a file of millions of findings stays small in memory.
 */
export function fingerprinter(): FileFingerprinter {
  const firstSpots = new FirstSpots();
  const spots = new Uint32Array(4);
  const make = (key: readonly string[], spot: string): string => {
    const joined = key.join('\u001f');
    const digest = hash('sha256', joined, 'hex');
    hashesOf(digest, spot, spots, 0);
    const first = firstSpots.firstOrSame(spots[0]!, spots[1]!, spots[2]!, spots[3]!);
    return (first ? digest : hash('sha256', `${joined}\u001f${spot}`, 'hex')).slice(0, 32);
  };
  return Object.assign(make, {
    replay(recorded: Uint32Array): Int32Array {
      const others: number[] = [];
      for (let i = 0, at = 0; at < recorded.length; i++, at += 4)
        if (!firstSpots.firstOrSame(recorded[at]!, recorded[at + 1]!, recorded[at + 2]!, recorded[at + 3]!)) others.push(i);
      return Int32Array.from(others);
    },
  });
}

/**
 * The fingerprinter of a split's second reader, which cannot know the keys the file had before
 * its part: it gives every record the fingerprint of a first sighting, keeps the other one in
 * `alternates`, and records the hashes the file's fingerprinter decides with (`replay`).
 */
export function recordingFingerprinter(): { fingerprint: Fingerprinter; alternates: string[]; spots(): Uint32Array } {
  let spots = new Uint32Array(4 * 4096);
  let n = 0;
  const alternates: string[] = [];
  return {
    fingerprint: (key, spot) => {
      const joined = key.join('\u001f');
      const digest = hash('sha256', joined, 'hex');
      if (4 * (n + 1) > spots.length) {
        const grown = new Uint32Array(2 * spots.length);
        grown.set(spots);
        spots = grown;
      }
      hashesOf(digest, spot, spots, 4 * n++);
      alternates.push(hash('sha256', `${joined}\u001f${spot}`, 'hex').slice(0, 32));
      return digest.slice(0, 32);
    },
    alternates,
    spots: () => spots.slice(0, 4 * n),
  };
}

/** The 64 bits of a key's digest and the 64 bits of its spot's hash, into `out` at `at`. */
function hashesOf(digest: string, spot: string, out: Uint32Array, at: number): void {
  let s1 = 0x811c9dc5;
  let s2 = 0x9747b28c;
  for (let i = 0; i < spot.length; i++) {
    const c = spot.charCodeAt(i);
    s1 = Math.imul(s1 ^ c, 0x01000193);
    s2 = Math.imul(s2 ^ c, 0x5bd1e995);
  }
  out[at] = hex32(digest, 0);
  out[at + 1] = hex32(digest, 8);
  out[at + 2] = s1 >>> 0;
  out[at + 3] = s2 >>> 0;
}

const HEX_DIGIT = new Int8Array(128);
for (let i = 0; i < 10; i++) HEX_DIGIT[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX_DIGIT[0x61 + i] = 10 + i;

/** The 32 bits of the 8 lower-case hex digits at `at` (what parseInt of their slice gives, without the slice). */
function hex32(hex: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) v = (v << 4) | HEX_DIGIT[hex.charCodeAt(i)]!;
  return v >>> 0;
}

/** Key hash → hash of the first spot it was seen at: an open-addressing table in typed arrays. */
class FirstSpots {
  #slots = new Uint32Array(4 * 4096);
  #used = new Uint8Array(4096);
  #size = 0;

  /** Records the spot if the key is new; true when the key is new or `spot` is its first spot. */
  firstOrSame(k1: number, k2: number, s1: number, s2: number): boolean {
    if (2 * (this.#size + 1) > this.#used.length) this.#grow();
    const i = this.#find(k1, k2);
    if (this.#used[i] === 0) {
      this.#used[i] = 1;
      const at = 4 * i;
      this.#slots[at] = k1;
      this.#slots[at + 1] = k2;
      this.#slots[at + 2] = s1;
      this.#slots[at + 3] = s2;
      this.#size++;
      return true;
    }
    return this.#slots[4 * i + 2] === s1 && this.#slots[4 * i + 3] === s2;
  }

  #find(k1: number, k2: number): number {
    const mask = this.#used.length - 1;
    let i = (k1 ^ Math.imul(k2, 0x9e3779b1)) & mask;
    while (this.#used[i] === 1 && (this.#slots[4 * i] !== k1 || this.#slots[4 * i + 1] !== k2)) i = (i + 1) & mask;
    return i;
  }

  #grow(): void {
    const slots = this.#slots;
    const used = this.#used;
    this.#slots = new Uint32Array(slots.length * 2);
    this.#used = new Uint8Array(used.length * 2);
    for (let j = 0; j < used.length; j++) {
      if (used[j] === 0) continue;
      const i = this.#find(slots[4 * j]!, slots[4 * j + 1]!);
      this.#used[i] = 1;
      for (let k = 0; k < 4; k++) this.#slots[4 * i + k] = slots[4 * j + k]!;
    }
  }
}
