/// <reference types="vite/client" />
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCategory } from '../domain/severity.js';
import { detectFormat, IMPORTERS, listFormats } from './registry.js';
import { fileSource } from './source.js';
import type { CorpusSpec } from './test-support/corpus-spec.js';
import type { ScannerImporter } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Folders under src/importers/ that are not importers: shared fixtures and the service catalog readers. */
const NOT_IMPORTERS = new Set(['catalog', 'fixtures', 'test-support']);

/**
 * Fixtures no importer can recognise from their bytes, with the reason; they are imported
 * with `--format`.
 */
const UNDETECTABLE: Readonly<Record<string, string>> = {
  'fixtures/corpus/scans/trivy/legacy_no_vuln.json': 'old Trivy writes a bare `null` when it finds nothing: no format can be told from it',
};

/**
 * Fixtures of one format's corpus folder that another importer rightly takes, with the reason;
 * they are read as their folder's format only with `--format`.
 */
const DETECTED_AS: Readonly<Record<string, { id: string; reason: string }>> = {
  'fixtures/corpus/scans/snyk/snykcode_issue_9270.json': {
    id: 'sarif',
    reason: 'Snyk Code writes SARIF: the SARIF importer reads it (the Snyk importer, given --format snyk, hands SARIF to it)',
  },
  'fixtures/corpus/scans/govulncheck/issue_15033_sarif.json': {
    id: 'sarif',
    reason: "govulncheck -format sarif is SARIF: the SARIF importer reads it; the govulncheck importer rejects it, as DefectDojo's parser does",
  },
};

function isImporter(value: unknown): value is ScannerImporter {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['detect'] === 'function' && typeof v['parse'] === 'function';
}

const folders = readdirSync(HERE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !NOT_IMPORTERS.has(d.name) && existsSync(join(HERE, d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();

async function exportedImporters(folder: string): Promise<ScannerImporter[]> {
  const mod = (await import(pathToFileURL(join(HERE, folder, 'index.ts')).href)) as Record<string, unknown>;
  return Object.values(mod).filter(isImporter);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

// The corpus formats (DefectDojo's folder names) each importer answers for.
const corpusFormats = new Map<string, string[]>(
  Object.entries(import.meta.glob<{ corpus: CorpusSpec }>('./*/corpus-differences.ts', { eager: true })).map(([path, m]) => [
    path.split('/')[1]!,
    m.corpus.formats,
  ]),
);

/** Every sample of a format: the importer's own fixtures and the shared corpus files of its corpus formats. */
function fixturesOf(id: string): string[] {
  const corpus = (corpusFormats.get(id) ?? [id]).flatMap((f) => filesUnder(join(HERE, 'fixtures', 'corpus', 'scans', f)));
  return [...filesUnder(join(HERE, id, 'fixtures')), ...corpus];
}

const registered = Object.entries(IMPORTERS) as [string, ScannerImporter][];

describe('importer registry', () => {
  it('lists exactly the importer folders: each exports one importer, the registered one, whose id is the folder name', async () => {
    expect(Object.keys(IMPORTERS).sort(), 'registry keys vs folders with index.ts (add non-importer folders to NOT_IMPORTERS)').toEqual(folders);
    for (const folder of folders) {
      const exported = await exportedImporters(folder);
      expect(exported, `${folder}/index.ts exports one importer`).toHaveLength(1);
      expect(exported[0], `${folder}/index.ts exports the registered importer`).toBe((IMPORTERS as Record<string, ScannerImporter>)[folder]);
    }
  });

  it.each(registered)('%s has the full importer shape and its id is its key', (key, importer) => {
    expect(importer.id).toBe(key);
    expect(importer.name.trim()).not.toBe('');
    expect(isCategory(importer.defaultCategory)).toBe(true);
    expect(importer.defaultTool.trim()).not.toBe('');
    expect(typeof importer.detect).toBe('function');
    expect(typeof importer.parse).toBe('function');
  });

  it('lists the formats in registry order with their names', () => {
    expect(listFormats()).toEqual(registered.map(([id, i]) => ({ id, name: i.name, defaultCategory: i.defaultCategory })));
  });

  it('has samples for every importer', () => {
    for (const [id] of registered) expect(fixturesOf(id).length, id).toBeGreaterThan(0);
  });
});

describe('detectFormat', () => {
  const [first, second] = [IMPORTERS.sarif, IMPORTERS.trivy];
  const scoring = (importer: ScannerImporter, score: number): ScannerImporter => ({ ...importer, detect: () => score });

  it.each([
    ['the highest score wins', [scoring(first, 40), scoring(second, 70)], 'trivy'],
    ['a tie goes to the earlier importer', [scoring(first, 70), scoring(second, 70)], 'sarif'],
    ['no score above 0 detects nothing', [scoring(first, 0), scoring(second, 0)], null],
  ])('%s', (_what, importers, id) => {
    expect(detectFormat({ path: 'x.json', head: '{}' }, importers)?.id ?? null).toBe(id);
  });

  it('detects nothing in a file of no known format', () => {
    expect(detectFormat({ path: 'notes.txt', head: 'just some text' })).toBeNull();
  });

  // The cross-detection matrix: every sample is detected as its own format, and every other
  // importer scores it strictly lower.
  const samples = registered.flatMap(([id]) => fixturesOf(id).map((path) => [id, relative(HERE, path), path] as const));
  it.each(samples)('detects a %s sample as its own: %s', async (id, name, path) => {
    const source = await fileSource(path);
    if (Object.hasOwn(UNDETECTABLE, name)) {
      expect(detectFormat(source)).toBeNull();
      return;
    }
    const expectedId = DETECTED_AS[name]?.id ?? id;
    expect(detectFormat(source)?.id).toBe(expectedId);
    const own = (IMPORTERS as Record<string, ScannerImporter>)[expectedId]!.detect(source);
    for (const [otherId, other] of registered) {
      if (otherId !== expectedId) expect(other.detect(source), `${otherId} on ${name}`).toBeLessThan(own);
    }
  });
});
