import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPLIT_FORMAT_IDS } from './split-formats.js';
import { SPLIT_FORMATS } from './split-import.js';

/** The modules a compiled module loads as it is imported (static imports and re-exports, followed; `import()` is left out: it loads later, if at all). */
function staticGraph(entry: URL): Set<string> {
  const seen = new Set<string>();
  const visit = (url: URL): void => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/gm)) visit(new URL(m[1]!, url));
  };
  visit(entry);
  return seen;
}

describe('the formats a split read takes', () => {
  it('are one list, the one the worker reads (split-formats.ts)', () => {
    expect([...SPLIT_FORMATS]).toEqual([...SPLIT_FORMAT_IDS]);
    expect(SPLIT_FORMATS.has('sarif')).toBe(true);
  });

  it("are known on the file's thread without loading the worker or its readers (the build's modules)", () => {
    const graph = [...staticGraph(new URL('../../dist/app/split-import.js', import.meta.url))].map((u) => u.replace(/^.*\/dist\//, ''));
    expect(graph).toContain('app/split-formats.js');
    expect(graph.filter((m) => m.startsWith('importers/') || m === 'app/split-import-worker.js')).toEqual([]);
    // The worker reads its formats from the same list, and loads the readers (what the walk would have found).
    const worker = [...staticGraph(new URL('../../dist/app/split-import-worker.js', import.meta.url))].map((u) => u.replace(/^.*\/dist\//, ''));
    expect(worker).toEqual(expect.arrayContaining(['app/split-formats.js', 'importers/sarif/index.js']));
  });
});
