import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { commandsFor, printFailure } from './main.js';
import { runCli } from './test-support/run-cli.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

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
    const file = join(temp.make('secscore-demo-dir-'), 'taken');
    writeFileSync(file, 'mine');
    const r = await runCli(['demo', '--dir', file]);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `secscore: --dir ${file}: is a file, not a folder\n` });
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});

/** ESC [31m (red), a carriage return (back to the line's start) and U+202E (right-to-left override): each becomes a space. */
const HOSTILE = 'a\u001b[31mred\rover\u202eevil';
const INERT = 'a [31mred over evil';

describe('failures quoting untrusted text print it inert', () => {
  it('neutralises an input error naming a file (exit 2)', async () => {
    // A file found in a folder can be named by anyone: its name is untrusted text too.
    const folder = temp.make('secscore-inert-');
    writeFileSync(join(folder, `${HOSTILE}.yaml`), 'services: [\n');
    const r = await runCli(['catalog', 'import', folder]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.startsWith(`secscore: ${join(folder, INERT)}.yaml: invalid secscore catalog YAML input`), r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/[\u001b\r\u202e]/);
  });

  it.each([
    ['an input error quoting a scanner title', new SecscoreError('INPUT_INVALID', `scan.json: title ${HOSTILE}`), 2, `secscore: scan.json: title ${INERT}\n`],
    ['a message on several lines, as one line', new SecscoreError('RUNTIME', `x\n${HOSTILE}`), 1, `secscore: x ${INERT}\n`],
    ['a thrown string', HOSTILE, 1, `secscore: unexpected failure: ${INERT}\n`],
  ])('neutralises %s', async (_what, err, code, printed) => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await printFailure(err)).toBe(code);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toBe(printed);
    } finally {
      write.mockRestore();
    }
  });

  it('keeps the line breaks of the stack of an unexpected failure, each line made inert', async () => {
    const err = new Error(HOSTILE);
    err.stack = `Error: ${HOSTILE}\n    at somewhere (${HOSTILE}.js:1:1)`;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await printFailure(err)).toBe(1);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toBe(`secscore: unexpected failure: Error: ${INERT}\n    at somewhere (${INERT}.js:1:1)\n`);
    } finally {
      write.mockRestore();
    }
  });
});
