import { isAscii, isUtf8 } from 'node:buffer';
import { InputError, type Place } from '../domain/errors.js';
import { jsonPath } from './json-input.js';
import type { ImportSource } from './types.js';

/**
 * A streaming JSON reader for scanner outputs that get big (SARIF `runs[].results[]`, Trivy
 * `Results[].Vulnerabilities[]`, ...). It walks the file as a byte stream: the importer's
 * `plan` says, for each value it meets, whether to descend into it (objects and arrays whose
 * members matter one by one), to stream it (a big array: its elements come in batches), to
 * parse it whole (everything small), or to skip it. Memory holds one read chunk and one
 * element at a time, not the file.
 *
 * Speed: the reader never tokenises a streamed array byte by byte in JavaScript. It cuts the
 * bytes it has at the last `},` (an element boundary if the cut is right) and hands the whole
 * run of elements to one `JSON.parse`. A wrong cut (inside a string, or deeper than the array)
 * cannot parse, since the text would end inside a string or with brackets open; only then does
 * it fall back to an exact, string-aware scan of the element boundaries. JSON.parse validates
 * every byte it is given; the structure around it is validated here.
 *
 * Untrusted input: invalid UTF-8 is an error naming its byte offset, `__proto__` keys are
 * dropped, nesting depth costs no stack, and errors name the line and column and the JSON path
 * of the element, never the input text itself.
 */

export type PathSegment = string | number;
export type Action = 'descend' | 'stream' | 'value' | 'skip';
/** What to do with the value at `path`. `descend` and `stream` on a value of another kind parse it whole. */
export type Plan = (path: readonly PathSegment[]) => Action;

export type JsonEvent =
  | { kind: 'value'; path: PathSegment[]; value: unknown }
  | { kind: 'elements'; path: PathSegment[]; first: number; values: unknown[] }
  /** Elements `first`… of a streamed array, `count` of them, read by a split's second reader (StreamSplit): its `read` says what came of them. */
  | { kind: 'split'; path: PathSegment[]; first: number; count: number; read: unknown }
  | { kind: 'enter'; path: PathSegment[]; container: 'object' | 'array' }
  | { kind: 'exit'; path: PathSegment[]; container: 'object' | 'array' };

/** A syntax error at an absolute byte offset; the reader turns it into an InputError with line and column. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly path: readonly PathSegment[],
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * A second reader for the rest of a large streamed array (a SARIF run's results), on another
 * thread: readJsonEvents offers it the array once, when the elements' opening bytes are known
 * and at least `minBytes` of the file remain; it picks an element boundary `at` about half way
 * through what remains (SPLIT_SHARE), and `start` has the second reader read the elements from there to the
 * array's end while this one reads up to `at`.
 *
 * Whatever the second reader does, the events are those of the one sequential read: `at` is
 * used only when this reader, arriving there, finds it is an element boundary of the same array
 * (a `{"ruleId"` inside a string or deeper cannot pass); and the second read is used only when
 * it read every element from `at` to the array's end as the importer reads it (`start`'s
 * promise gives null for anything else: an error, input the fast path does not take, a
 * cancel), else this reader reads them itself. So a split changes how fast a file is read,
 * never what it yields, including its errors and their places.
 */
export interface StreamSplit {
  /** Bytes that must remain after the array's first element for a split to be worth a thread. */
  minBytes: number;
  /** Starts the second reader at `at` (an element of the array at `path`, whose elements open with `prefix`); null: no split after all. */
  start(offer: { path: readonly PathSegment[]; prefix: Buffer; at: number }): SplitRead | null;
  /** Asked when this reader gets to `at` (the events before it handled): whether the second reader's elements can still be taken. */
  wanted(): boolean;
}

export interface SplitRead {
  /** What the second reader read up to the array's end (`end`: the offset of its `]`), or null: read the elements here. */
  result: Promise<{ end: number; count: number; read: unknown } | null>;
  /** Stops the second reader; its result is not used. */
  cancel(): void;
}

/**
 * The share of what remains that this reader reads before the split: a little over half, since
 * the second reader starts a little later (its thread is started ahead, while this one reads the
 * file's start, but is ready only 50–100 ms after the split is offered: split-import.ts). On the
 * 200 MB SARIF, with the thread started ahead, the second reader was done 230–270 ms before
 * this one came to the split at 0.54 (the share while it was started at the split), and
 * between 100 ms before and 140 ms after at 0.52.
 */
const SPLIT_SHARE = 0.52;

