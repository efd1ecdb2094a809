import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { BILLING_CATALOG } from '../bench/generate-sarif.js';
import { Store } from '../storage/store.js';
import { importFiles, type ImportReport } from './import-files.js';
import { liveWorkers } from './split-import.js';

/**
 * A large SARIF file read on two threads (split-import.ts) must give what the one sequential read
 * gives: the same findings, fingerprints, intervals and sightings, the same report, and the same
 * error, for inputs that take the split, and for those where the split must not be used (its
 * guessed boundary is not one, or the second half holds what only the sequential read says with
 * its place). Each file is imported twice into fresh DuckDB files, with and without the split.
 * The files are a few MB: the split is offered after the first 1 MB chunk (source.ts, readChunk).
 */
const scratch = mkdtempSync(join(tmpdir(), 'secscore-split-test-'));
const started = Date.now();
/** The spill parts the worker threads wrote (split-import.ts) since the tests started: each removed once its import ended, taken or not. */
const leftovers = () => readdirSync(tmpdir()).filter((n) => /^secscore-split-(?!test-)/.test(n) && statSync(join(tmpdir(), n)).mtimeMs >= started - 1000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const NOW = Date.UTC(2026, 9, 1);

interface Result {
  ruleId: string;
  level?: string;
  kind?: string;
  message: { text: string };
  locations?: unknown[];
  partialFingerprints?: Record<string, string>;
  properties?: unknown;
}

function result(i: number, over: Partial<Result> = {}, file = `src/mod${i % 40}/file${i % 97}.ts`, line = 1 + (i % 500)): Result {
  return {
    ruleId: `js/rule-${i % 23}`,
    level: ['error', 'warning', 'note'][i % 3]!,
    message: { text: `Finding number ${i}: a description long enough to make the file a few megabytes ${'x'.repeat(200)}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line, startColumn: 1 + (i % 7) } } }],
    partialFingerprints: { primaryLocationLineHash: `h${i}` },
    ...over,
  };
}

/** A SARIF log of one run (or more), its repository named after the results (the header completed late). */
function sarif(runs: Result[][]): string {
  return JSON.stringify({
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: runs.map((results, r) => ({
      tool: {
        driver: {
          name: r === 0 ? 'CodeQL' : 'Semgrep',
          rules: Array.from({ length: 23 }, (_, k) => ({ id: `js/rule-${k}`, properties: { tags: [`external/cwe/cwe-${79 + k}`] } })),
        },
      },
      results,
      versionControlProvenance: [{ repositoryUri: 'https://github.com/acme/billing' }],
    })),
  });
}

const write = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

async function freshStore(): Promise<Store> {
  const dir = mkdtempSync(join(scratch, 'db-'));
  const store = await Store.open(join(dir, 'test.db'));
  await store.saveCatalog(BILLING_CATALOG, { kind: 'catalog', format: 'test', file: 'test', sha256: 'test' });
  return store;
}

/**
 * Everything the import stored that a split could change, one line per row in a stable order.
 * By fingerprint, not id: DuckDB numbers the rows of a parallel insert in no fixed order.
 */
async function stored(store: Store): Promise<{ findings: string[]; intervals: string[]; scans: string[] }> {
  const lines = async (q: ReturnType<typeof sql>) =>
    (await q.execute(store.db)).rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
  return {
    findings: await lines(
      sql`select service_id, tool, category, fingerprint, severity, title, rule_id, vulnerability_ids, cwes, file_path, line_number, description, false_positive,
        (select count(*) from sightings s where s.finding_id = f.id) as sightings
        from findings f order by tool, fingerprint`,
    ),
    intervals: await lines(
      sql`select f.tool, f.fingerprint, i.seq, i.opened_at, i.fixed_at from intervals i join findings f on f.id = i.finding_id order by 1, 2, 3`,
    ),
    scans: await lines(sql`select service_id, tool, category, scanned_at from scans order by service_id, tool, category`),
  };
}

type Stored = Awaited<ReturnType<typeof stored>>;
type Outcome = { reports: ImportReport[]; stored: Stored; used: number[] } | { error: string; place: unknown; stored: Stored; used: number[] };

/** Imports the files in order into a fresh store, split (from any size) or not; what came of it. */
async function importAll(files: string[], split: boolean): Promise<Outcome> {
  const store = await freshStore();
  const used: number[] = [];
  const options = { now: NOW, split: { from: split ? 0 : Infinity, used: (n: number) => used.push(n) } };
  try {
    const reports: ImportReport[] = [];
    for (const file of files) reports.push(...(await importFiles(store, [file], options)));
    return { reports, stored: await stored(store), used };
  } catch (err) {
    const e = err as { message: string; place?: unknown };
    return { error: e.message, place: e.place, stored: await stored(store), used };
  } finally {
    await store.close();
  }
}

async function bothWays(files: string[]): Promise<{ split: Outcome; sequential: Outcome }> {
  const split = await importAll(files, true);
  const sequential = await importAll(files, false);
  expect(sequential.used).toEqual([]);
  // Compared as text, the first difference shown: a deep diff of thousands of rows takes minutes.
  const { used: _u1, stored: storedA, ...a } = split;
  const { used: _u2, stored: storedB, ...b } = sequential;
  expect(a).toEqual(b);
  for (const table of ['findings', 'intervals', 'scans'] as const) {
    const x = (storedA as Record<string, string[]>)[table]!;
    const y = (storedB as Record<string, string[]>)[table]!;
    const at = x.findIndex((line, i) => line !== y[i]);
    expect({ table, rows: x.length, first: at === -1 ? null : { split: x[at], sequential: y[at] } }).toEqual({ table, rows: y.length, first: null });
  }
  return { split, sequential };
}

describe('a large SARIF file read on two threads', () => {
  it('stores what the sequential read stores, fingerprints of keys seen again across the halves included', async () => {
    // The same key (rule, file, line hash) at many spots over the whole file: every sighting after
    // the first at another spot gets the alternate fingerprint, those in the second half too
    // (each at a spot of its own: one finding each); and exact repeats (same key, same spot) are
    // one finding.
    const shared = (i: number, line: number): Result =>
      result(i, {
        ruleId: 'js/rule-1',
        partialFingerprints: { primaryLocationLineHash: `shared${i % 10}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/shared.ts' }, region: { startLine: line } } }],
      });
    const results = Array.from({ length: 12_000 }, (_, i) => (i % 5 !== 0 ? result(i) : i % 15 === 0 ? shared(i, 1 + (i % 4)) : shared(i, 1 + i)));
    const file = write('repeats.sarif', sarif([results]));
    const { split } = await bothWays([file]);
    expect(split.used.length).toBe(1);
    expect(split.used[0]).toBeGreaterThan(4_000);
    const report = (split as { reports: ImportReport[] }).reports[0] as { findings: number; service: string };
    expect(report.service).toBe('billing');
    // The progress counts the worker's bytes too: before the file is done, it nears its size
    // (this thread reads only up to the split and after the second half).
    const store = await freshStore();
    const seen: { bytes: number; bytesRead: number; done: boolean }[] = [];
    try {
      await importFiles(store, [file], { now: NOW, split: { from: 0 } }, (p) => seen.push(p));
    } finally {
      await store.close();
    }
    const size = seen[0]!.bytes || seen[1]!.bytes;
    expect(seen.every((p, i) => p.bytesRead <= p.bytes && (i === 0 || p.bytesRead >= seen[i - 1]!.bytesRead))).toBe(true);
    expect(Math.max(...seen.filter((p) => !p.done).map((p) => p.bytesRead))).toBeGreaterThan(0.9 * size);
    // The same file again: nothing changes, split or not.
    await bothWays([file, file]);
    expect(leftovers()).toEqual([]);
  });

  it('splits where results are longer than the first window looked in for a boundary', async () => {
    // 100 kB a result: no element starts within the first 64 kB after the half way point.
    const results = Array.from({ length: 60 }, (_, i) => result(i, { message: { text: `Finding ${i} ${'y'.repeat(100_000)}` } }));
    const { split } = await bothWays([write('long-results.sarif', sarif([results]))]);
    expect(split.used).toHaveLength(1);
    expect(split.used[0]).toBeGreaterThan(10);
  });

  it('reads the second half itself where the guessed boundary is inside an element', async () => {
    // Every result holds nested objects that open like a result: most places that look like an
    // element boundary are not one.
    // Each decoy is a valid result itself: a second reader started inside one would read the
    // decoys as findings, up to the end of their array.
    const decoys = { related: Array.from({ length: 6 }, (_, k) => ({ ruleId: `decoy-${k}`, message: { text: 'not a finding' } })) };
    const results = Array.from({ length: 9_000 }, (_, i) => result(i, { properties: decoys }));
    const { split } = await bothWays([write('decoys.sarif', sarif([results]))]);
    expect(split.stored.findings.some((f) => f.includes('decoy-'))).toBe(false);
  });

  it('reads the second half itself where it holds a skipped result, so that the skip keeps its place', async () => {
    const results = Array.from({ length: 10_000 }, (_, i) => (i === 9_500 ? result(i, { kind: 'pass' }) : result(i)));
    const { split } = await bothWays([write('skip.sarif', sarif([results]))]);
    expect(split.used).toEqual([]);
    const report = (split as { reports: { skipped: { place?: { jsonPath?: string } }[] }[] }).reports[0]!;
    expect(report.skipped.map((s) => s.place?.jsonPath)).toEqual(['$.runs[0].results[9500]']);
  });

  it('fails as the sequential read fails on bad JSON in the second half, with the same place, and stores nothing', async () => {
    const text = sarif([Array.from({ length: 10_000 }, (_, i) => result(i))]);
    const at = text.lastIndexOf('"startLine":');
    const { split } = await bothWays([write('broken.sarif', `${text.slice(0, at)}"startLine";${text.slice(at + 12)}`)]);
    expect(split).toMatchObject({ error: expect.stringContaining('line 1, column'), used: [] });
    expect(split.stored.findings).toEqual([]);
  });

  it('fails as the sequential read fails on a result of the wrong shape in the second half', async () => {
    const results: unknown[] = Array.from({ length: 10_000 }, (_, i) => result(i));
    results[9_000] = { ...result(9_000), locations: 'nowhere' };
    const { split } = await bothWays([write('shape.sarif', sarif([results as Result[]]))]);
    expect(split).toMatchObject({ error: expect.stringContaining('results[9000]'), used: [] });
  });

  it('does not use a guess that lands in the results of a later run', async () => {
    // Run 0's results end soon after the split is offered; the guess falls in run 1's.
    const run0 = Array.from({ length: 4_000 }, (_, i) => result(i));
    const run1 = Array.from({ length: 12_000 }, (_, i) => result(100_000 + i));
    const { split } = await bothWays([write('runs.sarif', sarif([run0, run1]))]);
    expect(split.used).toEqual([]);
  });

  it.each([
    ['the second half', 9_000],
    ['the first half, after the split was offered', 4_000],
  ])('reads results on one thread once one points into artifacts not read yet, in %s', async (_, at) => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      i === at ? result(i, { locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 3 } } }] }) : result(i),
    );
    const text = sarif([results]).replace('"versionControlProvenance"', '"artifacts":[{"location":{"uri":"src/late.ts"}}],"versionControlProvenance"');
    const { split } = await bothWays([write(`artifacts-${at}.sarif`, text)]);
    expect(split.used).toEqual([]);
    expect(split.stored.findings.filter((f) => f.includes('"file_path":"src/late.ts"'))).toHaveLength(1);
  });

  it('stops on Ctrl-C with the worker reading, and stores nothing', async () => {
    const file = write('abort.sarif', sarif([Array.from({ length: 10_000 }, (_, i) => result(i))]));
    const store = await freshStore();
    const controller = new AbortController();
    try {
      const run = importFiles(store, [file], { now: NOW, split: { from: 0 }, signal: controller.signal }, (p) => {
        if (p.findings > 0) controller.abort(new Error('interrupted'));
      });
      await expect(run).rejects.toThrow('interrupted');
      expect((await stored(store)).findings).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('stops the worker started ahead when no split takes it', async () => {
    // Large enough to start one ahead (from: 0), with no result to split at; then a file that fails before any split.
    const empty = write('no-results.sarif', sarif([[]]));
    const failing = write('no-service.sarif', JSON.stringify({ version: '2.1.0', runs: [] }));
    const store = await freshStore();
    try {
      const [report] = await importFiles(store, [empty], { now: NOW, split: { from: 0 } });
      expect(report).toMatchObject({ findings: 0 });
      await expect(importFiles(store, [failing], { now: NOW, split: { from: 0 } })).rejects.toThrow(/cannot tell which service/);
    } finally {
      await store.close();
    }
    await expect.poll(liveWorkers, { timeout: 5_000 }).toBe(0);
  });

  // Last: every import above ended, taken or not, split or not.
  it('leaves no spill part and no worker behind', async () => {
    expect(leftovers()).toEqual([]);
    await expect.poll(liveWorkers, { timeout: 5_000 }).toBe(0);
  });
});
