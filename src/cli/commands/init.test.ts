import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/load-settings.js';
import { runCli } from '../test-support/run-cli.js';
import { shellWord } from './init.js';

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

  describe('with --config', () => {
    const withConfig = (config: string, ...args: string[]) =>
      runCli(['--config', config, 'init', ...args], { SECSCORE_CONFIG: undefined, SECSCORE_DB: undefined });

    it('writes the settings file where --config names it (and the catalog here), the one every command then reads', async () => {
      mkdirSync('config');
      const r = await withConfig(join('config', 'team.yaml'));
      expect(r).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining(`wrote ${join('config', 'team.yaml')}\n`) });
      expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'config']);
      expect(readdirSync('config')).toEqual(['team.yaml']);
      expect(loadSettings({ configPath: join('config', 'team.yaml'), env: {} }).configFile).toBe(resolve('config', 'team.yaml'));
      // The same refusal as for the default file, naming the file given.
      writeFileSync(join('config', 'team.yaml'), 'mine\n');
      expect(await withConfig(join('config', 'team.yaml'))).toMatchObject({
        code: 2,
        stderr: `secscore: ${join('config', 'team.yaml')} exists; pass --force to overwrite it\n`,
      });
      expect(readFileSync(join('config', 'team.yaml'), 'utf8')).toBe('mine\n');
    });

    it('prints a file name it was given inert: no escape sequence, carriage return or bidi control of it reaches the terminal', async () => {
      const hostile = 'team\u001b[31m\r\u202e.yaml';
      const r = await withConfig(hostile);
      expect(r.code).toBe(0);
      expect(readdirSync(dir)).toContain(hostile);
      expect(r.stdout).toContain('wrote team');
      expect(r.stdout).not.toMatch(/\u001b\[31m|[\r\u202e]/);
    });

    it.each([[[]], [['--force']]])('refuses a directory there (init %j) as a usage error naming it, and writes nothing', async (args) => {
      mkdirSync(join('settings', 'inside'), { recursive: true });
      const r = await withConfig('settings', ...args);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `secscore: --config settings: is a directory, not a file: init writes the settings file there; name a file in it, e.g. ${join('settings', 'secscore.yaml')}\n`,
      });
      expect(readdirSync(dir)).toEqual(['settings']);
      expect(readdirSync('settings')).toEqual(['inside']);
    });

    it.each([
      ['a folder that does not exist', join('missing', 'secscore.yaml'), `--config ${join('missing', 'secscore.yaml')}: the folder missing does not exist`],
      ['the example catalog', 'catalog.yaml', '--config catalog.yaml: init writes the example catalog there; name another file'],
      ['an empty name', '', '--config is empty; name a settings file, e.g. --config secscore.yaml'],
    ])('refuses %s as a usage error, and writes nothing', async (_what, config, message) => {
      expect(await withConfig(config, '--force')).toEqual({ code: 2, stdout: '', stderr: `secscore: ${message}\n` });
      expect(readdirSync(dir)).toEqual([]);
    });

    const HINT = (flag: string) => `next: edit catalog.yaml, then \`secscore ${flag}catalog import catalog.yaml\`\n`;

    it.each([
      ['no --config', [], {}, HINT('')],
      ['--config naming the default file', ['--config', join('.', 'secscore.yaml')], {}, HINT('')],
      ['SECSCORE_CONFIG naming the default file', [], { SECSCORE_CONFIG: 'secscore.yaml' }, HINT('')],
      ['--config naming another file', ['--config', join('config', 'team.yaml')], {}, HINT(`--config ${join('config', 'team.yaml')} `)],
      ['SECSCORE_CONFIG naming another file', [], { SECSCORE_CONFIG: 'from-env.yaml' }, HINT('--config from-env.yaml ')],
      // Without the flag, the next commands would read the file SECSCORE_CONFIG names.
      [
        '--config naming the default file while SECSCORE_CONFIG names another',
        ['--config', 'secscore.yaml'],
        { SECSCORE_CONFIG: 'other.yaml' },
        HINT('--config secscore.yaml '),
      ],
      ['--config naming a file with spaces and a quote', ['--config', "team's settings.yaml"], {}, HINT(`--config 'team'\\''s settings.yaml' `)],
    ])('closes with a next command that reads the file written: %s', async (_what, args, env, hint) => {
      mkdirSync('config');
      const r = await runCli([...args, 'init'], { SECSCORE_CONFIG: undefined, SECSCORE_DB: undefined, ...env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.endsWith(hint), r.stdout).toBe(true);
    });

    it.each(['secscore.yaml', 'config/team-1.yaml', "team's settings.yaml", 'a b', '$HOME/x', '`id`.yaml', '~/x', 'x;rm -rf y', "'", '', '*.yaml'])(
      'quotes %j so that a shell reads it back as it is',
      (raw) => {
        expect(execFileSync('sh', ['-c', `printf %s ${shellWord(raw)}`], { encoding: 'utf8' })).toBe(raw);
      },
    );

    it('takes SECSCORE_CONFIG as every command does, --config first', async () => {
      expect(await runCli(['init'], { SECSCORE_CONFIG: 'from-env.yaml', SECSCORE_DB: undefined })).toMatchObject({ code: 0 });
      expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'from-env.yaml']);
      expect(await runCli(['--config', 'from-flag.yaml', 'init', '--force'], { SECSCORE_CONFIG: 'from-env.yaml', SECSCORE_DB: undefined })).toMatchObject({
        code: 0,
      });
      expect(readdirSync(dir).sort()).toEqual(['catalog.yaml', 'from-env.yaml', 'from-flag.yaml']);
    });
  });
});
