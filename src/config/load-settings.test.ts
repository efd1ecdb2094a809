import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { loadSettings } from './load-settings.js';

function dirWith(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'secscore-config-'));
  if (config !== undefined) writeFileSync(join(dir, 'secscore.yaml'), config);
  return dir;
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

  it('fails when an explicit config file is missing', () => {
    expect(() => loadSettings({ cwd: dirWith(), env: {}, configPath: 'nope.yaml' })).toThrow(/nope\.yaml not found/);
  });
});
