import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { scratchFolders } from '../storage/test-support/scratch.js';
import { checkOutFile, checkOutFolder, writeOutFile } from './out-file.js';

const temp = scratchFolders();
afterAll(temp.remove);

const fresh = () => temp.make('secscore-out-');

function usage(f: () => void): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(SecscoreError);
    expect((err as SecscoreError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('--out', () => {
  it('accepts a new file in a folder that exists, and an existing file', () => {
    const dir = fresh();
    expect(() => checkOutFile('--out', join(dir, 'review.md'))).not.toThrow();
    writeFileSync(join(dir, 'old.md'), 'old');
    expect(() => checkOutFile('--out', join(dir, 'old.md'))).not.toThrow();
    expect(() => checkOutFile('--out', '/dev/null')).not.toThrow();
  });

  it('refuses a folder, a missing folder and a file taken for a folder, before any work', () => {
    const dir = fresh();
    expect(usage(() => checkOutFile('--out', dir))).toBe(`--out ${dir}: is a folder; name a file in it, e.g. ${join(dir, 'review.md')}`);
    expect(usage(() => checkOutFile('--out', dir, 'review.pptx'))).toBe(`--out ${dir}: is a folder; name a file in it, e.g. ${join(dir, 'review.pptx')}`);
    const missing = join(dir, 'nope', 'review.md');
    expect(usage(() => checkOutFile('--out', missing))).toBe(`--out ${missing}: the folder ${join(dir, 'nope')} does not exist`);
    expect(usage(() => checkOutFile('--out', ''))).toBe('--out is empty; name a file, e.g. --out review.md');
    writeFileSync(join(dir, 'file'), '');
    const under = join(dir, 'file', 'review.md');
    expect(usage(() => checkOutFile('--out', under))).toBe(`--out ${under}: ${join(dir, 'file')} is not a folder`);
  });

  it('takes a folder that exists or can be made for --dir, not a file or an empty name', () => {
    const dir = fresh();
    expect(() => checkOutFolder('--dir', dir)).not.toThrow();
    expect(() => checkOutFolder('--dir', join(dir, 'a', 'b'))).not.toThrow();
    writeFileSync(join(dir, 'file'), '');
    expect(usage(() => checkOutFolder('--dir', join(dir, 'file')))).toBe(`--dir ${join(dir, 'file')}: is a file, not a folder`);
    // A folder to make under a file (ENOTDIR from mkdir, after the work, before).
    for (const under of [join(dir, 'file', 'demo'), join(dir, 'file', 'a', 'b')])
      expect(usage(() => checkOutFolder('--dir', under))).toBe(`--dir ${under}: ${join(dir, 'file')} is not a folder`);
    expect(usage(() => checkOutFolder('--dir', '/dev/null/demo'))).toBe('--dir /dev/null/demo: /dev/null is not a folder');
    expect(usage(() => checkOutFolder('--dir', ''))).toBe('--dir is empty; name a folder, e.g. --dir secscore-demo');
  });

  it('replaces a file whole, leaving nothing else beside it', async () => {
    const dir = fresh();
    const out = join(dir, 'review.md');
    writeFileSync(out, 'the old review, longer than the new one');
    await writeOutFile('--out', out, 'new');
    expect(readFileSync(out, 'utf8')).toBe('new');
    await writeOutFile('--out', join(dir, 'deck.pptx'), new Uint8Array([80, 75, 3, 4]));
    expect([...readFileSync(join(dir, 'deck.pptx'))]).toEqual([80, 75, 3, 4]);
    expect(readdirSync(dir).sort()).toEqual(['deck.pptx', 'review.md']);
  });

  it("writes a symbolic link's target, and keeps the link", async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared', 'review.md'), 'old');
    symlinkSync(join(dir, 'shared', 'review.md'), join(dir, 'link.md'));
    await writeOutFile('--out', join(dir, 'link.md'), 'new');
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'shared', 'review.md'), 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'shared'))).toEqual(['review.md']);
  });

  it('writes a device as it is', async () => {
    await writeOutFile('--out', '/dev/null', 'nothing');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('says which file could not be written, and leaves no temporary file', async () => {
    const dir = fresh();
    const folder = join(dir, 'gone');
    mkdirSync(folder);
    const out = join(folder, 'review.md');
    checkOutFile('--out', out);
    rmSync(folder, { recursive: true });
    const err = await writeOutFile('--out', out, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecscoreError);
    expect((err as SecscoreError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(new RegExp(`^--out ${out}: could not write it \\(ENOENT: `));
    expect(readdirSync(dir)).toEqual([]);
  });
});
