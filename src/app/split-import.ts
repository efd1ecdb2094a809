import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SarifSplitRead } from '../importers/sarif/index.js';
import type { SplitStarter } from '../importers/types.js';
import { markOwned } from '../storage/temp-dirs.js';
import type { SplitMessage, SplitRequest } from './split-import-worker.js';

/**
 * A large scanner file read on two threads (json-stream.ts, StreamSplit): while this thread reads
 * the first half of a large streamed array (a SARIF run's results) and stages its findings, a
 * worker thread (split-import-worker.ts) reads the second half, maps and fingerprints its
 * findings the same way and writes them as a spill part (bulk-stage.ts) that the store reads in
 * place with the rest. The read, the mapping and the staging were the whole of a large file's
 * import but its last SQL statements, on one core of two.
 *
 * What it yields is what the one sequential read yields (StreamSplit): the split point is
 * checked when this thread gets there, the worker's fingerprints are decided by the file's
 * fingerprinter afterwards (FileFingerprinter.replay), and on anything else than findings alone
 * — an error, a skipped result, a warning — the worker's read is dropped and this thread reads
 * the second half itself, so that the errors, skips and warnings come with their places.
 */

/** The size from which a file's second half is read by a worker: below it, the worker's start (~0.1 s) is not paid back. */
export const SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/** The worker's script: the bundle's (one file to load), else the compiled module (tests run from the sources, and use the build's). */
const WORKER_SCRIPTS = [
  '../bundle/split-import-worker.js',
  './split-import-worker.js',
  '../../dist/bundle/split-import-worker.js',
  '../../dist/app/split-import-worker.js',
];

let script: URL | null | undefined;
function workerScript(): URL | null {
  if (script === undefined)
    script = WORKER_SCRIPTS.map((s) => new URL(s, import.meta.url)).find((u) => u.protocol === 'file:' && existsSync(fileURLToPath(u))) ?? null;
  return script;
}

/** The formats whose large arrays the worker reads (split-formats.ts: its READERS' keys, without loading them). */
export { SPLIT_FORMATS } from './split-formats.js';

/** A split starter (importers/types.ts) that may hold a worker started ahead: `close` stops it if no split took it. */
export interface SplitLauncher extends SplitStarter {
  close(): void;
}

/**
 * The split starter for one file's import, or undefined where no worker script is found.
 * `onBytes` is told the bytes the worker reads (for progress); once `signal` aborts (Ctrl-C), a
 * worker still reading is stopped and its read not used, so that the import stops at its next
 * batch instead of waiting for the second half.
 *
 * With `ahead` (a file large enough to be split, in a format the worker reads), the worker is
 * started at once, while this thread reads the file's start, and waits for its request: its
 * start (loading its modules) took 150–200 ms at the split, on the 200 MB SARIF, in which this
 * thread read on alone. The caller stops it with `close` if no split came.
 */
export function splitStarter(
  file: string,
  secretKey: string,
  {
    minBytes = SPLIT_MIN_BYTES,
    onBytes,
    signal,
    ahead = false,
  }: { minBytes?: number | undefined; onBytes?: (n: number) => void; signal?: AbortSignal | undefined; ahead?: boolean } = {},
): SplitLauncher | undefined {
  const url = workerScript();
  if (url === null) return undefined;
  let spare = ahead ? spawn(url) : null;
  return {
    minBytes,
    start({ format, path, prefix, at, context }) {
      // The worker started ahead, unless it has ended (it failed to load): then a fresh one.
      const worker = spare !== null && !spare.exited ? spare.worker : (spawn(url)?.worker ?? null);
      spare = null;
      if (worker === null) return null;
      const dir = mkdtempSync(join(tmpdir(), 'secscore-split-'));
      markOwned(dir);
      const request: SplitRequest = { file, format, secretKey, dir, path: [...path], prefix: Uint8Array.from(prefix), at, context };
      let stop = (): void => {};
      const result = new Promise<{ end: number; count: number; read: SarifSplitRead } | null>((resolve) => {
        stop = () => {
          void worker.terminate();
          resolve(null);
        };
        signal?.addEventListener('abort', stop, { once: true });
        worker.on('message', (m: SplitMessage) => {
          if (m.kind === 'bytes') return onBytes?.(m.bytes);
          const done = m.read;
          resolve(done === null ? null : { end: done.end, count: done.count, read: { dir, findings: done.findings, spots: done.spots } });
        });
        worker.once('error', () => resolve(null));
        worker.once('exit', () => resolve(null));
      }).finally(() => signal?.removeEventListener('abort', stop));
      worker.ref();
      worker.postMessage(request);
      return {
        result,
        cancel() {
          // Called only for a read not taken (json-stream.ts): one taken is the importer's to remove (SpilledPart.claimed).
          void worker.terminate();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    close() {
      if (spare !== null) void spare.worker.terminate();
      spare = null;
    },
  };
}

let live = 0;
/** How many of the workers made here have not ended yet (tests: none is left running). */
export const liveWorkers = (): number => live;

/**
 * A worker waiting for its request, not keeping the process alive meanwhile; `exited` once it
 * ended (a failure to load): a split does not use it then, but starts a fresh worker (start),
 * and reads on this thread only where that one cannot be made or fails too. Null where it
 * cannot be made.
 */
function spawn(url: URL): { worker: Worker; exited: boolean } | null {
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch {
    return null;
  }
  const made = { worker, exited: false };
  live++;
  worker.once('exit', () => {
    live--;
    made.exited = true;
  });
  worker.unref();
  // Until a split listens: an error then only ends it (`exit` follows).
  worker.on('error', () => {});
  return made;
}
