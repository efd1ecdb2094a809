import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprinter } from './fingerprint.js';

/** The fingerprints stored databases hold: any change here would reopen every finding. */
function reference(): (key: readonly string[], spot: string) => string {
  const firstSpot = new Map<string, string>();
  return (key, spot) => {
    const joined = key.join('\u001f');
    const first = firstSpot.get(joined);
    if (first === undefined) firstSpot.set(joined, spot);
    const input = first === undefined || first === spot ? joined : `${joined}\u001f${spot}`;
    return createHash('sha256').update(input, 'utf8').digest('hex').slice(0, 32);
  };
}

describe('the fingerprinter', () => {
  it('gives a first record the sha256 of its key, and a repeated key at another spot one with the spot', () => {
    const fp = fingerprinter();
    const key = ['semgrep', 'sqli', 'a.ts', 'h1'];
    const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
    expect(fp(key, 'a.ts:10:1')).toBe(sha(key.join('\u001f')));
    expect(fp(key, 'a.ts:10:1')).toBe(sha(key.join('\u001f')));
    expect(fp(key, 'a.ts:20:1')).toBe(sha(`${key.join('\u001f')}\u001fa.ts:20:1`));
  });

  it('agrees with the string-keyed original on any sequence, repeated keys and spots included', () => {
    const records = fc.array(fc.tuple(fc.array(fc.constantFrom('trivy', 'a', 'b', 'é', ''), { maxLength: 3 }), fc.constantFrom('x:1', 'x:2', 'y:1', '')), {
      maxLength: 200,
    });
    fc.assert(
      fc.property(records, (list) => {
        const [ours, theirs] = [fingerprinter(), reference()];
        for (const [key, spot] of list) expect(ours(key, spot)).toBe(theirs(key, spot));
      }),
    );
  });

  it('keeps distinct keys apart past its table growth', () => {
    const [ours, theirs] = [fingerprinter(), reference()];
    for (let i = 0; i < 20_000; i++) expect(ours(['k', String(i % 15_000)], `s${i % 3}`)).toBe(theirs(['k', String(i % 15_000)], `s${i % 3}`));
  });
});
