import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { distance as levenshtein } from 'fastest-levenshtein';
import { parseDocument } from 'yaml';
import { SecscoreError, yamlSyntaxMessage } from '../domain/errors.js';
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

/**
 * The settings file `--config` or else SECSCORE_CONFIG names, with how messages name it (as the
 * user gave it: `--config x.yaml`, `SECSCORE_CONFIG=x.yaml`); null when neither does (the default
 * file). What every command reads, and what `init` writes.
 */
export function namedConfigFile(sources: Pick<SettingsSources, 'configPath' | 'env'> = {}): { file: string; named: string } | null {
  const env = sources.env ?? process.env;
  // An empty SECSCORE_CONFIG is no setting, as an empty SECSCORE_DB is; an empty --config is a mistake.
  const explicit = sources.configPath ?? (env['SECSCORE_CONFIG'] || undefined);
  if (explicit === undefined) return null;
  const given = sources.configPath !== undefined ? '--config ' : 'SECSCORE_CONFIG=';
  if (explicit.trim() === '') throw new SecscoreError('USAGE', `${given.trim()} is empty; name a settings file, e.g. ${given}secscore.yaml`);
  return { file: explicit, named: `${given}${explicit}` };
}

/** Defaults < config file < environment < flags, validated once by the one schema. */
export function loadSettings(sources: SettingsSources = {}): LoadedSettings {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? process.env;
  const explicit = namedConfigFile(sources);
  const path = resolve(cwd, explicit?.file ?? DEFAULT_CONFIG_FILE);
  // How the messages name the file: as the user gave it (flag or variable), or the default file's path.
  const named = explicit?.named ?? path;
  let fromFile: unknown = {};
  let configFile: string | null = null;
  const kind = kindOf(path, named);
  if (kind === 'folder') throw new SecscoreError('CONFIG_INVALID', `${named}: is a folder, not a settings file`);
  if (kind === 'file') {
    configFile = path;
    fromFile = readYaml(path, named);
  } else if (explicit !== null) {
    throw new SecscoreError('CONFIG_INVALID', `${named}: no such file`);
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
  const prefixDistance = (name: string): number => {
    let d = w.length;
    for (let end = 1; end <= name.length && d > 0; end++) d = Math.min(d, levenshtein(w, name.slice(0, end)));
    return d;
  };
  const scored = names.map((name) => ({ name, d: prefixDistance(name.toLowerCase()) }));
  const best = Math.min(...scored.map((x) => x.d));
  if (best > Math.floor(w.length / 4)) return [];
  return scored.filter((x) => x.d === best).map((x) => x.name);
}

function kindOf(path: string, named: string): 'missing' | 'file' | 'folder' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw cannotRead(named, err);
  }
}

function cannotRead(named: string, err: unknown): SecscoreError {
  return new SecscoreError('CONFIG_INVALID', `${named}: cannot read it (${err instanceof Error ? err.message : String(err)})`, { cause: err });
}

function readYaml(path: string, named: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw cannotRead(named, err);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new SecscoreError('CONFIG_INVALID', yamlSyntaxMessage(path, doc.errors[0]!));
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
