import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource, readChunk } from './source.js';

describe('a file source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secscore-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const chunksOf = async (bytes: number): Promise<number[]> => {
    const path = join(dir, `f-${bytes}.json`);
    writeFileSync(path, Buffer.alloc(bytes, 0x20));
    const source = await fileSource(path);
    const sizes: number[] = [];
    for await (const chunk of source.open()) sizes.push((chunk as Buffer).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes);
    return sizes;
  };

  it('sizes its read buffer to a small file, and reads it whole', async () => {
    // With a 1 MB buffer for each of the demo's 958 files (15 KB on average), V8 ran a full collection every file or two.
    expect(readChunk(40_000)).toBe(40_000);
    expect(readChunk(100)).toBe(16 * 1024);
    expect(readChunk(50 * 1024 * 1024)).toBe(1024 * 1024);
    expect(await chunksOf(40_000)).toEqual([40_000]);
  });

  it('holds a file its head holds whole, and opens it again only when it is larger', async () => {
    const small = join(dir, 'small.json');
    writeFileSync(small, '\uFEFF{"runs":[]}');
    const source = await fileSource(small);
    expect(source.head).toBe('{"runs":[]}');
    expect(source.bytes?.toString('utf8')).toBe('\uFEFF{"runs":[]}');
    // Read from memory: the file changed on disk after its source was made is not read again.
    writeFileSync(small, '{"other":true}');
    const read: Buffer[] = [];
    for await (const chunk of source.open()) read.push(chunk as Buffer);
    expect(Buffer.concat(read).toString('utf8')).toBe('\uFEFF{"runs":[]}');
    const ranged: Buffer[] = [];
    for await (const chunk of source.open({ start: 4, end: 9 })) ranged.push(chunk as Buffer);
    expect(Buffer.concat(ranged).toString('utf8')).toBe('"runs"'); // bytes 4 to 9, as fs.createReadStream counts them (after a 3-byte BOM)
    const large = join(dir, 'large.json');
    writeFileSync(large, Buffer.alloc(64 * 1024 + 1, 0x20));
    expect((await fileSource(large)).bytes).toBeUndefined();
  });

  it('reads a large file in chunks of 1 MB', async () => {
    expect(await chunksOf(3 * 1024 * 1024 + 5)).toEqual([1024 * 1024, 1024 * 1024, 1024 * 1024, 5]);
  });
});
