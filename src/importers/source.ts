import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ImportSource } from './types.js';

const HEAD_BYTES = 64 * 1024;

/** An ImportSource over a file on disk: the head is read once, the body streamed on demand. */
export async function fileSource(path: string): Promise<ImportSource> {
  const info = await stat(path);
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(buf, 0, buf.length, 0);
    return {
      path,
      head: buf.toString('utf8').replace(/^\uFEFF/, ''),
      size: info.size,
      open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }),
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
    open: () => Readable.from([buf]),
  };
}
