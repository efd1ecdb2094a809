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
  if (settings.taxonomy !== null && configFile !== null) settings.taxonomy = resolve(dirname(configFile), settings.taxonomy);
  return { settings, configFile };
}

export function policyOf(settings: Settings): Policy {
  return settings.policy as Policy;
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
