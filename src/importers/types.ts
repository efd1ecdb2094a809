import type { Readable } from 'node:stream';
import type { Place } from '../domain/errors.js';
import type { RawFinding, RedactedSecret, TargetHints } from '../domain/finding.js';
import type { Category } from '../domain/severity.js';
import type { Millis } from '../domain/time.js';
import type { PathSegment, SplitRead } from './json-stream.js';

/** Bytes `start` to `end` of a file, both included; either may be left out. */
export interface ByteRange {
  start?: number;
  end?: number;
  /** A look ahead, not a part of the read: progress does not count it (countedSource). */
  peek?: boolean;
}

/** A file handed to an importer. */
export interface ImportSource {
  /** The path as the user gave it; used in every message about the file. */
  path: string;
  /** The first bytes of the file (up to 64 KiB) decoded as UTF-8, for detection. */
  head: string;
  size: number;
  /**
   * Opens the file as a byte stream, whole or from byte `start` to byte `end` (inclusive, as
   * fs.createReadStream takes them); large inputs must be read this way.
   */
  open(range?: ByteRange): Readable;
  /**
   * The whole file, when it is no larger than its head: read once, then parsed (`open`) and
   * hashed from memory. Absent for a larger file.
   */
  bytes?: Buffer;
}

export interface ParseContext {
  /** Turns a secret value into a keyed hash and a redacted preview; the value must not be kept. */
  redactSecret(value: string): RedactedSecret;
  /**
   * Where given, an importer that streams a large array may have its second half read on
   * another thread (json-stream.ts, StreamSplit; app/split-import.ts): its findings then come
   * as one `spilled` item, staged already.
   */
  split?: SplitStarter;
}

/** Starts a split's second reader for an importer (ParseContext.split). */
export interface SplitStarter {
  minBytes: number;
  /** `context`: what the importer's second reader needs of what came before `at` (structured-cloneable). */
  start(request: { format: string; path: readonly PathSegment[]; prefix: Buffer; at: number; context: unknown }): SplitRead | null;
  /** Told when a second reader's findings are used (a `spilled` item yielded), with how many. */
  used?(findings: number): void;
}

/**
 * Findings a split's second reader staged (bulk-stage.ts, spill parts) in `dir`, `findings` of
 * them, in file order: they come after every finding before them in the file and before every
 * one after. `alternates`: the indexes of those whose fingerprint is the alternate one (the
 * key was seen earlier in the file at another spot: fingerprint.ts). Whoever stages them sets
 * `claimed` (and removes `dir` when done); else the importer removes it.
 */
export interface SpilledPart {
  dir: string;
  findings: number;
  alternates: Int32Array;
  claimed: boolean;
}

export interface SpilledItem {
  kind: 'spilled';
  tool: string;
  category: Category;
  part: SpilledPart;
}

/** A (tool, category) stream that a file is a full snapshot of. */
export interface StreamRef {
  tool: string;
  category: Category;
}

/**
 * What a file says about the scan as a whole. Several headers may come (one per SARIF run);
 * `tool`, `category`, `scannedAt` and `target` of a later header override earlier ones.
 */
export interface ScanHeader {
  kind: 'scan';
  tool?: string;
  category?: Category;
  scannedAt?: Millis | null;
  /** Where the file states `scannedAt` (a JSON path, a line, a CSV row), for a message about that time. */
  scannedAtPlace?: Place;
  target?: TargetHints;
  /**
   * Streams this file fully snapshots even where it found nothing in them (so that their
   * earlier findings can be fixed). Streams of the findings themselves are always included;
   * without any `covers`, the header's (tool, category) is.
   */
  covers?: StreamRef[];
}

export interface FindingItem {
  kind: 'finding';
  finding: RawFinding;
}

/** A record the importer could not turn into a finding, kept with the reason (never silently dropped). */
export interface SkipItem {
  kind: 'skip';
  reason: string;
  place?: Place;
}

/**
 * Input kept only in part, with the reason: a finding stored without a field its input gives
 * in a form the store cannot hold (a line number of 0 or 3000000000). Reported as a warning.
 */
export interface NoteItem {
  kind: 'note';
  reason: string;
  place?: Place;
}

export type ParseItem = ScanHeader | FindingItem | SkipItem | NoteItem | SpilledItem;

export interface DetectInput {
  path: string;
  head: string;
}

/**
 * A scanner-output importer: one folder under src/importers/ with `index.ts` exporting this,
 * `schema.ts` (zod, only the fields used) and its tests and fixtures beside it.
 */
export interface ScannerImporter {
  /** The `--format` id. */
  id: string;
  /** Human name shown by `import --list-formats`. */
  name: string;
  /** Category used when neither the file nor `--category` says otherwise. */
  defaultCategory: Category;
  /** Tool name used when the file names none. */
  defaultTool: string;
  /**
   * How sure the importer is that the file is its format, from the path and the first bytes:
   * 0 = not mine, 100 = certain. The registry picks the highest.
   */
  detect(input: DetectInput): number;
  /**
   * Reads the file and yields its scan header(s), findings and skips. Throws `InputError`
   * (file, format, place) on input it cannot read; the caller then stores nothing of the file.
   */
  parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem>;
}
