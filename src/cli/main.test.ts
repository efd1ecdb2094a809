import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsFor } from './main.js';
import { runCli } from './test-support/run-cli.js';

describe('commandsFor: only the command that runs is loaded', () => {
  it('names the command that comes first, after global options and their values', () => {
    expect(commandsFor(['kpis', '--by', 'area'])).toEqual(['kpis']);
    expect(commandsFor(['--db', 'x.db', 'kpis'])).toEqual(['kpis']);
    expect(commandsFor(['--db=x.db', '--config', 'kpis', 'report'])).toEqual(['report']);
    expect(commandsFor(['--config=c.yaml', 'import', 'a.sarif'])).toEqual(['import']);
  });

  it('loads none for the version, and every one for help, an unknown command or nothing', () => {
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V'])).toEqual([]);
    expect(commandsFor(['--help'])).toBeNull();
    expect(commandsFor(['kpi'])).toBeNull();
    expect(commandsFor([])).toBeNull();
    expect(commandsFor(['--db', 'x.db'])).toBeNull();
    expect(commandsFor(['--db=x.db', '--verbose', 'kpis'])).toBeNull();
  });
});

describe('main with commands loaded on demand', () => {
  it('still lists every command in the help and suggests the one meant', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'catalog', 'import', 'findings', 'records', 'exceptions', 'sync', 'status', 'kpis', 'scorecard', 'report', 'demo'])
      expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const typo = await runCli(['kpi']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean kpis?');
  });

  it('prints the help on stderr with exit code 2 when no command is given, and on stdout with 0 when asked for', async () => {
    const help = await runCli(['--help']);
    for (const [args, code] of [
      [[], 2],
      [['--db', 'x.db'], 2],
      [['help'], 0],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(code === 0 ? r.stdout : r.stderr, args.join(' ')).toBe(help.stdout);
      expect(code === 0 ? r.stderr : r.stdout, args.join(' ')).toBe('');
    }
    // A command that needs a subcommand, without one.
    const catalog = await runCli(['catalog']);
    expect(catalog).toMatchObject({ code: 2, stdout: '' });
    expect(catalog.stderr).toContain('Usage: secscore catalog');
  });

  it('runs the named command alone', async () => {
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const r = await runCli(['kpis', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: secscore kpis');
  });
});

describe('demo --dir', () => {
  it('refuses a file, before it builds anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secscore-demo-dir-')), 'taken');
    writeFileSync(file, 'mine');
    const r = await runCli(['demo', '--dir', file]);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `secscore: --dir ${file}: is a file, not a folder\n` });
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});
