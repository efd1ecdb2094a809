/// <reference types="vite/client" />
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../app/import-files.js';
import { describePlace, InputError } from '../domain/errors.js';
import { Store } from '../storage/store.js';
import { parseContext } from './redact.js';
import { IMPORTERS } from './registry.js';
import { bufferSource } from './source.js';
import type { CorpusSpec } from './test-support/corpus-spec.js';
import type { ImportSource, ParseItem, ScannerImporter } from './types.js';

/**
 * Robustness: every importer, fed mutated versions of its real samples (truncated, bytes
 * flipped, values of the wrong type, deeply nested, huge strings, `__proto__` keys, invalid
 * UTF-8), either reads them or fails with an InputError — never any other exception, never a
 * polluted prototype. Bounded in runs and time so that it fits in CI.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env['SECSCORE_MUTATION_RUNS'] ?? 25);
const MAX_SAMPLE_BYTES = 256 * 1024;

const corpusFormats = new Map<string, string[]>(
  Object.entries(import.meta.glob<{ corpus: CorpusSpec }>('./*/corpus-differences.ts', { eager: true })).map(([path, m]) => [
    path.split('/')[1]!,
    m.corpus.formats,
  ]),
);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

function samplesOf(id: string): string[] {
  const corpus = (corpusFormats.get(id) ?? [id]).flatMap((f) => filesUnder(join(HERE, 'fixtures', 'corpus', 'scans', f)));
  return [...filesUnder(join(HERE, id, 'fixtures')), ...corpus].filter((f) => statSync(f).size > 0 && statSync(f).size <= MAX_SAMPLE_BYTES).slice(0, 6);
}

/** The bytes in small chunks of uneven sizes, so that streaming readers meet values cut anywhere. */
function chunkedSource(name: string, bytes: Buffer): ImportSource {
  const chunks: Buffer[] = [];
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const size = [1, 7, 64, 997, 4096][n % 5]!;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const whole = bufferSource(name, bytes);
  return { ...whole, open: (range) => (range === undefined ? Readable.from(chunks) : whole.open(range)) };
}

async function parseAll(importer: ScannerImporter, name: string, bytes: Buffer): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of importer.parse(chunkedSource(name, bytes), parseContext('mutation-key'))) items.push(item);
  return items;
}

