import type { Command } from 'commander';
import { judgedMetrics } from '../app/build-review.js';
import { loadSettings, type LoadedSettings } from '../config/load-settings.js';
import { SecscoreError } from '../domain/errors.js';
import { parseTimestamp, type Millis } from '../domain/time.js';
import { Store } from '../storage/store.js';
import { interruptible } from './interrupt.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
}

/** Settings from file + env + flags, for any command (global options live on the root program). */
export function settingsFor(command: Command): LoadedSettings {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return loadSettings({
    ...(opts.config !== undefined ? { configPath: opts.config } : {}),
    flags: opts.db !== undefined ? { db: opts.db } : {},
    kpiIds: judgedMetrics().map((k) => k.id),
  });
}

/**
 * Opens the store named by the settings, runs `fn`, and always closes it (releasing a DuckDB
 * file's lock). With `interruptible` (what a stop undoes, for the message), Ctrl-C stops `fn`
 * cleanly (interrupt.ts): `fn` gets the signal to check, and the database's statements are
 * interrupted. With `onlyReads` (a command that writes nothing), a DuckDB file that may not be
 * written is read all the same (Store.open).
 */
export async function withStore<T>(
  command: Command,
  fn: (store: Store, loaded: LoadedSettings, signal?: AbortSignal) => Promise<T>,
  how: { interruptible?: string; onlyReads?: boolean } = {},
): Promise<T> {
  const loaded = settingsFor(command);
  const store = await Store.open(loaded.settings.db, { onlyReads: how.onlyReads === true });
  try {
    if (how.interruptible === undefined) return await fn(store, loaded);
    return await interruptible(
      how.interruptible,
      () => store.stop(),
      (signal) => fn(store, loaded, signal),
    );
  } finally {
    await store.close();
  }
}

/** "Now": the clock, or SECSCORE_NOW for reproducible runs (tests, demos, golden files). */
export function now(): Millis {
  const fixed = process.env['SECSCORE_NOW'];
  if (fixed === undefined || fixed === '') return Date.now();
  const t = parseTimestamp(fixed);
  if (t === null) throw new SecscoreError('USAGE', `SECSCORE_NOW: expected an ISO 8601 timestamp, got "${fixed}"`);
  return t;
}
