import { writeFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folders an import makes in the OS temporary directory: a large file's second half read on
 * a worker (app/split-import.ts) and a file's staged rows (storage/bulk-stage.ts). Each is
 * removed when its import ends, Ctrl-C included; a process that is killed (a second Ctrl-C, the
 * OOM killer, a crash) leaves it, hundreds of MB for a large file. So each holds an owner file
 * naming its process, and the next import removes those whose process has ended.
 */
export const IMPORT_TEMP_PREFIXES = ['secscore-split-', 'secscore-stage-'] as const;

export const OWNER_FILE = 'secscore-owner.json';

/** A folder this young is left alone whatever its owner says: made by mkdtemp, its owner file may not be written yet. */
export const STALE_AFTER_MS = 5 * 60_000;
/** A folder without an owner file (made before owner files, or its write failed) is removed once this old: no import runs a day. */
export const OWNERLESS_STALE_AFTER_MS = 24 * 60 * 60_000;

interface Owner {
  pid: number;
  host: string;
}

/**
 * Marks `dir` as this process's, right after it was made. Synchronous, as one of its callers
 * makes its folder so: a few bytes, once per folder, never per batch. A failure to write is
 * ignored: the folder is then only removed as ownerless, a day later.
 */
export function markOwned(dir: string): void {
  const owner: Owner = { pid: process.pid, host: hostname() };
  try {
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  } catch {
    // The import goes on; its folder is removed as it ends, as before.
  }
}

/**
 * Removes the import folders left in the temporary directory by processes that have ended:
 * one readdir of it, then, for each folder of the prefixes only, its owner file and its age.
 * Left alone: a folder younger than STALE_AFTER_MS, one whose owner is alive (or might be: a
 * process of another user, another host's, an owner file that cannot be read as one). Never
 * fails: a folder that cannot be removed (another user's, removed meanwhile) is skipped.
 * Returns the folders removed.
 */
export async function removeStaleTempDirs(options: { dir?: string; now?: number } = {}): Promise<string[]> {
  const root = options.dir ?? tmpdir();
  const now = options.now ?? Date.now();
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!IMPORT_TEMP_PREFIXES.some((p) => name.startsWith(p))) continue;
    const dir = join(root, name);
    try {
      if (!(await isStale(dir, now))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Not ours to remove, or gone already.
    }
  }
  return removed;
}

async function isStale(dir: string, now: number): Promise<boolean> {
  const info = await stat(dir);
  if (!info.isDirectory()) return false;
  const age = now - info.mtimeMs;
  if (age < STALE_AFTER_MS) return false;
  let text: string;
  try {
    text = await readFile(join(dir, OWNER_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    return age >= OWNERLESS_STALE_AFTER_MS;
  }
  const owner = ownerOf(text);
  // Another host's pids (a temporary directory shared with a container or over the network) say nothing here.
  if (owner === null || owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

function ownerOf(text: string): Owner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('pid' in value) || !('host' in value)) return null;
  const { pid, host } = value;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0 || typeof host !== 'string') return null;
  return { pid, host };
}

/** Signal 0 only asks: ESRCH is no such process; EPERM is one of another user, alive. */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
