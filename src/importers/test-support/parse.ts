import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, ScanHeader, ScannerImporter, SkipItem } from '../types.js';

/** The shared corpus folder of one DefectDojo format. */
export const corpusDir = (format: string): string => join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus', 'scans', format);

/** Every file of a folder (not recursing), for the per-file property tests. */
export const filesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(dir, d.name))
    .sort();

/** Parses with one importer the way `secscore import` does, collecting every item. */
export function parser(importer: ScannerImporter): {
  parseFile: (path: string) => Promise<ParseItem[]>;
  parseText: (name: string, text: string) => Promise<ParseItem[]>;
} {
  const parseItems = async (source: ImportSource): Promise<ParseItem[]> => {
    const items: ParseItem[] = [];
    for await (const item of importer.parse(source, parseContext('test-key'))) items.push(item);
    return items;
  };
  return {
    parseFile: async (path) => parseItems(await fileSource(path)),
    parseText: (name, text) => parseItems(bufferSource(name, text)),
  };
}

export const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
export const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));
export const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));

/** Asserts a rejection: an InputError naming the file, the format and the place. */
export async function expectInputError(parsing: Promise<unknown>, file: string, format: string, place: RegExp): Promise<void> {
  const error = await parsing.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${file} was read, not rejected`).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(message).toContain(file);
  expect(message).toContain(format);
  expect(message).toMatch(place);
}

/** Asserts that fingerprints are stable across parses and distinct within the file. */
export async function expectStableDistinctFingerprints(parseFile: (path: string) => Promise<ParseItem[]>, path: string): Promise<void> {
  const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
  const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
  expect(second).toEqual(first);
  expect(new Set(first).size).toBe(first.length);
}
