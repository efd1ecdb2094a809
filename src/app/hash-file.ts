import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { readChunk } from '../importers/source.js';
import type { ImportSource } from '../importers/types.js';

/**
 * A file's content hash (SHA-256, hex), the key of `import_log` and of a re-import's scan time.
 *
 * A large file is hashed on a worker thread that reads the file itself: the import reads and
 * parses the same file on the main thread at the same time, and hashing 200 MB there took about
 * 0.2 s of it, while the second core had time to spare. A worker costs a few tens of
 * milliseconds to start, so a small file (the demo imports hundreds) is hashed here.
 */
export async function hashFile(file: string, size?: number): Promise<string> {
  const bytes = size ?? (await stat(file)).size;
  return bytes >= HASH_ON_WORKER ? hashOnWorker(file) : hashHere(file, bytes);
}

/** The hash of a source's file: from its bytes when it holds them all (ImportSource.bytes), else read from the file. */
export async function hashSource(source: ImportSource): Promise<string> {
  return source.bytes !== undefined ? createHash('sha256').update(source.bytes).digest('hex') : hashFile(source.path, source.size);
}

/** Files of at least this many bytes are hashed on a worker thread. */
export const HASH_ON_WORKER = 16 * 1024 * 1024;

async function hashHere(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: readChunk(size) })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Self-contained (the CLI is one bundle, with no worker file beside it): CommonJS, evaluated.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1024 * 1024 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (err) => parentPort.postMessage({ error: { message: err.message, code: err.code } }))
  .on('end', () => parentPort.postMessage({ hex: hash.digest('hex') }));
`;

function hashOnWorker(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: file });
    // The worker ends when its stream does; it must not keep a failed import's process alive.
    worker.unref();
    worker.once('message', (m: { hex?: string; error?: { message: string; code?: string } }) => {
      if (m.hex !== undefined) resolve(m.hex);
      else reject(Object.assign(new Error(m.error!.message), { code: m.error!.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hashing ${file}: the worker thread exited (${code}) before it answered`)));
  });
}
