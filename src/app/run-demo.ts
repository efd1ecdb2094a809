import { readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Settings } from '../config/schema.js';
import { defaultPeriod } from '../domain/period.js';
import type { Millis } from '../domain/time.js';
import { readCatalog } from '../importers/catalog/read-catalog.js';
import { FILE_FORMATS, RENDERERS } from '../renderers/registry.js';
import type { Review } from '../scorecard/review.js';
import { Store } from '../storage/store.js';
import { generateDemo } from './demo/generate.js';
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
  options.onStep?.(`generating the example company (five quarters to ${last.label}) in ${options.dir}`);
  const manifest = await generateDemo(options.dir, { last });
  const db = options.db ?? join(options.dir, 'secscore.db');
  if (options.db === undefined) {
    await rm(db, { force: true });
    await rm(`${db}.wal`, { force: true });
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
    const reports: string[] = [];
    for (const format of FILE_FORMATS) {
      const renderer = RENDERERS[format];
      const file = join(options.dir, `report.${renderer.extension}`);
      await writeFile(file, await renderer.render(review));
      reports.push(file);
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
