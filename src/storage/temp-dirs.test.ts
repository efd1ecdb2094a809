import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markOwned, OWNER_FILE, removeStaleTempDirs } from './temp-dirs.js';

const root = mkdtempSync(join(tmpdir(), 'secscore-temp-dirs-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has ended: a node that exited at once (reaped by spawnSync). */
const DEAD = spawnSync(process.execPath, ['-e', '']).pid!;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Owner = { pid: number; host?: string } | 'none' | 'garbage';

/** A folder `name` in the scratch root, `ageMs` old (its mtime), with that owner file. */
function folder(name: string, owner: Owner, ageMs: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'stage.csv'), '"a",1\n');
  if (owner === 'garbage') writeFileSync(join(dir, OWNER_FILE), 'not json');
  else if (owner !== 'none') writeFileSync(join(dir, OWNER_FILE), JSON.stringify({ pid: owner.pid, host: owner.host ?? hostname() }));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(dir, t, t);
  return dir;
}

describe('removeStaleTempDirs', () => {
  it('has a dead pid to test with', () => {
    expect(() => process.kill(DEAD, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it.each<[string, string, Owner, number, boolean]>([
    ['removes a stage folder of a process that ended, 10 minutes old', 'secscore-stage-a1', { pid: DEAD }, 10 * MINUTE, true],
    ['removes a split folder of a process that ended, 10 minutes old', 'secscore-split-a2', { pid: DEAD }, 10 * MINUTE, true],
    ['keeps a folder of a process that ended a minute ago: its owner file may be on its way', 'secscore-stage-b1', { pid: DEAD }, MINUTE, false],
    ['keeps a folder of this process', 'secscore-stage-c1', { pid: process.pid }, 2 * HOUR, false],
    ['keeps a folder of another live process', 'secscore-split-c2', { pid: process.ppid }, 2 * HOUR, false],
    ['keeps a folder of another host, whose pids say nothing here', 'secscore-stage-d1', { pid: DEAD, host: 'elsewhere.invalid' }, 2 * HOUR, false],
    ['keeps a folder whose owner file is not one', 'secscore-stage-e1', 'garbage', 2 * HOUR, false],
    ['keeps a folder without an owner file an hour old', 'secscore-stage-f1', 'none', HOUR, false],
    ['removes a folder without an owner file a day old (made before owner files)', 'secscore-split-f2', 'none', 25 * HOUR, true],
    ['keeps a folder of another prefix', 'secscore-test-g1', { pid: DEAD }, 2 * HOUR, false],
  ])('%s', async (_title, name, owner, ageMs, removed) => {
    const dir = folder(name, owner, ageMs);
    const gone = await removeStaleTempDirs({ dir: root });
    expect(gone).toEqual(removed ? [dir] : []);
    expect(existsSync(dir)).toBe(!removed);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a file of the prefix, and answers nothing for a temporary directory that cannot be read', async () => {
    const file = join(root, 'secscore-stage-file');
    writeFileSync(file, '');
    utimesSync(file, 0, 0);
    expect(await removeStaleTempDirs({ dir: root })).toEqual([]);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
    expect(await removeStaleTempDirs({ dir: join(root, 'missing') })).toEqual([]);
  });
});

describe('markOwned', () => {
  it('writes this process as the owner: the folder is kept however old it gets', async () => {
    const dir = join(root, 'secscore-stage-mine');
    mkdirSync(dir);
    markOwned(dir);
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    expect(await removeStaleTempDirs({ dir: root, now: Date.now() + 2 * HOUR })).toEqual([]);
    expect(existsSync(dir)).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it('does not fail the import when the folder is gone', () => {
    expect(() => markOwned(join(root, 'secscore-stage-gone'))).not.toThrow();
  });
});