/** How far past the split point an element boundary is looked for. */
const SPLIT_WINDOW = 4 * 1024 * 1024;
/** The window read first (elementBoundary). */
const SPLIT_FIRST_WINDOW = 64 * 1024;

/**
 * Reads `source` with `plan`, yielding the events of each chunk read. Throws InputError (file,
 * format, line and column, JSON path) on bad input. With `split`, the rest of a large streamed
 * array may be read on a second thread (StreamSplit); the events are the same.
 */
export async function* readJsonEvents(source: ImportSource, format: string, plan: Plan, split?: StreamSplit): AsyncGenerator<JsonEvent[]> {
  const scanner = new JsonScanner(plan);
  let job: { read: SplitRead; at: number; frame: object } | null = null;
  let offered = split === undefined;
  let stream = source.open();
  try {
    reading: for (;;) {
      for await (const raw of stream) {
        let chunk = raw as Buffer;
        if (job !== null && scanner.offset + chunk.length > job.at) {
          // This reader has come to the split: up to it, then the second reader's elements.
          const before = job.at - scanner.offset;
          const events = scanner.feed(chunk.subarray(0, before));
          if (events.length > 0) yield events;
          chunk = chunk.subarray(before);
          const current = job;
          job = null;
          const boundary = scanner.boundary(current.frame);
          const read = boundary === null || !split!.wanted() ? null : await current.read.result;
          if (read === null) current.read.cancel();
          else {
            scanner.jump(read.end, read.count);
            yield [{ kind: 'split', path: [...boundary!.path], first: boundary!.index, count: read.count, read: read.read }];
            stream.destroy();
            stream = source.open({ start: read.end });
            continue reading;
          }
        }
        const events = scanner.feed(chunk);
        if (events.length > 0) yield events;
        if (!offered) {
          const streaming = scanner.streaming();
          if (streaming !== null && source.size - scanner.offset >= split!.minBytes) {
            offered = true;
            const at = await elementBoundary(source, scanner.offset + Math.floor((source.size - scanner.offset) * SPLIT_SHARE), streaming.prefix);
            const read = at === null ? null : split!.start({ path: streaming.path, prefix: streaming.prefix, at });
            if (read !== null) job = { read, at: at!, frame: streaming.frame };
          }
        }
      }
      break;
    }
    if (job !== null) {
      // The file ended before the split (it was shorter than its size said): read as it is.
      job.read.cancel();
      job = null;
    }
    const events = scanner.end();
    if (events.length > 0) yield events;
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw await inputErrorAt(source, format, err);
    throw err;
  } finally {
    job?.read.cancel();
    stream.destroy();
  }
}

/**
 * The first place at or after `from` that looks like the start of an element (`}`, `,`, then
 * `prefix`, blanks between), within SPLIT_WINDOW bytes; null if none. Only a guess: the reader
 * checks it when it gets there (JsonScanner.boundary).
 */
async function elementBoundary(source: ImportSource, from: number, prefix: Buffer): Promise<number | null> {
  // A result of a few kB: the first window nearly always holds a boundary, and reading the
  // whole one first (4 MB) delayed the second reader's start by 40 ms.
  for (const window of [SPLIT_FIRST_WINDOW, SPLIT_WINDOW]) {
    const found = boundaryIn(await readRange(source, from, window), from, prefix);
    if (found !== null || window >= source.size - from) return found;
  }
  return null;
}

async function readRange(source: ImportSource, from: number, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const raw of source.open({ start: from, end: from + length - 1, peek: true })) {
    chunks.push(raw as Buffer);
    size += (raw as Buffer).length;
  }
  return Buffer.concat(chunks, size);
}

function boundaryIn(buf: Buffer, from: number, prefix: Buffer): number | null {
  for (let at = buf.indexOf(prefix); at !== -1; at = buf.indexOf(prefix, at + 1)) {
    let j = at - 1;
    while (j >= 0 && isWs(buf[j]!)) j--;
    if (buf[j] !== COMMA) continue;
    j--;
    while (j >= 0 && isWs(buf[j]!)) j--;
    if (buf[j] === RBRACE) return from + at;
  }
  return null;
}

/** The InputError for a syntax error: the line and column are counted on a second read, so the happy path counts nothing. */
export async function inputErrorAt(source: ImportSource, format: string, err: JsonSyntaxError): Promise<InputError> {
  const place: Place = { ...(await lineColumnAt(source, err.offset)), ...(err.path.length > 0 ? { jsonPath: jsonPath(err.path) } : {}) };
  return new InputError(source.path, format, place, err.detail, { cause: err });
}

