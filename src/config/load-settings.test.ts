import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { loadSettings } from './load-settings.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

function dirWith(config?: string): string {
  const dir = temp.make('secscore-config-');
  if (config !== undefined) writeFileSync(join(dir, 'secscore.yaml'), config);
  return dir;
}

/** The exit code and message of what `f` throws. */
function failure(f: () => unknown): [number, string] {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(SecscoreError);
    return [(err as SecscoreError).exitCode, (err as Error).message];
  }
  throw new Error('no error');
}

describe('settings', () => {
  it('uses the seed defaults without a config file', () => {
    const { settings, configFile } = loadSettings({ cwd: dirWith(), env: {} });
    expect(configFile).toBeNull();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings.policy.slaDays.critical).toEqual({ '0': 7, '1': 14, '2': 30 });
  });

  it('merges the file over the defaults key by key', () => {
    const { settings } = loadSettings({ cwd: dirWith('policy:\n  slaDays:\n    critical: { "0": 3 }\n  nearBand: 0.2\n'), env: {} });
    expect(settings.policy.slaDays.critical).toEqual({ '0': 3, '1': 14, '2': 30 });
    expect(settings.policy.nearBand).toBe(0.2);
    expect(settings.policy.flatBand).toBe(0.05);
  });

  it('takes the database from the file, then the environment, then the flag', () => {
    const cwd = dirWith('db: from-file.db\n');
    expect(loadSettings({ cwd, env: {} }).settings.db).toBe('from-file.db');
    expect(loadSettings({ cwd, env: { SECSCORE_DB: 'from-env.db' } }).settings.db).toBe('from-env.db');
    expect(loadSettings({ cwd, env: { SECSCORE_DB: 'from-env.db' }, flags: { db: 'flag.db' } }).settings.db).toBe('flag.db');
  });

  it.each([
    ['policy:\n  nearBnad: 0.2\n', /policy: .*nearBnad/],
    ['policy:\n  slaDays:\n    critical: { "0": "seven" }\n', /policy\.slaDays\.critical\.0: .*number/],
    ['policy:\n  requiredCoverage: [sast, dast2]\n', /policy\.requiredCoverage\.1/],
    ['policy: [1, 2\n', /secscore\.yaml:\d+:\d+: not valid YAML/],
  ])('rejects %j naming the key', (text, message) => {
    const run = () => loadSettings({ cwd: dirWith(text), env: {} });
    expect(run).toThrow(SecscoreError);
    expect(run).toThrow(message);
  });

  describe('policy.targets, checked against the KPI ids given', () => {
    const kpiIds = ['critical_mttr_internet', 'critical_sla_compliance', 'reopen_rate', 'mttd', 'mttc', 'gate_coverage'];
    const load = (text: string) => loadSettings({ cwd: dirWith(text), env: {}, kpiIds });
    const targets = (entries: string) => `policy:\n  targets:\n${entries}`;

    it.each([
      ['critcal_mttr', /secscore\.yaml: policy\.targets\.critcal_mttr: unknown KPI id; did you mean critical_mttr_internet\?$/],
      ['gate_coverge', /policy\.targets\.gate_coverge: unknown KPI id; did you mean gate_coverage\?$/],
      ['mttr', /policy\.targets\.mttr: unknown KPI id; did you mean mttd or mttc\?$/],
      ['foo', /policy\.targets\.foo: unknown KPI id; expected one of critical_mttr_internet, critical_sla_compliance, reopen_rate, mttd, mttc, gate_coverage$/],
    ])('rejects a target for %j, naming the key and the id meant', (id, message) => {
      const run = () => load(targets(`    ${id}: { op: "<=", value: 10 }\n`));
      expect(run).toThrow(SecscoreError);
      expect(run).toThrow(message);
    });

    it('takes targets for known ids', () => {
      const { settings } = load(targets('    reopen_rate: { op: "<=", value: 3 }\n    gate_coverage: { op: ">=", value: 95 }\n'));
      expect(settings.policy.targets).toEqual({ reopen_rate: { op: '<=', value: 3 }, gate_coverage: { op: '>=', value: 95 } });
    });
  });

  it.each([
    ['policy:\n  coverageEquivalents:\n    contaner: [sca]\n', /policy\.coverageEquivalents: .*contaner/],
    ['policy:\n  coverageEquivalents:\n    container: [sac]\n', /policy\.coverageEquivalents\.container\.0: /],
  ])('rejects a category name that is not one, keys and values alike (%j)', (text, message) => {
    expect(() => loadSettings({ cwd: dirWith(text), env: {} })).toThrow(message);
  });

  it.each([
    ['policy:\n  nearBand: 0.1\n  flatBand: [1\n\n\n\n\nx: 1\n', '8:1', 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['db: a.db\ndb: b.db\n', '2:1', 'Map keys must be unique'],
    ['db: a: b\n', '1:5', 'Nested mappings are not allowed in compact mappings'],
  ])('says where the YAML of %j is broken in one line ending with the reason (no code frame, no dangling position)', (text, at, reason) => {
    const cwd = dirWith(text);
    expect(failure(() => loadSettings({ cwd, env: {} }))).toEqual([2, `${join(cwd, 'secscore.yaml')}:${at}: not valid YAML: ${reason}`]);
  });

  it('fails when an explicit config file is missing, naming the flag or the variable (exit 2)', () => {
    expect(failure(() => loadSettings({ cwd: dirWith(), env: {}, configPath: 'nope.yaml' }))).toEqual([2, '--config nope.yaml: no such file']);
    expect(failure(() => loadSettings({ cwd: dirWith(), env: { SECSCORE_CONFIG: 'nope.yaml' } }))).toEqual([2, 'SECSCORE_CONFIG=nope.yaml: no such file']);
  });

  it('refuses a folder and an empty --config as usage errors naming them, and takes an empty SECSCORE_CONFIG as not set', () => {
    const cwd = dirWith();
    expect(failure(() => loadSettings({ cwd, env: {}, configPath: tmpdir() }))).toEqual([2, `--config ${tmpdir()}: is a folder, not a settings file`]);
    expect(failure(() => loadSettings({ cwd, env: {}, configPath: '' }))).toEqual([2, '--config is empty; name a settings file, e.g. --config secscore.yaml']);
    expect(failure(() => loadSettings({ cwd, env: {}, configPath: ' ' }))).toEqual([2, '--config is empty; name a settings file, e.g. --config secscore.yaml']);
    expect(failure(() => loadSettings({ cwd, env: { SECSCORE_CONFIG: '.' } }))).toEqual([2, 'SECSCORE_CONFIG=.: is a folder, not a settings file']);
    expect(loadSettings({ cwd, env: { SECSCORE_CONFIG: '' } }).configFile).toBeNull();
    // The default file, when a folder has its name.
    mkdirSync(join(cwd, 'secscore.yaml'));
    expect(failure(() => loadSettings({ cwd, env: {} }))).toEqual([2, `${join(cwd, 'secscore.yaml')}: is a folder, not a settings file`]);
  });
});
