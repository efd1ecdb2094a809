import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

/** init writes into the current folder: each case runs in a folder of its own (the test pool forks, so chdir is the file's own). */
describe('secscore init', () => {
  const home = process.cwd();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secscore-init-'));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(home);
    rmSync(dir, { recursive: true, force: true });
  });
  const init = (...args: string[]) => runCli(['init', ...args], { SECSCORE_CONFIG: undefined, SECSCORE_DB: undefined });

  it('writes secscore.yaml and catalog.yaml, and refuses to overwrite them without --force', async () => {
    expect(await init()).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'secscore.yaml']);
    writeFileSync('secscore.yaml', 'mine\n');
    expect(await init()).toMatchObject({ code: 2, stderr: 'secscore: secscore.yaml exists; pass --force to overwrite it\n' });
    expect(readFileSync('secscore.yaml', 'utf8')).toBe('mine\n');
    expect(await init('--force')).toMatchObject({ code: 0 });
    expect(readFileSync('secscore.yaml', 'utf8')).not.toBe('mine\n');
  });

  it.each([
    ['secscore.yaml', ['--force']],
    ['secscore.yaml', []],
    ['catalog.yaml', ['--force']],
    ['catalog.yaml', []],
  ])('refuses a directory named %s (init %j) as a usage error naming it, and writes nothing', async (name, args) => {
    mkdirSync(join(name, 'inside'), { recursive: true });
    const r = await init(...args);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `secscore: ${name} is a directory, not a file: init writes ${name} here; move the directory away, or run init in another folder\n`,
    });
    // Nothing written, not even the other file, and no temporary file left beside it.
    expect(readdirSync(dir)).toEqual([name]);
    expect(readdirSync(name)).toEqual(['inside']);
  });
});
