import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ImportSource } from './types.js';

const HEAD_BYTES = 64 * 1024;

/**
 * The read size for a file of `size` bytes: 1 MB chunks for a large one, one chunk the file's
 * size for a small one. Every chunk is a buffer outside the JavaScript heap, and V8 collects its
 * heap as those grow: with 1 MB per file (and 4 MB of CSV buffer, bulk-stage.ts), the demo's
 * 958 files of 15 KB on average ran some 200 full collections of a 24 MB heap.
 */
export function readChunk(size: number): number {
  return Math.min(1024 * 1024, Math.max(16 * 1024, size));
}

/** An ImportSource over a file on disk: the head is read once, the body streamed on demand. */
export async function fileSource(path: string): Promise<ImportSource> {
  const info = await stat(path);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    // A file its head holds whole (a scan of one service, some tens of KB) is not opened
    // again to be parsed and hashed: two more opens and reads of each of the many small files
    // of a daily import.
    if (bytesRead === info.size) return { ...bufferSource(path, buf), head };
    return {
      path,
      head,
      size: info.size,
      open: (range) => createReadStream(path, { highWaterMark: readChunk(info.size), start: range?.start, end: range?.end }),
    };
  } finally {
    await handle.close();
  }
}

/** An ImportSource over bytes in memory (tests, generated inputs). */
export function bufferSource(path: string, content: string | Buffer): ImportSource {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    path,
    head: buf
      .subarray(0, HEAD_BYTES)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
    size: buf.length,
    open: (range) => Readable.from([range === undefined ? buf : buf.subarray(range.start ?? 0, range.end === undefined ? undefined : range.end + 1)]),
    bytes: buf,
  };
}

/** The source, telling `onBytes` the bytes its streams deliver (for progress). */
export function countedSource(source: ImportSource, onBytes: (n: number) => void): ImportSource {
  return {
    ...source,
    open: (range) => {
      const inner = source.open(range);
      if (range?.peek === true) return inner;
      return Readable.from(
        (async function* () {
          for await (const chunk of inner) {
            onBytes((chunk as Buffer).length);
            yield chunk as Buffer;
          }
        })(),
        { objectMode: false },
      );
    },
  };
}
