import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HASH_ON_WORKER, hashFile, hashSource } from './hash-file.js';
import { fileSource } from '../importers/source.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

describe('hashFile', () => {
  const dir = temp.make('secscore-hash-');

  it('hashes a large file on a worker thread, and a small one here, to the same SHA-256', async () => {
    // Not one repeated byte: a worker that read the wrong range or a chunk twice would differ.
    const big = Buffer.alloc(HASH_ON_WORKER + 12_345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    const path = join(dir, 'big.bin');
    writeFileSync(path, big);
    const expected = createHash('sha256').update(big).digest('hex');
    expect(await hashFile(path)).toBe(expected);
    expect(await hashFile(path, 0)).toBe(expected); // the size says small: hashed on this thread
    const small = join(dir, 'small.json');
    writeFileSync(small, '{"a":1}');
    expect(await hashFile(small)).toBe(createHash('sha256').update('{"a":1}').digest('hex'));
  });

  it('hashes a source from the bytes it holds, or from its file, to the same SHA-256', async () => {
    const path = join(dir, 'source.json');
    writeFileSync(path, '{"b":2}');
    const expected = createHash('sha256').update('{"b":2}').digest('hex');
    const held = await fileSource(path);
    expect(held.bytes).toBeDefined();
    expect(await hashSource(held)).toBe(expected);
    const { bytes: _bytes, ...onDisk } = held;
    expect(await hashSource(onDisk)).toBe(expected);
  });

  it('fails with the read error, on either thread', async () => {
    const missing = join(dir, 'missing.json');
    await expect(hashFile(missing, HASH_ON_WORKER)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(hashFile(missing, 1)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
