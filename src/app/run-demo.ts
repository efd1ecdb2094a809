import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import type { Settings } from '../config/schema.js';
import { SecscoreError } from '../domain/errors.js';
import { defaultPeriod } from '../domain/period.js';
import type { Millis } from '../domain/time.js';
import { readCatalog } from '../importers/catalog/read-catalog.js';
import { FILE_FORMATS, RENDERERS } from '../renderers/registry.js';
import type { Review } from '../scorecard/review.js';
import { Store } from '../storage/store.js';
import { DEMO_CATALOG_HEADER } from './demo/company.js';
import { CATALOG_FILE, planDemo, writeDemo } from './demo/generate.js';
import { buildReview } from './build-review.js';
import { importFiles, isRecordReport, isSkippedFile, type ImportProgress, type ImportReport } from './import-files.js';

export interface DemoResult {
  dir: string;
  db: string;
  /** Scanner files imported (with their repository or image, and with `--service`). */
  files: number;
  findings: number;
  /** Operational records, exceptions and feed rows imported, from `inputFiles` files. */
  records: number;
  inputFiles: number;
  /** Every import report, in import order. */
  imports: ImportReport[];
  reports: string[];
  review: Review;
}

export interface DemoOptions {
  dir: string;
  /** A database to use instead of `<dir>/secscore.db` (kept as it is; the demo's own one is made anew). */
  db?: string;
  now: Millis;
  onStep?: (step: string) => void;
  onImport?: (p: ImportProgress) => void;
  onFilesKnown?: (total: number) => void;
  /** Overwrite files in `dir` that an earlier demo did not write (`demo --force`). */
  force?: boolean;
  /** Stops the demo between files, and the statement running (Ctrl-C: cli/interrupt.ts). */
  signal?: AbortSignal;
}

/**
 * The first thing a new user runs: an example company written to disk as real scanner files,
 * operational records, exceptions and feeds, imported through the normal importers (scans
 * first, then the files that need `--service`, then records, exceptions and feeds), and its
 * review written beside them.
 */
export async function runDemo(settings: Settings, options: DemoOptions): Promise<DemoResult> {
  const last = defaultPeriod(options.now);
  const plan = planDemo(last);
  const db = options.db ?? join(options.dir, 'secscore.db');
  const reportFiles = FILE_FORMATS.map((format) => join(options.dir, `report.${RENDERERS[format].extension}`));
  if (options.force !== true)
    checkOwnFolder(options.dir, [...plan.files.map((f) => join(options.dir, f.path)), ...reportFiles, ...(options.db === undefined ? [db, `${db}.wal`] : [])]);
  options.onStep?.(`generating the example company (five quarters to ${last.label}) in ${options.dir}`);
  // A folder that cannot be written (no permission, a full disk): one line naming it, exit 1, as `report --out`.
  const writing = <T>(work: Promise<T>): Promise<T> =>
    work.catch((err: unknown) => {
      throw new SecscoreError('RUNTIME', `--dir ${options.dir}: could not write the demo (${err instanceof Error ? err.message : String(err)})`, {
        cause: err,
      });
    });
  const manifest = await writing(writeDemo(options.dir, plan));
  if (options.db === undefined) {
    await writing(rm(db, { force: true }));
    await writing(rm(`${db}.wal`, { force: true }));
  }
  const store = await Store.open(db);
  const stop = (): void => store.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    options.signal?.throwIfAborted();
    options.onStep?.('importing the catalog');
    const text = await readFile(manifest.catalogFile, 'utf8');
    const { catalog } = readCatalog([{ path: manifest.catalogFile, text }]);
    await store.saveCatalog(catalog, {
      kind: 'catalog',
      format: 'catalog',
      file: manifest.catalogFile,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    const serviceFiles = manifest.serviceScans.reduce((n, s) => n + s.files.length, 0);
    const total = manifest.scanFiles.length + serviceFiles + manifest.inputFiles.length;
    options.onStep?.(`importing ${manifest.scanFiles.length + serviceFiles} scan files and ${manifest.inputFiles.length} record, exception and feed files`);
    options.onFilesKnown?.(total);
    let offset = 0;
    const onImport = (p: ImportProgress): void => options.onImport?.({ ...p, index: offset + p.index, total });
    const imported: ImportReport[] = [];
    const batch = async (files: readonly string[], service?: string): Promise<void> => {
      const how = { now: options.now, ...(service !== undefined ? { service } : {}), ...(options.signal !== undefined ? { signal: options.signal } : {}) };
      imported.push(...(await importFiles(store, files, how, onImport)));
      offset += files.length;
    };
    await batch(manifest.scanFiles);
    for (const s of manifest.serviceScans) await batch(s.files, s.service);
    await batch(manifest.inputFiles);
    options.signal?.throwIfAborted();
    options.onStep?.(`writing the ${last.label} review`);
    const review = await buildReview(store, { ...settings, db }, last, { audience: 'vp-eng' });
    if (review === null) throw new Error(`the demo's catalog was not imported into ${db}`);
    const reports: string[] = [];
    for (const [i, format] of FILE_FORMATS.entries()) {
      const text = await RENDERERS[format].render(review, { now: options.now });
      await writing(writeFile(reportFiles[i]!, text));
      reports.push(reportFiles[i]!);
    }
    return {
      dir: options.dir,
      db,
      files: manifest.scanFiles.length + serviceFiles,
      findings: imported.reduce((n, r) => n + (isRecordReport(r) || isSkippedFile(r) ? 0 : r.findings), 0),
      records: imported.reduce((n, r) => n + (isRecordReport(r) ? r.records : 0), 0),
      inputFiles: manifest.inputFiles.length,
      imports: imported,
      reports,
      review,
    };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await store.close();
  }
}

/**
 * The demo writes over, or removes, only what a demo wrote: a folder whose catalog.yaml is the
 * demo's (its first line says so), or a folder without any of the files it is about to write
 * or remove. Anything else there (the catalog.yaml and database of `secscore init`, a report
 * of the user's) is refused, as `init` refuses, unless `force`.
 */
export function checkOwnFolder(dir: string, paths: readonly string[]): void {
  const catalog = join(dir, CATALOG_FILE);
  if (firstLine(catalog) === DEMO_CATALOG_HEADER) return;
  const taken = paths.filter((p) => existsSync(p)).map((p) => relative(dir, p));
  if (taken.length === 0) return;
  const named = taken.length > 3 ? `${taken.slice(0, 3).join(', ')} and ${taken.length - 3} more` : taken.join(', ');
  throw new SecscoreError(
    'USAGE',
    `--dir ${dir}: ${named} ${taken.length === 1 ? 'exists' : 'exist'} and ${taken.length === 1 ? 'was' : 'were'} not written by secscore demo; pass --force to overwrite, or choose another --dir`,
  );
}

function firstLine(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').split('\n', 1)[0]!.trimEnd();
  } catch {
    return null;
  }
}
