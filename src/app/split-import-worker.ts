import { isMainThread, parentPort } from 'node:worker_threads';
import type { PathSegment } from '../importers/json-stream.js';
import { recordingFingerprinter } from '../importers/fingerprint.js';
import { parseContext } from '../importers/redact.js';
import { readSarifResults } from '../importers/sarif/index.js';
import { countedSource, fileSource } from '../importers/source.js';
import { emptyStageRows, releaseHeap, writeSpillPart, type PartRows } from '../storage/bulk-stage.js';
import { RELEASE_EVERY, stageRow } from '../storage/write-snapshots.js';
import { isSplitFormat, type SplitFormat } from './split-formats.js';

/** The worker thread of a split read (split-import.ts): what it is given. */
export interface SplitRequest {
  file: string;
  format: string;
  secretKey: string;
  /** An empty folder for the spill part. */
  dir: string;
  path: PathSegment[];
  prefix: Uint8Array;
  at: number;
  context: unknown;
}

/** What it answers: the elements read up to the array's `]` at `end`, their findings staged in the folder, and their fingerprints' hashes; or null (read them on the file's thread). */
export type SplitResponse = { end: number; count: number; findings: number; spots: Uint32Array } | null;

/** Its messages: the bytes it read since the last (for the import's progress), then its answer. */
export type SplitMessage = { kind: 'bytes'; bytes: number } | { kind: 'done'; read: SplitResponse };

/**
 * The worker releases its heap every this many findings staged, twice as often as the file's
 * thread (RELEASE_EVERY, which see): the two heaps grow side by side (a collection of this heap
 * is a few ms).
 */
const WORKER_RELEASE_EVERY = RELEASE_EVERY / 2;

/** Told the bytes of each chunk read. */
let progress: (bytes: number) => void = () => {};

/** The importers whose large arrays a worker can read: one for each of SPLIT_FORMAT_IDS, and no other. */
const READERS: Record<SplitFormat, typeof readSarifResults> = { sarif: readSarifResults };

async function readPart(request: SplitRequest): Promise<SplitResponse> {
  if (!isSplitFormat(request.format)) return null;
  const reader = READERS[request.format];
  const source = countedSource(await fileSource(request.file), (n) => progress(n));
  const recorder = recordingFingerprinter();
  const spill = await writeSpillPart(request.dir);
  let staged = 0;
  try {
    const read = await reader(
      source,
      parseContext(request.secretKey),
      { path: request.path, prefix: Buffer.from(request.prefix), at: request.at, context: request.context },
      recorder.fingerprint,
      async (findings) => {
        // One alternate fingerprint per fingerprint made, in order: those of these findings.
        const rows: PartRows = { ...emptyStageRows(), alternate: recorder.alternates.splice(0, findings.length) };
        const before = staged;
        for (const f of findings) stageRow(rows, 0, staged++, f);
        await spill.append(rows);
        // As the file's thread does (write-snapshots.ts): this thread's heap grows with the read's garbage too.
        if (Math.floor(staged / WORKER_RELEASE_EVERY) > Math.floor(before / WORKER_RELEASE_EVERY)) await releaseHeap();
      },
    );
    return read === null ? null : { ...read, findings: staged, spots: recorder.spots() };
  } finally {
    await spill.close();
  }
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  // Any failure is the file's thread's to meet again, with its place: this read is then not used.
  progress = (bytes) => port.postMessage({ kind: 'bytes', bytes } satisfies SplitMessage);
  // Started before the file's thread knows where to split (split-import.ts): the request comes as the first message.
  const request = await new Promise<SplitRequest>((resolve) => port.once('message', resolve));
  const answer = await readPart(request).catch((): SplitResponse => null);
  port.postMessage({ kind: 'done', read: answer } satisfies SplitMessage, answer === null ? [] : [answer.spots.buffer as ArrayBuffer]);
}
