import { describePlace, InputError, SecscoreError, type Place } from '../domain/errors.js';
import type { RawFinding, TargetHints } from '../domain/finding.js';
import { imageKey, repoKey } from '../domain/service.js';
import type { Category } from '../domain/severity.js';
import { DAY_MS, toIso, type Millis } from '../domain/time.js';
import { BAD_LINE, isLineNumber } from '../importers/fields.js';
import { parseContext } from '../importers/redact.js';
import { detectFormat, IMPORTERS, listFormats } from '../importers/registry.js';
import { countedSource, fileSource } from '../importers/source.js';
import type { ImportSource, ScannerImporter, StreamRef } from '../importers/types.js';
import type { Store } from '../storage/store.js';
import type { AlertRecord } from '../storage/alert-findings.js';
import { removeStaleTempDirs } from '../storage/temp-dirs.js';
import type { StagedFinding, StagedSnapshot } from '../storage/write-snapshots.js';
import type { InputHandler, RecordImportReport } from './input-handler.js';
import { INPUT_HANDLERS } from './input-handlers.js';
import { hashSource } from './hash-file.js';
import { SPLIT_FORMATS, SPLIT_MIN_BYTES, splitStarter, type SplitLauncher } from './split-import.js';

export interface ImportOptions {
  /** `--format`: skip detection. */
  format?: string;
  /** `--service`: every finding of the file belongs to this service. */
  service?: string;
  /** `--category`: overrides the category the importer derives. */
  category?: Category;
  /** `--scanned-at`: the scan time of files that carry none. */
  scannedAt?: Millis;
  /** `--partial`: the file opens findings but fixes none. */
  partial?: boolean;
  /**
   * Files found in a directory or by a pattern rather than named: one whose format is not
   * recognised (a README beside the scans) is skipped with its reason instead of stopping the import.
   */
  found?: ReadonlySet<string>;
  now: Millis;
  /**
   * Stops the import when aborted (Ctrl-C, cli/interrupt.ts): checked between files and between
   * batches of findings; the file in progress is rolled back, and the abort's reason is thrown.
   */
  signal?: AbortSignal;
  /**
   * Reading a large file's second half on another thread (split-import.ts): `from`, the file
   * size from which it may (SPLIT_MIN_BYTES; tests set it low, or to Infinity for none); `used`,
   * told the findings of each second half used.
   */
  split?: { from?: number; used?: (findings: number) => void };
}

/** The `import --json` record of one file (cli.md). */
export interface FileImportReport {
  file: string;
  format: string;
  service: string | string[];
  scannedAt: string;
  findings: number;
  opened: number;
  fixed: number;
  reopened: number;
  unchanged: number;
  skipped: { reason: string; place?: Place }[];
  /** What was kept only in part (a finding without its line), each reason once with where it first came. */
  warnings: string[];
}

/** The `import --json` record of a file found in a directory whose format is not recognised: nothing read. */
export interface SkippedFileReport {
  file: string;
  format: null;
  skipped: { reason: string }[];
}

export type ImportReport = FileImportReport | RecordImportReport | SkippedFileReport;

export function isRecordReport(r: ImportReport): r is RecordImportReport {
  return 'kind' in r;
}

export function isSkippedFile(r: ImportReport): r is SkippedFileReport {
  return r.format === null;
}

/** Every format id of `secscore import`: scanner formats, then the other inputs. */
export function listInputFormats(): { id: string; name: string; kind: string }[] {
  return [
    ...listFormats().map((f) => ({ id: f.id, name: f.name, kind: `scanner output (${f.defaultCategory})` })),
    ...INPUT_HANDLERS.map((h) => ({ id: h.id, name: h.name, kind: h.kind })),
  ];
}

/** Progress of an import: when a file starts, several times while it is read, and once when it is done. */
export interface ImportProgress {
  /** 1-based position of the file in the list. */
  index: number;
  total: number;
  file: string;
  /** Size of the file. */
  bytes: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** Findings (or records) of the file so far. */
  findings: number;
  /** The file is imported (its transaction committed). */
  done: boolean;
  /** What it changed, once done. */
  report?: ImportReport;
}

/**
 * Imports scanner files one by one, each in one transaction: its findings are streamed into
 * the database in batches as the file is read, and its snapshots written at the end; a file
 * that fails leaves the database as it was, and the error names the file, the format and
 * the place. The catalog, service keys and secret key are read once for all the files.
 */
