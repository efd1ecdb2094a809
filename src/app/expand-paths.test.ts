import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPaths } from './expand-paths.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const root = temp.make('secscore-paths-');
for (const f of ['scans/a/1.json', 'scans/a/2.sarif', 'scans/b/3.json', 'scans/.hidden.json', 'scans/b/deep/4.json', 'top.json', 'hidden-only/.gitkeep']) {
  mkdirSync(join(root, f, '..'), { recursive: true });
  writeFileSync(join(root, f), '{}');
}
mkdirSync(join(root, 'empty'));
const at = (p: string) => join(root, p);

describe('expandPaths', () => {
  it.each([
    ['a file', ['top.json'], ['top.json']],
    [
      'a directory, recursively and in name order, hidden files left out',
      ['scans'],
      ['scans/a/1.json', 'scans/a/2.sarif', 'scans/b/3.json', 'scans/b/deep/4.json'],
    ],
    ['a ** pattern', ['scans/**/*.json'], ['scans/a/1.json', 'scans/b/3.json', 'scans/b/deep/4.json']],
    ['a pattern naming directories', ['scans/*'], ['scans/a/1.json', 'scans/a/2.sarif', 'scans/b/3.json', 'scans/b/deep/4.json']],
    ['a file named twice', ['top.json', '*.json'], ['top.json']],
  ])('expands %s', async (_what, args, expected) => {
    expect(await expandPaths(args.map(at))).toEqual(expected.map(at));
  });

  it.each([
    [['missing.json'], /missing\.json: no such file or directory/],
    [['scans/**/*.xml'], /\*\.xml: the pattern matches no files/],
    [['top.json', 'empty'], /^no input files found in .*empty \(hidden files are left out\)$/],
    [['hidden-only'], /^no input files found in .*hidden-only/],
  ])('rejects %j', async (args, message) => {
    await expect(expandPaths(args.map(at))).rejects.toThrow(message);
  });

  it('keeps only the files a directory holds that the caller accepts, and says when none is', async () => {
    const json = { accept: (f: string) => f.endsWith('.json'), what: 'JSON files' };
    expect(await expandPaths([at('scans/a')], json)).toEqual([at('scans/a/1.json')]);
    expect(await expandPaths([at('scans/a/2.sarif')], json)).toEqual([at('scans/a/2.sarif')]);
    await expect(expandPaths([at('scans/b/deep'), at('scans/a/2.sarif')], { accept: (f) => f.endsWith('.xml'), what: 'XML files' })).rejects.toThrow(
      /^no XML files found in .*deep/,
    );
  });
});
