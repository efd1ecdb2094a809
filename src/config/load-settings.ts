import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { SecscoreError } from '../domain/errors.js';
import type { Policy } from '../domain/policy.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { settingsSchema, type Settings } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'secscore.yaml';

export interface SettingsSources {
  /** `--config`; without it `secscore.yaml` in the working directory when present. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Flags given on the command line, already in settings shape. */
  flags?: { db?: string };
  cwd?: string;
  /**
   * The KPI ids `policy.targets` may name (the catalog and the scorecard metrics). Passed in, so
   * that config does not depend on the KPI catalog; without it the keys are not checked.
   */
  kpiIds?: readonly string[];
}

export interface LoadedSettings {
  settings: Settings;
  /** The config file read, if any. */
  configFile: string | null;
}

/** Defaults < config file < environment < flags, validated once by the one schema. */
export function loadSettings(sources: SettingsSources = {}): LoadedSettings {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? process.env;
  const explicit = sources.configPath ?? env['SECSCORE_CONFIG'];
  const path = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  let fromFile: unknown = {};
  let configFile: string | null = null;
  if (existsSync(path)) {
    configFile = path;
    fromFile = readYaml(path);
  } else if (explicit !== undefined) {
    throw new SecscoreError('CONFIG_INVALID', `config file ${explicit} not found`);
  }
  const fromEnv: Record<string, unknown> = {};
  if (env['SECSCORE_DB']) fromEnv['db'] = env['SECSCORE_DB'];
  const fromFlags: Record<string, unknown> = {};
  if (sources.flags?.db !== undefined) fromFlags['db'] = sources.flags.db;

  const merged = deepMerge(deepMerge(deepMerge(DEFAULT_SETTINGS, fromFile), fromEnv), fromFlags);
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    const unknown = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => [...issue.path, k].join('.')).join(', ')})` : '';
    throw new SecscoreError('CONFIG_INVALID', `${configFile ?? 'settings'}: ${key}: ${issue.message}${unknown}`);
  }
  const settings = result.data;
  if (sources.kpiIds !== undefined) checkTargetIds(Object.keys(settings.policy.targets), sources.kpiIds, configFile ?? 'settings');
  if (settings.taxonomy !== null && configFile !== null) settings.taxonomy = resolve(dirname(configFile), settings.taxonomy);
  return { settings, configFile };
}

export function policyOf(settings: Settings): Policy {
  return settings.policy as Policy;
}

/** A target for an id no KPI has would never apply: an error naming the key and the id meant. */
function checkTargetIds(given: readonly string[], known: readonly string[], source: string): void {
  const unknown = given.find((id) => !known.includes(id));
  if (unknown === undefined) return;
  const near = closest(unknown, known);
  const expected = near.length > 0 ? `did you mean ${near.join(' or ')}?` : `expected one of ${known.join(', ')}`;
  throw new SecscoreError('CONFIG_INVALID', `${source}: policy.targets.${unknown}: unknown KPI id; ${expected}`);
}

/**
 * The names nearest `wanted` by edit distance to their closest prefix (`critcal_mttr` is one edit
 * from `critical_mttr`, so it means critical_mttr_internet); none when every name is far.
 */
function closest(wanted: string, names: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  const distance = (name: string): number => {
    // One row of the edit-distance table per character of `w`; its last row's minimum is the distance to the nearest prefix of `name`.
    let row = Array.from({ length: name.length + 1 }, (_, j) => j);
    for (let i = 1; i <= w.length; i++) {
      const next = [i];
      for (let j = 1; j <= name.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (w[i - 1] === name[j - 1] ? 0 : 1));
      row = next;
    }
    return Math.min(...row);
  };
  const scored = names.map((name) => ({ name, d: distance(name.toLowerCase()) }));
  const best = Math.min(...scored.map((x) => x.d));
  if (best > Math.floor(w.length / 4)) return [];
  return scored.filter((x) => x.d === best).map((x) => x.name);
}

function readYaml(path: string): unknown {
  const doc = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new SecscoreError('CONFIG_INVALID', `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new SecscoreError('CONFIG_INVALID', `${path}: expected a mapping of settings at the top level`);
  return value;
}

/** Objects merge key by key; anything else (arrays included) is replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