/** Reads or fails cleanly; anything else is a bug. */
async function expectCleanOutcome(importer: ScannerImporter, name: string, bytes: Buffer): Promise<void> {
  try {
    const items = await parseAll(importer, name, bytes);
    JSON.stringify(items);
  } catch (err) {
    if (!(err instanceof InputError))
      throw new Error(`${importer.id} on mutated ${name} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    expect(err.message).toContain(name);
    expect(err.exitCode).toBe(2);
  }
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** Replaces the value at a random path of a JSON document with another kind of value. */
function mutateJson(doc: unknown, picks: number[], replacement: unknown): unknown {
  if (picks.length === 0 || doc === null || typeof doc !== 'object') return replacement;
  const [pick, ...rest] = picks as [number, ...number[]];
  if (Array.isArray(doc)) {
    if (doc.length === 0) return replacement;
    const i = pick % doc.length;
    const copy = [...doc];
    copy[i] = mutateJson(doc[i], rest, replacement);
    return copy;
  }
  const keys = Object.keys(doc);
  if (keys.length === 0) return replacement;
  const k = keys[pick % keys.length]!;
  return { ...(doc as Record<string, unknown>), [k]: mutateJson((doc as Record<string, unknown>)[k], rest, replacement) };
}

const weirdValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.constant('x'.repeat(2_000_000)),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
);

const importers = Object.values(IMPORTERS) as ScannerImporter[];

describe.each(importers.map((i) => [i.id, i] as const))('%s on mutated samples', (id, importer) => {
  const samples = samplesOf(id);
  const texts = samples.map((path) => ({ name: path.split('/').pop()!, bytes: readFileSync(path) }));
  const sample = fc.constantFrom(...texts);

  it('survives truncation at any byte', async () => {
    await fc.assert(
      fc.asyncProperty(sample, fc.double({ min: 0, max: 1, noNaN: true }), async (s, at) => {
        await expectCleanOutcome(importer, s.name, s.bytes.subarray(0, Math.floor(s.bytes.length * at)));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('survives random byte flips and invalid UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(
        sample,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (s, flips) => {
          const bytes = Buffer.from(s.bytes);
          for (const [at, value] of flips) bytes[Math.min(bytes.length - 1, Math.floor(bytes.length * at))] = value;
          await expectCleanOutcome(importer, s.name, bytes);
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 20_000 },
    );
  });

  const jsonTexts = texts.filter((t) => {
    try {
      JSON.parse(t.bytes.toString('utf8'));
      return true;
    } catch {
      return false;
    }
  });
  it.runIf(jsonTexts.length > 0)('survives values of the wrong type, huge strings and __proto__ keys anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonTexts), fc.array(fc.nat(), { minLength: 0, maxLength: 8 }), weirdValue, async (s, picks, value) => {
        const doc = mutateJson(JSON.parse(s.bytes.toString('utf8')), picks, value);
        await expectCleanOutcome(importer, s.name, Buffer.from(JSON.stringify(doc) ?? 'null'));
      }),
      { numRuns: RUNS * 2, interruptAfterTimeLimit: 30_000 },
    );
  });

  it('survives deeply nested input', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const s of jsonTexts.slice(0, 2)) {
      const doc = mutateJson(JSON.parse(s.bytes.toString('utf8')), [0, 0, 0], JSON.parse(deep));
      // JSON.stringify cannot write 100k levels; splice the text in instead.
      const text = JSON.stringify(doc, (_k, v) =>
        Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && Array.isArray(v[0][0]) ? '__DEEP__' : v,
      ).replace('"__DEEP__"', deep);
      await expectCleanOutcome(importer, s.name, Buffer.from(text));
    }
    await expectCleanOutcome(importer, 'deep.json', Buffer.from(`{"a":${deep}}`));
  });
});

/**
 * The same mutations through the whole import (importFiles into a real DuckDB store): a file
 * that fails is an InputError (exit 2) naming the file, the format and the place, and leaves
 * the database exactly as it was; one that reads is imported.
 */
describe('mutated samples through the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secscore-mutation-'));
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(join(dir, 'mutation.db'));
    await store.saveCatalog(
      {
        lines: [{ name: 'L', owners: [] }],
        areas: [{ name: 'A', line: 'L', owners: [] }],
        services: [
          { id: 'svc', name: 'svc', area: 'A', line: 'L', tier: 1, internetExposed: false, owners: [], repos: [], images: [], cloudAccounts: [], tags: [] },
        ],
      },
      { kind: 'catalog', format: 'test', file: 'c', sha256: 'c' },
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const dump = async () => ({
    findings: await store.db.selectFrom('findings').select(['fingerprint', 'title', 'attributes_at']).orderBy('id').execute(),
    intervals: await store.db.selectFrom('intervals').selectAll().orderBy('finding_id').orderBy('seq').execute(),
    scans: await store.db.selectFrom('scans').select(['service_id', 'tool', 'scanned_at', 'finding_count']).orderBy('id').execute(),
    log: await store.db.selectFrom('import_log').select('file').orderBy('id').execute(),
  });

  it.each(importers.map((i) => [i.id, i] as const))('%s: imports a mutated file or fails cleanly, writing nothing', async (_id, importer) => {
    const texts = samplesOf(importer.id).map((path) => ({ name: path.split('/').pop()!, bytes: readFileSync(path) }));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...texts),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        async (s, cut, flips) => {
          const bytes = Buffer.from(s.bytes.subarray(0, Math.max(1, Math.floor(s.bytes.length * cut))));
          for (const [at, value] of flips) bytes[Math.min(bytes.length - 1, Math.floor(bytes.length * at))] = value;
          const file = join(dir, s.name);
          writeFileSync(file, bytes);
          const before = await dump();
          try {
            // "Now" after every sample's own scan time (the latest: 2026-07-29), as it is for a real import:
            // a scan time a day past now is refused at the file, without a place (see README).
            await importFiles(store, [file], { format: importer.id, service: 'svc', scannedAt: Date.UTC(2026, 0, 1), now: Date.UTC(2027, 0, 2) });
          } catch (err) {
            if (!(err instanceof InputError))
              throw new Error(`${importer.id} on mutated ${s.name} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
            expect(err.exitCode).toBe(2);
            expect(err.message).toContain(file);
            // The format as the importer words it ("CycloneDX JSON" for "CycloneDX (JSON or XML) …").
            expect(err.format.split(' ')[0]).toBe(importer.name.split(' ')[0]);
            expect(describePlace(err.place), err.message).not.toBe('');
            expect(await dump()).toEqual(before);
          }
        },
      ),
      { numRuns: Math.max(4, Math.round(RUNS / 5)), interruptAfterTimeLimit: 10_000 },
    );
  });
});

describe('the robustness harness', () => {
  it('fails an importer that lets a raw exception escape', async () => {
    const broken: ScannerImporter = {
      ...IMPORTERS.sarif,
      id: 'broken',
      async *parse() {
        yield* [];
        throw new TypeError("Cannot read properties of undefined (reading 'results')");
      },
    };
    await expect(expectCleanOutcome(broken, 'x.sarif', Buffer.from('{}'))).rejects.toThrow(/broken on mutated x\.sarif threw TypeError/);
  });
});