async function lineColumnAt(source: ImportSource, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let lineStart = 0;
  let base = 0;
  for await (const raw of source.open()) {
    const chunk = raw as Buffer;
    const end = Math.min(chunk.length, offset - base);
    for (let i = chunk.indexOf(0x0a); i !== -1 && i < end; i = chunk.indexOf(0x0a, i + 1)) {
      line++;
      lineStart = base + i + 1;
    }
    base += chunk.length;
    if (base >= offset) break;
  }
  return { line, column: offset - lineStart + 1 };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const EMPTY = Buffer.alloc(0);

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

// Frame states.
const EXPECT_VALUE = 0; // the root, after ':' in an object, after ',' in an array
const EXPECT_FIRST = 1; // after '{' or '[': a key or value, or the close
const EXPECT_NEXT = 2; // after a member: ',' or the close
const EXPECT_KEY = 3; // after ',' in an object
const EXPECT_COLON = 4; // after a key
const DONE = 5; // the root value is complete

interface Frame {
  container: 'object' | 'array' | 'root';
  /** Elements are batched rather than planned one by one. */
  stream: boolean;
  path: PathSegment[];
  state: number;
  /** Next element index (arrays). */
  index: number;
  /** The current member's key (objects); null for a dropped `__proto__` member. */
  key: string | null;
  /** Streamed arrays: the opening bytes of their elements, once learnt. */
  prefix: Buffer | null;
}

/** `discard`: parsed (so validated) and dropped — a `__proto__` member. */
type Purpose = 'value' | 'skip' | 'key' | 'element' | 'discard';

/** A value whose end has not been found yet: the scan resumes when more bytes come. */
interface Extent {
  start: number;
  pos: number;
  depth: number;
  inString: boolean;
  /** The scan stopped right after an unpaired backslash inside a string. */
  escaped: boolean;
  kind: 'composite' | 'string' | 'primitive';
  purpose: Purpose;
  path: PathSegment[];
}

/** Elements of a streamed array found by the exact scan, waiting to be parsed together. */
interface Batch {
  frame: Frame;
  start: number;
  end: number;
  count: number;
  first: number;
}

const MAX_CUT_TRIES = 64;
/** Deeper than this the reader does not descend: the value is parsed whole (paths stay short, nothing is quadratic). */
const MAX_DESCEND_DEPTH = 32;

export class JsonScanner {
  #plan: Plan;
  #buf: Buffer = EMPTY;
  /** Scratch space for a run of elements with its brackets (#parseRun). */
  #scratch: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
  /** Absolute offset of #buf[0]. */
  #base = 0;
  #pos = 0;
  #stack: Frame[] = [{ container: 'root', stream: false, path: [], state: EXPECT_VALUE, index: 0, key: null, prefix: null }];
  #pending: Extent | null = null;
  #batch: Batch | null = null;
  /** The optimistic cut failed up to here: scan exactly until past it. */
  #exactUntil = -1;
  #events: JsonEvent[] = [];
  #started = false;

  /** The frame of the array a split's second reader reads (JsonScanner.elementsOf): its end ends the read. */
  #only: Frame | null = null;
  /** The offset of the `]` that closed #only. */
  #closedAt: number | null = null;

  constructor(plan: Plan) {
    this.#plan = plan;
  }

  /**
   * A scanner for a split's second reader (StreamSplit): the bytes fed start at `at`, an element
   * of the streamed array at `path` whose elements open with `prefix`, and the read ends at the
   * array's `]` (`closedAt`); nothing after it is read.
   */
  static elementsOf(plan: Plan, path: readonly PathSegment[], prefix: Buffer, at: number): JsonScanner {
    const s = new JsonScanner(plan);
    const frame: Frame = { container: 'array', stream: true, path: [...path], state: EXPECT_VALUE, index: 0, key: null, prefix: Buffer.from(prefix) };
    s.#stack[0]!.state = DONE;
    s.#stack.push(frame);
    s.#only = frame;
    s.#base = at;
    s.#started = true;
    return s;
  }

  /** Where the array of `elementsOf` closed (the offset of its `]`), once it has. */
  get closedAt(): number | null {
    return this.#closedAt;
  }

  /** The offset of the next byte to feed. */
  get offset(): number {
    return this.#base + this.#buf.length;
  }

  /** The streamed array being read, once its elements' opening bytes are known; null otherwise. */
  streaming(): { frame: object; path: readonly PathSegment[]; prefix: Buffer } | null {
    const frame = this.#stack[this.#stack.length - 1]!;
    if (!frame.stream || frame.prefix === null || this.#only !== null) return null;
    return { frame, path: frame.path, prefix: frame.prefix };
  }

  /**
   * Whether everything fed was read and the reader stands between two elements of `frame`,
   * after a comma: then the bytes fed next start an element (StreamSplit). Its path and the
   * index of that element, or null.
   */
  boundary(frame: object): { path: readonly PathSegment[]; index: number } | null {
    const top = this.#stack[this.#stack.length - 1]!;
    if (top !== frame || top.state !== EXPECT_VALUE || this.#pending !== null || this.#batch !== null || this.#pos !== this.#buf.length) return null;
    return { path: top.path, index: top.index };
  }

  /** After `boundary`: `count` elements were read elsewhere, up to the array's `]` at `end`, where the bytes fed next start. */
  jump(end: number, count: number): void {
    const top = this.#stack[this.#stack.length - 1]!;
    top.index += count;
    top.state = EXPECT_NEXT;
    this.#buf = EMPTY;
    this.#base = end;
    this.#pos = 0;
    this.#exactUntil = -1;
  }

  feed(chunk: Buffer): JsonEvent[] {
    // A skipped value needs none of its bytes kept, only where its scan resumes.
    const keep = this.#pending ? (this.#pending.purpose === 'skip' ? this.#pending.pos : this.#pending.start) : this.#pos;
    this.#buf = keep < this.#buf.length ? Buffer.concat([this.#buf.subarray(keep), chunk]) : chunk;
    this.#shift(keep);
    if (!this.#started && !this.#skipBom()) return [];
    this.#run(false);
    return this.#drain();
  }

  end(): JsonEvent[] {
    if (!this.#started && this.#buf.length > 0) this.#started = true; // a lone partial BOM: the scan reports it
    if (!this.#started) throw new JsonSyntaxError(0, [], 'the file is empty');
    this.#run(true);
    const root = this.#stack[0]!;
    if (this.#stack.length > 1 || root.state !== DONE || this.#pending) {
      throw new JsonSyntaxError(this.#base + this.#buf.length, this.#pathHere(), 'the file ends early (truncated JSON)');
    }
    return this.#drain();
  }

  #drain(): JsonEvent[] {
    this.#flushBatch();
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #shift(by: number): void {
    this.#base += by;
    this.#pos -= by;
    this.#exactUntil -= by;
    if (this.#pending) {
      this.#pending.start -= by;
      this.#pending.pos -= by;
    }
  }

  /** Skips a UTF-8 byte order mark; false while too few bytes came to tell. */
  #skipBom(): boolean {
    const b = this.#buf;
    if (b.length === 0 || (b.length < 3 && b[0] === 0xef)) return false;
    this.#started = true;
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.#pos = 3;
    return true;
  }

  #run(final: boolean): void {
    const buf = this.#buf;
    const len = buf.length;
    for (;;) {
      if (this.#closedAt !== null) return;
      if (this.#pending) {
        if (!this.#continueExtent(this.#pending, final)) return;
        const done = this.#pending;
        this.#pending = null;
        this.#completeExtent(done);
        continue;
      }
      let pos = this.#pos;
      while (pos < len && isWs(buf[pos]!)) pos++;
      this.#pos = pos;
      if (pos >= len) return;
      const frame = this.#stack[this.#stack.length - 1]!;
      const c = buf[pos]!;
      switch (frame.state) {
        case DONE:
          throw this.#unexpected(pos, 'nothing after the end of the JSON value');
        case EXPECT_COLON:
          if (c !== COLON) throw this.#unexpected(pos, "':' after a property name");
          this.#pos = pos + 1;
          frame.state = EXPECT_VALUE;
          continue;
        case EXPECT_KEY:
          if (c !== QUOTE) throw this.#unexpected(pos, 'a double-quoted property name');
          this.#startExtent(pos, 'key', frame.path);
          continue;
        case EXPECT_NEXT:
          if (c === COMMA) {
            this.#pos = pos + 1;
            frame.state = frame.container === 'object' ? EXPECT_KEY : EXPECT_VALUE;
            continue;
          }
          if ((c === RBRACE && frame.container === 'object') || (c === RBRACKET && frame.container === 'array')) {
            this.#close(frame, pos);
            continue;
          }
          throw this.#unexpected(pos, frame.container === 'object' ? "',' or '}' after a property value" : "',' or ']' after an array element");
        case EXPECT_FIRST:
          if ((c === RBRACE && frame.container === 'object') || (c === RBRACKET && frame.container === 'array')) {
            this.#close(frame, pos);
            continue;
          }
          if (frame.container === 'object') {
            if (c !== QUOTE) throw this.#unexpected(pos, "a double-quoted property name or '}'");
            this.#startExtent(pos, 'key', frame.path);
            continue;
          }
          this.#value(frame, pos, c);
          continue;
        default:
          this.#value(frame, pos, c);
      }
    }
  }

  /** A value starts at `pos` inside `frame`. */
  #value(frame: Frame, pos: number, c: number): void {
    if (frame.stream) {
      if (pos >= this.#exactUntil && this.#cutElements(frame, pos)) return;
      this.#startExtent(pos, 'element', frame.path);
      return;
    }
    if (frame.container === 'object' && frame.key === null) {
      this.#startExtent(pos, 'discard', frame.path);
      return;
    }
    const path = frame.container === 'root' ? [] : [...frame.path, frame.container === 'object' ? frame.key! : frame.index];
    const action = this.#stack.length > MAX_DESCEND_DEPTH ? 'value' : this.#plan(path);
    if (action === 'descend' && (c === LBRACE || c === LBRACKET)) {
      this.#open(c === LBRACE ? 'object' : 'array', false, path, pos);
      return;
    }
    if (action === 'stream' && c === LBRACKET) {
      this.#open('array', true, path, pos);
      return;
    }
    this.#startExtent(pos, action === 'skip' ? 'skip' : 'value', path);
  }

  #open(container: 'object' | 'array', stream: boolean, path: PathSegment[], pos: number): void {
    this.#flushBatch();
    this.#stack.push({ container, stream, path, state: EXPECT_FIRST, index: 0, key: null, prefix: null });
    this.#events.push({ kind: 'enter', path, container });
    this.#pos = pos + 1;
  }

  #close(frame: Frame, pos: number): void {
    this.#flushBatch();
    if (frame === this.#only) this.#closedAt = this.#base + pos;
    this.#stack.pop();
    this.#events.push({ kind: 'exit', path: frame.path, container: frame.container as 'object' | 'array' });
    this.#pos = pos + 1;
    this.#afterValue();
  }

  #afterValue(): void {
    const parent = this.#stack[this.#stack.length - 1]!;
    if (parent.container === 'root') parent.state = DONE;
    else {
      parent.state = EXPECT_NEXT;
      if (parent.container === 'array') parent.index++;
    }
  }

  /**
   * The optimistic path of a streamed array: everything from `pos` to the last element
   * boundary in the buffer is parsed as one run of elements. True when that worked.
   *
   * The boundary searched for is `}`, `,` and the opening bytes of an element up to its first
   * key (learnt from the array's first element: `{"ruleId"`). Those bytes cannot sit inside a
   * string (a raw `"` ends one), so only a nested object with the same first key can fool the
   * search, and then the parse fails and the exact scan takes over for this stretch.
   */
  #cutElements(frame: Frame, pos: number): boolean {
    const prefix = frame.prefix;
    if (prefix === null) return false;
    const buf = this.#buf;
    let at = buf.lastIndexOf(prefix);
    for (let tries = 0; at > pos && tries < MAX_CUT_TRIES; tries++) {
      let j = at - 1;
      while (j > pos && isWs(buf[j]!)) j--;
      if (buf[j] === COMMA) {
        j--;
        while (j > pos && isWs(buf[j]!)) j--;
        if (buf[j] === RBRACE) return this.#parseCut(frame, pos, j + 1);
      }
      at = buf.lastIndexOf(prefix, at - 1);
    }
    return false;
  }

  #parseCut(frame: Frame, pos: number, end: number): boolean {
    const values = this.#parseRun(pos, end, frame.path, frame.index, true);
    if (values === null) {
      this.#exactUntil = end;
      return false;
    }
    this.#flushBatch();
    this.#events.push({ kind: 'elements', path: frame.path, first: frame.index, values });
    frame.index += values.length;
    frame.state = EXPECT_NEXT;
    this.#pos = end;
    return true;
  }

  /** Learns the opening bytes of a streamed array's elements from one found exactly: `{`, blanks, the first key. */
  #learnPrefix(frame: Frame, start: number, end: number): void {
    const buf = this.#buf;
    if (buf[start] !== LBRACE) return;
    let q = start + 1;
    while (q < end && isWs(buf[q]!)) q++;
    if (buf[q] !== QUOTE) return;
    const close = buf.indexOf(QUOTE, q + 1);
    if (close === -1 || close >= end || buf.subarray(q, close).includes(BACKSLASH)) return;
    frame.prefix = Buffer.from(buf.subarray(start, close + 1));
  }

  /** Parses `buf[start, end)` as comma-separated elements. Null when `optimistic` and it does not parse. */
  #parseRun(start: number, end: number, arrayPath: PathSegment[], first: number, optimistic: boolean): unknown[] | null {
    // Decoded with its brackets from one copy of the bytes: `[${text}]` would be a second string
    // of the whole run, flattened again by the parse (a copy of the file's size in garbage).
    // The copy goes to one scratch buffer, reused (the text is a copy of it): a buffer per run
    // would be memory outside the heap until the next collection.
    const bytes = this.#buf.subarray(start, end);
    if (this.#scratch.length < bytes.length + 2) this.#scratch = Buffer.allocUnsafeSlow(Math.max(bytes.length + 2, 2 * this.#scratch.length));
    const bracketed = this.#scratch.subarray(0, bytes.length + 2);
    bracketed[0] = LBRACKET;
    bytes.copy(bracketed, 1);
    bracketed[bytes.length + 1] = RBRACKET;
    const text = this.#decodeBytes(bracketed, start - 1, arrayPath);
    try {
      return (needsReviver(bytes) ? JSON.parse(text, dropProtoKeys) : JSON.parse(text)) as unknown[];
    } catch (err) {
      if (optimistic) return null;
      const found = locateError(this.#buf, start, end, true);
      const path = [...arrayPath, first + (found?.element ?? 0)];
      throw new JsonSyntaxError(this.#base + (found?.offset ?? start), path, found?.detail ?? cleanMessage(err));
    }
  }

  #decode(start: number, end: number, path: readonly PathSegment[]): string {
    return this.#decodeBytes(this.#buf.subarray(start, end), start, path);
  }

  /** `bytes` as text; they start at `start` in the buffer (for the place of an invalid byte). */
  #decodeBytes(bytes: Buffer, start: number, path: readonly PathSegment[]): string {
    if (isAscii(bytes)) return bytes.toString('latin1'); // the faster decoder, the same text for ASCII
    if (!isUtf8(bytes)) {
      const at = this.#base + start + firstInvalidUtf8(bytes);
      throw new JsonSyntaxError(at, path, `invalid UTF-8 at byte ${at}`);
    }
    return bytes.toString('utf8');
  }

  #startExtent(pos: number, purpose: Purpose, path: PathSegment[]): void {
    const c = this.#buf[pos]!;
    const kind = c === LBRACE || c === LBRACKET ? 'composite' : c === QUOTE ? 'string' : 'primitive';
    if (kind === 'primitive' && !isPrimitiveStart(c)) throw this.#unexpected(pos, 'a value');
    this.#pending = { start: pos, pos: kind === 'composite' ? pos : pos + 1, depth: 0, inString: false, escaped: false, kind, purpose, path };
  }

  /** Advances a pending value's scan; true when its end is found. */
  #continueExtent(ext: Extent, final: boolean): boolean {
    const buf = this.#buf;
    const len = buf.length;
    let pos = ext.pos;
    if (ext.kind === 'primitive') {
      while (pos < len) {
        const c = buf[pos]!;
        if (isWs(c) || c === COMMA || c === RBRACE || c === RBRACKET || c === COLON) break;
        pos++;
      }
      ext.pos = pos;
      return pos < len || final;
    }
    let depth = ext.depth;
    let inString = ext.kind === 'string' || ext.inString;
    // Backslashes are counted back to `from` only: bytes before it may be gone (skipped values
    // keep none), and `escaped` carries an unpaired backslash across the cut.
    let from = pos;
    while (pos < len) {
      if (inString) {
        if (ext.escaped) {
          ext.escaped = false;
          from = ++pos;
          continue;
        }
        const q = buf.indexOf(QUOTE, pos);
        if (q === -1) {
          let b = len - 1;
          while (b >= from && buf[b] === BACKSLASH) b--;
          ext.escaped = (len - 1 - b) % 2 === 1;
          pos = len;
          break;
        }
        let b = q - 1;
        while (b >= from && buf[b] === BACKSLASH) b--;
        pos = q + 1;
        if ((q - 1 - b) % 2 === 1) continue; // an escaped quote
        inString = false;
        if (ext.kind === 'string') {
          ext.pos = pos;
          return true;
        }
        continue;
      }
      const c = buf[pos++]!;
      if (c === QUOTE) {
        inString = true;
        from = pos;
      } else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) {
          ext.pos = pos;
          return true;
        }
      }
    }
    ext.pos = pos;
    ext.depth = depth;
    ext.inString = inString;
    return false;
  }

  #completeExtent(ext: Extent): void {
    const frame = this.#stack[this.#stack.length - 1]!;
    this.#pos = ext.pos;
    if (ext.purpose === 'key') {
      const key = this.#parseOne(ext.start, ext.pos, ext.path) as string;
      frame.key = key === '__proto__' ? null : key;
      frame.state = EXPECT_COLON;
      return;
    }
    if (ext.purpose === 'element') {
      if (frame.prefix === null) this.#learnPrefix(frame, ext.start, ext.pos);
      const b = this.#batch;
      if (b && b.frame === frame) {
        b.end = ext.pos;
        b.count++;
      } else {
        this.#flushBatch();
        this.#batch = { frame, start: ext.start, end: ext.pos, count: 1, first: frame.index };
      }
    } else if (ext.purpose === 'value') {
      this.#events.push({ kind: 'value', path: ext.path, value: this.#parseOne(ext.start, ext.pos, ext.path) });
    } else if (ext.purpose === 'discard') {
      this.#parseOne(ext.start, ext.pos, ext.path);
    }
    this.#afterValue();
  }

  #parseOne(start: number, end: number, path: PathSegment[]): unknown {
    const text = this.#decode(start, end, path);
    try {
      return parseUntrusted(text);
    } catch (err) {
      const found = locateError(this.#buf, start, end, false);
      throw new JsonSyntaxError(this.#base + (found?.offset ?? start), path, found?.detail ?? cleanMessage(err));
    }
  }

  #flushBatch(): void {
    const b = this.#batch;
    if (!b) return;
    this.#batch = null;
    const values = this.#parseRun(b.start, b.end, b.frame.path, b.first, false)!;
    this.#events.push({ kind: 'elements', path: b.frame.path, first: b.first, values });
  }

  #pathHere(): PathSegment[] {
    const frame = this.#stack[this.#stack.length - 1]!;
    if (frame.container === 'root') return [];
    if (frame.container === 'array') return [...frame.path, frame.index];
    return frame.key !== null && frame.state !== EXPECT_KEY && frame.state !== EXPECT_FIRST ? [...frame.path, frame.key] : [...frame.path];
  }

  #unexpected(pos: number, expected: string): JsonSyntaxError {
    const at = this.#base + pos;
    const c = this.#buf[pos]!;
    if (c >= 0x80 && !startsValidUtf8(this.#buf, pos)) {
      return new JsonSyntaxError(at, this.#pathHere(), `invalid UTF-8 at byte ${at}`);
    }
    return new JsonSyntaxError(at, this.#pathHere(), `unexpected ${describeByte(c)}, expected ${expected}`);
  }
}

function isPrimitiveStart(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e; // - 0-9 t f n
}

function describeByte(c: number): string {
  if (c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** Whether a valid UTF-8 sequence starts at `pos` (a non-ASCII byte where JSON has structure). */
function startsValidUtf8(buf: Buffer, pos: number): boolean {
  return firstInvalidUtf8(buf.subarray(pos, pos + 4)) !== 0;
}

/** The offset of the first byte of the first invalid UTF-8 sequence in `bytes` (RFC 3629: no overlongs, surrogates or values past U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [n, lo, hi] =
      b >= 0xc2 && b <= 0xdf
        ? [2, 0x80, 0xbf]
        : b === 0xe0
          ? [3, 0xa0, 0xbf]
          : b === 0xed
            ? [3, 0x80, 0x9f]
            : b >= 0xe1 && b <= 0xef
              ? [3, 0x80, 0xbf]
              : b === 0xf0
                ? [4, 0x90, 0xbf]
                : b >= 0xf1 && b <= 0xf3
                  ? [4, 0x80, 0xbf]
                  : b === 0xf4
                    ? [4, 0x80, 0x8f]
                    : [0, 0, 0];
    if (n === 0 || i + n > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return bytes.length;
}

/** `__proto__` keys from untrusted JSON are dropped so they can never reach an object's prototype. */
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/**
 * JSON.parse for untrusted text. The reviver that drops `__proto__` keys is only needed where
 * such a key can be: spelled out, or hidden behind a \u escape.
 */
export function parseUntrusted(text: string): unknown {
  return needsReviver(text) ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
}

/** Where a `__proto__` key can be: spelled out, or behind a \u escape (ASCII: a text and its UTF-8 bytes alike). */
const PROTO_KEY_HINTS = ['__proto__', '\\u'] as const;

/** Whether a text, or its UTF-8 bytes, needs `parseUntrusted`'s reviver. */
function needsReviver(text: string | Buffer): boolean {
  return PROTO_KEY_HINTS.some((hint) => text.includes(hint));
}

/** V8's messages quote the input; ours never do (it may hold a secret). */
function cleanMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `not valid JSON: ${message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '')}`;
}

/**
 * Finds the first syntax error in `buf[start, end)` — one value, or (`list`) comma-separated
 * values — with its offset and what was expected. Iterative, so depth costs no stack. Only
 * runs after JSON.parse failed, to say where and why.
 */
export function locateError(buf: Buffer, start: number, end: number, list: boolean): { offset: number; detail: string; element: number } | null {
  const stack: number[] = []; // 0 = array, 1 = object
  let pos = start;
  let element = 0;
  const fail = (detail: string) => ({
    offset: pos,
    detail: pos >= end ? `${detail} (the value ends early)` : `unexpected ${describeByte(buf[pos]!)}, expected ${detail}`,
    element,
  });
  const ws = () => {
    while (pos < end && isWs(buf[pos]!)) pos++;
  };
  // Expect a value; returns an error or null.
  type Err = ReturnType<typeof fail>;
  const scalar = (): Err | null => {
    const c = buf[pos];
    if (c === QUOTE) {
      pos++;
      while (pos < end) {
        const d = buf[pos]!;
        if (d === QUOTE) {
          pos++;
          return null;
        }
        if (d < 0x20) return { offset: pos, detail: 'a control character inside a string (it must be escaped)', element };
        if (d === BACKSLASH) {
          const e = buf[pos + 1];
          if (e === 0x75) {
            for (let k = 2; k < 6; k++) if (!isHex(buf[pos + k])) return { offset: pos, detail: 'a bad \\u escape in a string', element };
            pos += 6;
          } else if (e !== undefined && [0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(e)) pos += 2;
          else return { offset: pos, detail: 'a bad escape in a string', element };
        } else pos++;
      }
      return { offset: pos, detail: 'an unterminated string (the value ends early)', element };
    }
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit.charCodeAt(0)) {
        for (let k = 0; k < lit.length; k++) if (buf[pos + k] !== lit.charCodeAt(k)) return fail('a value');
        pos += lit.length;
        return null;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(buf.toString('latin1', pos, Math.min(end, pos + 400)));
    if (!m || m[0].length === 0) return fail('a value');
    pos += m[0].length;
    return null;
  };
  for (;;) {
    // A value.
    ws();
    if (pos >= end) return fail('a value');
    const c = buf[pos]!;
    if (c === LBRACE || c === LBRACKET) {
      pos++;
      ws();
      const close = c === LBRACE ? RBRACE : RBRACKET;
      if (buf[pos] === close) {
        pos++;
      } else {
        stack.push(c === LBRACE ? 1 : 0);
        if (c === LBRACE) {
          const e = key();
          if (e) return e;
        }
        continue;
      }
    } else {
      const e = scalar();
      if (e) return e;
    }
    // After a value: close containers, or a separator.
    for (;;) {
      ws();
      if (stack.length === 0) {
        if (pos >= end) return null;
        if (list && buf[pos] === COMMA) {
          pos++;
          element++;
          break;
        }
        return fail(list ? "',' between elements" : 'nothing after the value');
      }
      const top = stack[stack.length - 1]!;
      if (pos >= end) return fail(top === 1 ? "',' or '}'" : "',' or ']'");
      const d = buf[pos]!;
      if (d === COMMA) {
        pos++;
        if (top === 1) {
          const e = key();
          if (e) return e;
        }
        break;
      }
      if ((top === 1 && d === RBRACE) || (top === 0 && d === RBRACKET)) {
        pos++;
        stack.pop();
        continue;
      }
      return fail(top === 1 ? "',' or '}' after a property value" : "',' or ']' after an array element");
    }
  }
  function key(): Err | null {
    ws();
    if (buf[pos] !== QUOTE) return fail('a double-quoted property name');
    const e = scalar();
    if (e) return e;
    ws();
    if (buf[pos] !== COLON) return fail("':' after a property name");
    pos++;
    return null;
  }
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}