export async function importFiles(
  store: Store,
  files: readonly string[],
  options: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport[]> {
  const catalog = await store.catalog();
  if (options.service !== undefined && !catalog.services.some((s) => s.id === options.service)) {
    throw new SecscoreError(
      'USAGE',
      `--service ${options.service}: no such service in the catalog${catalog.services.length === 0 ? ' (the catalog is empty: run `secscore catalog import` first)' : ''}`,
    );
  }
  if (options.scannedAt !== undefined && options.scannedAt > options.now + DAY_MS)
    throw new SecscoreError('USAGE', `--scanned-at ${toIso(options.scannedAt)}: ${FUTURE} (now is ${toIso(options.now)})`);
  const unused = await scanFlagsUnused(files, options);
  const keys = await store.serviceKeys();
  const secretKey = await store.secretKey();
  // What an import killed earlier left in the temporary directory (temp-dirs.ts): one readdir.
  await removeStaleTempDirs();
  const reports: ImportReport[] = [];
  for (const [index, file] of files.entries()) {
    options.signal?.throwIfAborted();
    const progress = { index: index + 1, total: files.length, file, bytes: 0, bytesRead: 0, findings: 0, done: false };
    onProgress?.({ ...progress });
    // Bytes read by this thread and, for a large file, by a worker (split-import.ts); a second
    // half the worker read and this thread then read again is not counted past the size.
    const onBytes = (n: number): void => {
      progress.bytesRead = Math.min(progress.bytes, progress.bytesRead + n);
    };
    const source = countedSource(await fileSource(file), onBytes);
    progress.bytes = source.size;
    const picked = pickOrSkip(file, source.head, options);
    if (picked === null) {
      const report: SkippedFileReport = { file, format: null, skipped: [{ reason: UNKNOWN_FOUND }] };
      reports.push(report);
      onProgress?.({ ...progress, bytesRead: source.size, done: true, report });
      continue;
    }
    const onFindings = (n: number): void => {
      progress.findings += n;
      onProgress?.({ ...progress });
    };
    const report =
      picked.kind === 'scanner'
        ? await importScan(store, source, picked.importer, options, keys, secretKey, onFindings, onBytes)
        : await picked.handler.importFile(source, { store, catalog, serviceKeys: keys, options, sha256: await hashSource(source) });
    if (isRecordReport(report) && unused !== null) report.warnings.push(unused);
    reports.push(report);
    onProgress?.({ ...progress, bytesRead: source.size, findings: isRecordReport(report) ? report.records : report.findings, done: true, report });
  }
  return reports;
}

type Picked = { kind: 'scanner'; importer: ScannerImporter } | { kind: 'handler'; handler: InputHandler };

/** The flags of `import` that only scanner outputs read; records, exceptions and feeds carry their own services and times. */
function scanFlags(options: ImportOptions): string[] {
  const flags: [string, boolean][] = [
    ['--service', options.service !== undefined],
    ['--category', options.category !== undefined],
    ['--scanned-at', options.scannedAt !== undefined],
    ['--partial', options.partial === true],
  ];
  return flags.flatMap(([flag, given]) => (given ? [flag] : []));
}

/**
 * With scanner-only flags given: a usage error when no file is a scanner output (the flags
 * would change nothing), before anything is stored; otherwise the warning that the record files
 * of the import do not use them (null without such flags). Detection reads only each file's head.
 */
async function scanFlagsUnused(files: readonly string[], options: ImportOptions): Promise<string | null> {
  const flags = scanFlags(options);
  if (flags.length === 0) return null;
  let other: { file: string; id: string } | null = null;
  for (const file of files) {
    const picked = pickOrSkip(file, (await fileSource(file)).head, options);
    if (picked?.kind === 'scanner') return `${flags.join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} to scanner outputs only: not used for this file`;
    if (picked?.kind === 'handler') other ??= { file, id: picked.handler.id };
  }
  if (other === null) return null;
  throw new SecscoreError(
    'USAGE',
    `${flags.join(', ')}: for scanner outputs only, and ${other.file} is ${other.id} input, which names its own services and times; import it without ${flags.length === 1 ? 'the flag' : 'these flags'}`,
  );
}

const UNKNOWN_FOUND = 'not a format secscore recognises (found in a directory or by a pattern: name the file itself, or pass --format, to import it)';

/** The input of a file, or null for a file found (not named) whose format is not recognised. */
function pickOrSkip(file: string, head: string, options: ImportOptions): Picked | null {
  try {
    return pickInput(file, head, options.format);
  } catch (err) {
    if (err instanceof SecscoreError && err.code === 'INPUT_UNKNOWN_FORMAT' && options.found?.has(file)) return null;
    throw err;
  }
}

function pickInput(file: string, head: string, format: string | undefined): Picked {
  if (format !== undefined) {
    const handler = INPUT_HANDLERS.find((h) => h.id === format);
    if (handler) return { kind: 'handler', handler };
    return { kind: 'scanner', importer: pickImporter(file, head, format) };
  }
  const scanner = detectFormat({ path: file, head });
  const scannerScore = scanner ? scanner.detect({ path: file, head }) : 0;
  let best: InputHandler | null = null;
  let bestScore = 0;
  for (const h of INPUT_HANDLERS) {
    const score = h.detect({ path: file, head });
    if (score > bestScore) {
      best = h;
      bestScore = score;
    }
  }
  if (best && bestScore > scannerScore) return { kind: 'handler', handler: best };
  // Detected once: every importer's detect reads the head (0.8 ms a small SARIF file each time).
  return { kind: 'scanner', importer: scanner ?? pickImporter(file, head, undefined) };
}

/** A scan time more than a day ahead of now (a clock zone or two aside) would make every age negative. */
const FUTURE = 'more than a day in the future: a scan cannot have run yet, and every age measured from it would be negative';

/** Findings are staged in batches of this many: what a file holds in memory at a time. */
const BATCH = 5_000;

async function importScan(
  store: Store,
  source: ImportSource,
  importer: ScannerImporter,
  options: ImportOptions,
  keys: Map<string, string>,
  secretKey: string,
  onFindings: (n: number) => void,
  onBytes: (n: number) => void,
): Promise<FileImportReport> {
  const file = source.path;
  const ctx = parseContext(secretKey);
  const sha256 = hashSource(source);
  sha256.catch(() => {}); // awaited below; a read error surfaces there

  // Stopped when the import ends: a worker started ahead that no split took.
  const launched: { split?: SplitLauncher } = {};
  try {
    return await store.importFile(async (staging) => {
      // A large file's second half may be read on another thread, where the store reads what it staged in place.
      if (staging.stagePart !== undefined) {
        const minBytes = options.split?.from ?? SPLIT_MIN_BYTES;
        const ahead = source.size >= minBytes && SPLIT_FORMATS.has(importer.id);
        const split = (launched.split = splitStarter(file, secretKey, { minBytes, onBytes, signal: options.signal, ahead }));
        if (split !== undefined) ctx.split = options.split?.used !== undefined ? { ...split, used: options.split.used } : split;
      }
      let tool = importer.defaultTool;
      let category: Category = importer.defaultCategory;
      let scannedAt: Millis | null = null;
      // Where the file states the scan time taken (the latest of its headers'), for the message refusing it.
      let scannedAtPlace: Place = {};
      let target: TargetHints = {};
      const covers: { ref: StreamRef; target: TargetHints }[] = [];
      const skipped: FileImportReport['skipped'] = [];
      const notes = new Map<string, { first: string; count: number }>();
      const note = (reason: string, where: string): void => {
        const n = notes.get(reason);
        if (n) n.count++;
        else notes.set(reason, { first: where, count: 1 });
      };
      let sawHeader = false;

      // Findings go to the database in batches, each under a group: (target hints, tool, category).
      // A header's hints are read only at the end (ScanHeader.target), so they are grouped by
      // identity; a finding's own hints are complete when it comes, so they are grouped by value.
      const groups = new Map<string, { id: number; target: TargetHints; tool: string; category: Category }>();
      const headerTargets = new Map<TargetHints, number>();
      // The group of the last finding without hints of its own: most findings share it (a SARIF run's results).
      let last: { hints: TargetHints; tool: string; category: Category; id: number } | null = null;
      const groupOf = (f: RawFinding): number => {
        const t = f.tool ?? tool;
        const c = f.category ?? category;
        if (f.target === undefined && last !== null && last.hints === target && last.tool === t && last.category === c) return last.id;
        const id = groupOfNew(f, t, c);
        if (f.target === undefined) last = { hints: target, tool: t, category: c, id };
        return id;
      };
      const groupOfNew = (f: RawFinding, t: string, c: Category): number => {
        const hints = f.target ?? target;
        let where: string;
        if (f.target !== undefined) where = `own:${JSON.stringify(f.target)}`;
        else {
          let n = headerTargets.get(hints);
          if (n === undefined) headerTargets.set(hints, (n = headerTargets.size));
          where = `header:${n}`;
        }
        const key = `${where}\u0000${t}\u0000${c}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { id: groups.size, target: hints, tool: t, category: c }));
        return g.id;
      };
      let batch: StagedFinding[] = [];
      // Findings the tool itself says were fixed, with both its times: fix events, not sightings.
      const toolClosed: { group: number; finding: RawFinding & { toolOpenedAt: Millis; toolFixedAt: Millis } }[] = [];
      const flush = async (): Promise<void> => {
        options.signal?.throwIfAborted();
        await staging.stage(batch);
        onFindings(batch.length);
        batch = [];
      };
      for await (const item of importer.parse(source, ctx)) {
        if (item.kind === 'scan') {
          sawHeader = true;
          if (item.tool !== undefined) tool = item.tool;
          if (item.category !== undefined) category = item.category;
          if (item.scannedAt !== undefined && item.scannedAt !== null && (scannedAt === null || item.scannedAt > scannedAt)) {
            scannedAt = item.scannedAt;
            scannedAtPlace = item.scannedAtPlace ?? {};
          }
          if (item.target !== undefined) target = item.target;
          for (const ref of item.covers ?? [{ tool, category }]) covers.push({ ref, target });
        } else if (item.kind === 'finding') {
          const line = item.finding.line;
          // Every importer's lines end in a 32-bit column: one it let through out of range is dropped here, and said.
          if (line !== null && !isLineNumber(line)) {
            note(BAD_LINE, `line ${line} of finding ${JSON.stringify(item.finding.title)}`);
            item.finding.line = null;
          }
          if (isToolClosed(item.finding)) {
            toolClosed.push({ group: groupOf(item.finding), finding: item.finding });
            continue;
          }
          batch.push({ group: groupOf(item.finding), finding: item.finding });
          if (batch.length >= BATCH) await flush();
        } else if (item.kind === 'spilled') {
          // Findings staged on another thread (a split read): after those before them in the file.
          await flush();
          const group = groupOf({ tool: item.tool, category: item.category } as RawFinding);
          await staging.stagePart!(item.part, group);
          onFindings(item.part.findings);
        } else if (item.kind === 'note') note(item.reason, item.place ? describePlace(item.place) : 'in the file');
        else skipped.push(item.place ? { reason: item.reason, place: item.place } : { reason: item.reason });
      }
      await flush();
      if (!sawHeader) covers.push({ ref: { tool, category }, target });
      options.signal?.throwIfAborted();

      const hash = await sha256;
      if (scannedAt !== null && scannedAt > options.now + DAY_MS)
        throw new InputError(file, importer.name, scannedAtPlace, `its scan time ${toIso(scannedAt)} is ${FUTURE} (now is ${toIso(options.now)})`);
      const resolve = (hints: TargetHints): string => resolveService(hints, options.service, keys, file, importer.name);

      const streams = new Map<string, StagedSnapshot & { groups: number[] }>();
      const streamOf = (serviceId: string, t: string, c: Category): StagedSnapshot & { groups: number[] } => {
        const cat = options.category ?? c;
        const key = `${serviceId}\u0000${t}\u0000${cat}`;
        let s = streams.get(key);
        if (!s) {
          s = { serviceId, tool: t, category: cat, scannedAt: options.now, partial: options.partial === true, groups: [] };
          streams.set(key, s);
        }
        return s;
      };
      for (const g of groups.values()) streamOf(resolve(g.target), g.tool, g.category).groups.push(g.id);
      for (const c of covers) {
        // An empty stream still counts as a snapshot (it fixes what the previous one found),
        // but only where the file says which service it scanned.
        const hasHints = options.service !== undefined || hasAny(c.target);
        if (hasHints) streamOf(resolve(c.target), c.ref.tool, c.ref.category);
        else if (streams.size === 0) resolve(c.target); // names no service at all: the error says so
      }

      const byGroup = new Map([...groups.values()].map((g) => [g.id, g]));
      const alerts: AlertRecord[] = toolClosed.map(({ group, finding }) => {
        const g = byGroup.get(group)!;
        // A fix time before the open time (clock skew, hand-edited data) is clamped to it, as the GitHub connector does.
        return {
          serviceId: resolve(g.target),
          finding: { ...finding, tool: g.tool, category: options.category ?? g.category, toolFixedAt: Math.max(finding.toolOpenedAt, finding.toolFixedAt) },
        };
      });
      // Without a time of its own, a file imported again keeps the time it was given before, so
      // that re-importing it changes nothing; but only that of the same snapshots (format,
      // service, tool, category): the same bytes imported for another service are scanned now.
      const snapshots = [...streams.values(), ...alerts.map((a) => ({ serviceId: a.serviceId, tool: a.finding.tool!, category: a.finding.category! }))];
      const when = scannedAt ?? options.scannedAt ?? (await staging.scanTimeOfContent(hash, importer.id, snapshots)) ?? options.now;
      for (const stream of streams.values()) stream.scannedAt = when;
      const record = { kind: 'scan' as const, format: importer.id, file, sha256: hash };
      const outcomes = await staging.finish([...streams.values()], record);
      const closed = alerts.length > 0 ? await staging.writeToolClosed(alerts, when, record) : null;
      const services = [...new Set([...outcomes.map((o) => o.serviceId), ...alerts.map((a) => a.serviceId)])].sort();
      return {
        file,
        format: importer.id,
        service: services.length === 1 ? services[0]! : services,
        scannedAt: toIso(when),
        findings: outcomes.reduce((n, o) => n + o.findings, 0) + alerts.length,
        opened: outcomes.reduce((n, o) => n + o.opened, 0),
        // A tool-closed finding new or changed is a fix written; one already stored so is unchanged.
        fixed: outcomes.reduce((n, o) => n + o.fixed, 0) + (closed ? closed.inserted + closed.updated : 0),
        reopened: outcomes.reduce((n, o) => n + o.reopened, 0),
        unchanged: outcomes.reduce((n, o) => n + o.unchanged, 0) + (closed?.unchanged ?? 0),
        skipped,
        warnings: [...notes].map(([reason, n]) => `${reason} (${n.first}${n.count > 1 ? `, and ${n.count - 1} more` : ''})`),
      };
    });
  } finally {
    launched.split?.close();
  }
}

/**
 * A finding the tool reports as closed (not a false positive) with both the time it opened and
 * the time it was fixed: stored with that one interval (storage/alert-findings.ts), so that its
 * fix counts at the tool's time, rather than as a sighting of this scan.
 */
function isToolClosed(f: RawFinding): f is RawFinding & { toolOpenedAt: Millis; toolFixedAt: Millis } {
  return !f.falsePositive && f.toolFixedAt !== null && f.toolFixedAt !== undefined && f.toolOpenedAt !== null && f.toolOpenedAt !== undefined;
}

function pickImporter(file: string, head: string, format: string | undefined): ScannerImporter {
  if (format !== undefined) {
    const importer = (IMPORTERS as Record<string, ScannerImporter>)[format];
    if (!importer)
      throw new SecscoreError(
        'USAGE',
        `--format ${format}: unknown format; known formats: ${listInputFormats()
          .map((f) => f.id)
          .join(', ')}`,
      );
    return importer;
  }
  const detected = detectFormat({ path: file, head });
  if (!detected) {
    throw new SecscoreError(
      'INPUT_UNKNOWN_FORMAT',
      `${file}: not a format secscore recognises (tried: ${listInputFormats()
        .map((f) => f.id)
        .join(', ')}); pass --format to say which it is`,
    );
  }
  return detected;
}

function hasAny(h: TargetHints): boolean {
  return (h.repos?.length ?? 0) + (h.images?.length ?? 0) + (h.cloudAccounts?.length ?? 0) > 0;
}

function resolveService(hints: TargetHints, forced: string | undefined, keys: Map<string, string>, file: string, format: string): string {
  if (forced !== undefined) return forced;
  for (const r of hints.repos ?? []) {
    const id = keys.get(`repo:${repoKey(r)}`);
    if (id) return id;
  }
  for (const i of hints.images ?? []) {
    const id = keys.get(`image:${imageKey(i)}`);
    if (id) return id;
  }
  for (const a of hints.cloudAccounts ?? []) {
    const id = keys.get(`account:${a.trim()}`);
    if (id) return id;
  }
  const named = [
    ...(hints.repos ?? []).map((r) => `repository "${repoKey(r)}"`),
    ...(hints.images ?? []).map((i) => `image "${imageKey(i)}"`),
    ...(hints.cloudAccounts ?? []).map((a) => `cloud account "${a}"`),
  ];
  const detail = named.length
    ? `it names ${named.join(', ')}, which no catalog service lists; add it to the service's repos/images/cloudAccounts in the catalog, or pass --service`
    : 'it names no repository, image or cloud account; pass --service <id>';
  throw new InputError(file, format, {}, `cannot tell which service this file belongs to: ${detail}`);
}
