import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const scratch = temp.make('secscore-catalog-');
const dir = (name: string, files: Record<string, string> = {}): string => {
  const path = join(scratch, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
};

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase('duckdb');
});
afterAll(async () => db.drop());

describe('catalog import', () => {
  it.each([
    ['an empty directory', dir('empty')],
    ['a directory without YAML or CSV files', dir('docs-only', { 'README.md': '# services\n', '.hidden.yaml': 'services: []\n' })],
  ])('refuses %s with exit 2 instead of loading 0 services', async (_what, path) => {
    const r = await runCli(['--db', db.url, 'catalog', 'import', path]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`secscore: no catalog files (.yaml, .yml or .csv) found in ${path} (hidden files are left out)\n`);
  });
});

describe('catalog import: a malformed entity ref', () => {
  it('is an input error (exit 2) naming the file, the format and the entity, not a crash', async () => {
    const path = dir('broken-ref', {
      'catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: billing-api }',
        'spec: { type: service, owner: team-x, system: "core\\napi" }',
        '',
      ].join('\n'),
    });
    const r = await runCli(['--db', db.url, 'catalog', 'import', path]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      `secscore: ${join(path, 'catalog-info.yaml')}: invalid Backstage catalog input (entity component:billing-api, line 4, column 47, column/field "system"): ` +
        'spec.system must be an entity reference [kind:][namespace/]name on one line, without control characters, got "core\\napi"\n',
    );
  });
});

describe('catalog import warnings', () => {
  it('prints a warning quoting the catalog inert: escape sequence, carriage return and bidi override neutralised', async () => {
    // A YAML double-quoted name carrying ESC [31m (red), a carriage return (back to the line's start) and U+202E (right-to-left override).
    const path = dir('hostile', {
      'catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: billing-api, annotations: { secscore.io/area: Billing, secscore.io/line: Money } }',
        'spec: { type: service, lifecycle: production, owner: team-x }',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: Widget',
        'metadata: { name: "w\\e[31mred\\rover\\u202Eevil" }',
        '',
      ].join('\n'),
    });
    const r = await runCli(['--db', db.url, 'catalog', 'import', path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${join(path, 'catalog-info.yaml')}: widget:w [31mred over evil ignored: secscore reads only Component, System and Domain entities\n`,
    );
  });
});
