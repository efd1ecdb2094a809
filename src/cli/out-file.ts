import { randomBytes } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SecscoreError } from '../domain/errors.js';

/**
 * `--out <file>`, checked before the work and written whole or not at all.
 *
 * Checked first: a review of a large company takes seconds to build, and `--out` naming a
 * folder, or a file in a folder that does not exist, should say so at once (a usage error),
 * not after the work with a stack trace. Written to a temporary file beside it and renamed
 * over it: a reader never sees half a report, and a write that fails (a full disk) leaves
 * the file that was there. A device or a pipe (`--out /dev/stdout`) is written to as it is,
 * and a symbolic link's target is what is replaced. `example` is the file name the errors
 * suggest (the command's format).
 */
export function checkOutFile(flag: string, file: string, example = 'review.md'): void {
  if (file.trim() === '') throw new SecscoreError('USAGE', `${flag} is empty; name a file, e.g. ${flag} ${example}`);
  const kind = kindOf(file);
  if (kind === 'folder') throw new SecscoreError('USAGE', `${flag} ${file}: is a folder; name a file in it, e.g. ${join(file, example)}`);
  if (kind === 'other') return;
  const folder = dirname(file);
  const parent = kindOf(folder);
  if (parent === 'missing') throw new SecscoreError('USAGE', `${flag} ${file}: the folder ${folder} does not exist`);
  if (parent !== 'folder') throw new SecscoreError('USAGE', `${flag} ${file}: ${folder} is not a folder`);
}

/** A folder to write into (`demo --dir`): one that exists, or one that can be made (under folders, not under a file). */
export function checkOutFolder(flag: string, folder: string): void {
  // An empty name would be the current folder: the demo would write its files all over it.
  if (folder.trim() === '') throw new SecscoreError('USAGE', `${flag} is empty; name a folder, e.g. ${flag} secscore-demo`);
  const kind = kindOf(folder);
  if (kind === 'file' || kind === 'other') throw new SecscoreError('USAGE', `${flag} ${folder}: is a file, not a folder`);
  // The folders to make go up to one that exists: that one has to be a folder.
  for (let above = folder; kind === 'missing' && dirname(above) !== above;) {
    above = dirname(above);
    const k = kindOf(above);
    if (k === 'missing') continue;
    if (k !== 'folder') throw new SecscoreError('USAGE', `${flag} ${folder}: ${above} is not a folder`);
    break;
  }
}

/** Writes `file` whole (see checkOutFile); a failure is one line naming the flag, if any, and the file (exit 1). */
export async function writeOutFile(flag: string, file: string, data: string | Uint8Array): Promise<void> {
  const failed = (err: unknown) =>
    new SecscoreError('RUNTIME', `${flag ? `${flag} ` : ''}${file}: could not write it (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  const kind = kindOf(file);
  if (kind === 'other') {
    await writeFile(file, data).catch((err: unknown) => {
      throw failed(err);
    });
    return;
  }
  const target = kind === 'file' ? realpathSync(file) : file;
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw failed(err);
  }
}

/** What is at `path` (a symbolic link followed): nothing, a regular file, a folder, or something else (a device, a pipe). */
export function kindOf(path: string): 'missing' | 'file' | 'folder' | 'other' {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new SecscoreError('USAGE', `${path}: ${(err as Error).message}`, { cause: err });
  }
}
