import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SecscoreError } from '../domain/errors.js';

export interface ExpandOptions {
  /** Which files found in a directory or by a pattern are inputs (a file named itself always is). */
  accept?: (file: string) => boolean;
  /** What the inputs are called in the error for a directory without any: "input files" by default. */
  what?: string;
}

/**
 * Files named on the command line: a directory stands for every file below it, a glob pattern
 * (`scans/**\/*.json`, quoted so that secscore expands it) for the files it matches; each in
 * name order, hidden files left out, a file named twice imported once. A directory or a
 * pattern without any input file is a usage error, never an import of nothing.
 */
export async function expandPaths(paths: readonly string[], options: ExpandOptions = {}): Promise<string[]> {
  const accept = options.accept ?? (() => true);
  const out: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      if (isDynamicPattern(p)) {
        const matched = (await globFiles(p)).filter(accept);
        if (matched.length === 0) throw new SecscoreError('USAGE', `${p}: the pattern matches no files`);
        out.push(...matched);
        continue;
      }
      throw new SecscoreError('USAGE', `${p}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const found = (await walk(p)).filter(accept);
      if (found.length === 0) throw new SecscoreError('USAGE', `no ${options.what ?? 'input files'} found in ${p} (hidden files are left out)`);
      out.push(...found);
    } else out.push(p);
  }
  return [...new Set(out)];
}

async function globFiles(pattern: string): Promise<string[]> {
  // Paths come back as the pattern was written: absolute, or relative to the working directory.
  const options = { dot: false, expandDirectories: false, absolute: isAbsolute(pattern) };
  const files = await glob(pattern, { ...options, onlyFiles: true });
  // Directories a pattern names (scans/*) stand for their files too.
  const dirs = await glob(pattern, { ...options, onlyDirectories: true });
  for (const d of dirs) files.push(...(await walk(d.replace(/\/$/, ''))));
  return [...new Set(files)].sort(byName);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => byName(a.name, b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
