import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const NOW = '2026-11-22T00:00:00Z';
const scratch = temp.make('secscore-import-');
const write = (name: string, text: string): string => {
  const path = join(scratch, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

/** billing-api and ledger, mapped by their repositories github.com/acme/billing-api and github.com/acme/ledger. */
const CATALOG = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures/catalog.yaml');

/** A SARIF log of one Semgrep run with one result per start line (undefined: no region). */
function sarif(lines: readonly (number | undefined)[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep' } },
        ...extra,
        results: lines.map((startLine, i) => ({
          ruleId: `R${i}`,
          message: { text: `finding ${i}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.py' }, ...(startLine !== undefined ? { region: { startLine } } : {}) } }],
        })),
      },
    ],
  });
}

const COSTS = 'tool,annual_cost,currency,from,to\nSemgrep,48000,USD,2026-01-01,2027-01-01\n';

let db: TestDatabase;
const run = (args: string[], env: Record<string, string> = {}) => runCli(['--db', db.url, ...args], { SECSCORE_NOW: NOW, ...env });
const json = (stdout: string): Record<string, unknown>[] => JSON.parse(stdout) as Record<string, unknown>[];

beforeAll(async () => {
  db = await freshDatabase('duckdb');
  expect((await run(['catalog', 'import', CATALOG])).code).toBe(0);
});
afterAll(async () => db.drop());

describe('import: numbers the store cannot hold', () => {
  it('keeps SARIF findings whose startLine is 0, negative or past 32 bits without their line, with one warning naming the first place', async () => {
    const file = write('lines.sarif', sarif([3_000_000_000, 0, -5, 12]));
    const r = await run(['import', file, '--service', 'billing-api', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [report] = json(r.stdout);
    expect(report).toMatchObject({ findings: 4, opened: 4, skipped: [] });
    expect(report!['warnings']).toEqual([
      expect.stringMatching(/kept without its line \(at \$\.runs\[0\]\.results\[0\]\.locations\[0\]\.physicalLocation\.region\.startLine, and 2 more\)/),
    ]);
    const findings = json((await run(['findings', '--service', 'billing-api', '--json'])).stdout);
    expect(findings.map((f) => f['line']).sort()).toEqual([12, null, null, null]);
  });

  /** A Semgrep JSON result, its rule (the finding's title) `checkId`, on a line past 32 bits. */
  const semgrepPast32Bits = (checkId: string): string =>
    JSON.stringify({
      version: '1.50.0',
      results: [{ check_id: checkId, path: 'a.py', start: { line: 3_000_000_000 }, extra: { message: 'm', severity: 'ERROR' } }],
    });

  it('drops a line past 32 bits from any importer (Semgrep JSON), with a warning on stderr', async () => {
    const file = write('semgrep.json', semgrepPast32Bits('r'));
    const r = await run(['import', file, '--service', 'ledger']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${file}: a line number that is not a whole number from 1 to 2147483647: the finding is kept without its line (line 3000000000 of finding "r")`,
    );
    const findings = json((await run(['findings', '--service', 'ledger', '--json'])).stdout);
    expect(findings.map((f) => f['line'])).toEqual([null]);
  });

  it("keeps the file's own text in a warning inert on a terminal (C1 and C0 control characters)", async () => {
    const file = write('semgrep-ansi.json', semgrepPast32Bits('r\u009b31m\u001b[2Jx'));
    const r = await run(['import', file, '--service', 'ledger']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(line 3000000000 of finding "r 31m');
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('refuses a cost past what a number column holds exactly with exit 2, naming the file, row and column', async () => {
    const file = write('costs-huge.csv', COSTS.replace('48000', '1e39'));
    const r = await run(['import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: invalid`);
    expect(r.stderr).toMatch(/row 2.*annual_cost.*must be at most 9007199254740991, got 1e\+39/);
  });
});

describe('import --json when a file fails', () => {
  it('prints the files stored before it and the failed file with its error and place, and exits 2', async () => {
    const good = write('fail/1-good.sarif', sarif([7]));
    const bad = write('fail/2-bad.sarif', '{"version":"2.1.0","runs":[');
    const after = write('fail/3-after.sarif', sarif([8]));
    const r = await run(['import', good, bad, after, '--service', 'billing-api', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`secscore: ${bad}: invalid SARIF 2.1.0 input`);
    const out = json(r.stdout);
    expect(out).toEqual([
      expect.objectContaining({ file: good, format: 'sarif', findings: 1 }),
      { file: bad, error: expect.stringContaining('the file ends early'), place: { line: 1, column: 28, jsonPath: '$.runs[0]' } },
    ]);
  });
});

describe('import of a directory', () => {
  it('refuses an empty directory with exit 2 instead of importing nothing', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const r = await run(['import', empty, '--json']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`secscore: no input files found in ${empty} (hidden files are left out)\n`);
  });
});

describe('import of a directory holding files that are not inputs', () => {
  it('skips a README found in the directory with a one-line note, and imports the rest', async () => {
    const scan = write('with-readme/a.sarif', sarif([3]));
    const readme = write('with-readme/README.md', '# Scans\n\nNightly scanner outputs.\n');
    const text = await run(['import', join(scratch, 'with-readme'), '--service', 'ledger']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${readme}: skipped: not a format secscore recognises (found in a directory or by a pattern`);
    expect(text.stdout).toContain(`${scan}: sarif → ledger`);
    const r = await run(['import', join(scratch, 'with-readme'), '--service', 'ledger', '--json']);
    expect(json(r.stdout)).toEqual([
      { file: readme, format: null, skipped: [{ reason: expect.stringContaining('not a format secscore recognises') }] },
      expect.objectContaining({ file: scan, format: 'sarif', unchanged: 1 }),
    ]);
  });

  it('still refuses a file of no known format named on the command line', async () => {
    const readme = join(scratch, 'with-readme', 'README.md');
    const r = await run(['import', readme, '--service', 'ledger']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`secscore: ${readme}: not a format secscore recognises (tried: `);
  });
});

describe('import: flags for scanner outputs given with record files', () => {
  it.each([
    [['--category', 'sast'], '--category'],
    [['--partial'], '--partial'],
    [['--scanned-at', '2026-10-01T00:00:00Z'], '--scanned-at'],
    [['--service', 'ledger', '--partial'], '--service, --partial'],
  ])('refuses %j with only record files, naming the flag and the file, before storing anything', async (flags, named) => {
    const costs = write('flags/costs.csv', COSTS);
    const r = await run(['import', costs, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `secscore: ${named}: for scanner outputs only, and ${costs} is costs input, which names its own services and times; import it without ${named.includes(',') ? 'these flags' : 'the flag'}\n`,
    );
    expect(json((await run(['records', 'costs', '--json'])).stdout)).toEqual([]);
  });

  it('imports a mix of scans and records, warning that the record files do not use the flag', async () => {
    const costs = write('mixed/costs.csv', COSTS);
    const scan = write('mixed/scan.sarif', sarif([4]));
    const r = await run(['import', join(scratch, 'mixed'), '--service', 'ledger', '--scanned-at', '2026-10-01T00:00:00Z', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toEqual([
      expect.objectContaining({
        file: costs,
        kind: 'costs',
        inserted: 1,
        warnings: ['--service, --scanned-at apply to scanner outputs only: not used for this file'],
      }),
      expect.objectContaining({ file: scan, service: 'ledger', scannedAt: '2026-10-01T00:00:00Z' }),
    ]);
  });
});

describe('import: scan times', () => {
  const trivy = (createdAt: string): string =>
    JSON.stringify({ SchemaVersion: 2, ArtifactName: 'https://github.com/acme/ledger', ArtifactType: 'repository', CreatedAt: createdAt, Results: [] });

  it('refuses a Trivy CreatedAt that is not a timestamp with exit 2 and its JSON path', async () => {
    const file = write('times/garbage.json', trivy('garbage'));
    const r = await run(['import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`secscore: ${file}: invalid Trivy JSON input (at $.CreatedAt): expected an ISO 8601 timestamp, got "garbage"\n`);
  });

  it('refuses --scanned-at more than a day after now (SECSCORE_NOW) before anything is read', async () => {
    const file = write('times/plain.sarif', sarif([1]));
    const r = await run(['import', file, '--service', 'ledger', '--scanned-at', '2099-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^secscore: --scanned-at 2099-01-01T00:00:00Z: more than a day in the future: .* \(now is 2026-11-22T00:00:00Z\)\n$/);
    const within = await run(['import', file, '--service', 'ledger', '--scanned-at', '2026-11-22T20:00:00Z', '--json']);
    expect(within.code, within.stderr).toBe(0);
    expect(json(within.stdout)[0]).toMatchObject({ scannedAt: '2026-11-22T20:00:00Z' });
  });

  it('refuses a file whose own scan time is more than a day after now, at the place of that time', async () => {
    const file = write('times/future.json', trivy('2027-01-01T00:00:00Z'));
    const r = await run(['import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^secscore: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: invalid Trivy JSON input \\(at \\$\\.CreatedAt\\): its scan time 2027-01-01T00:00:00Z is more than a day in the future`,
      ),
    );
  });

  it('names the invocation time of the SARIF run that gave the latest scan time, not that of the last run', async () => {
    const run0 = {
      tool: { driver: { name: 'Semgrep' } },
      invocations: [{ executionSuccessful: true, startTimeUtc: '2026-11-01T00:00:00Z', endTimeUtc: '2027-01-01T00:00:00Z' }],
      results: [],
    };
    const run1 = { tool: { driver: { name: 'CodeQL' } }, invocations: [{ executionSuccessful: true, endTimeUtc: '2026-11-02T00:00:00Z' }], results: [] };
    const file = write('times/future-run.sarif', JSON.stringify({ version: '2.1.0', runs: [run0, run1] }));
    const r = await run(['import', file, '--service', 'ledger']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${file}: invalid SARIF 2.1.0 input (at $.runs[0].invocations[0].endTimeUtc): its scan time 2027-01-01T00:00:00Z is more than a day in the future`,
    );
  });
});

describe('import: file names printed inert', () => {
  /** ESC [31m (red), a carriage return (back to the line's start) and U+202E (right-to-left override): each becomes a space. */
  const HOSTILE = 'a\u001b[31mred\rover\u202eevil';
  const INERT = 'a [31mred over evil';

  it("in each file's line, imported or skipped", async () => {
    // Anyone can name a file in a folder of scans: its name is untrusted text.
    write(`hostile/${HOSTILE}.sarif`, sarif([4]));
    write(`hostile/${HOSTILE}.md`, '# notes\n');
    const folder = join(scratch, 'hostile');
    const r = await run(['import', folder, '--service', 'ledger']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${join(folder, INERT)}.sarif: sarif → ledger at `);
    expect(r.stdout).toContain(`${join(folder, INERT)}.md: skipped: not a format secscore recognises`);
    expect(r.stdout).not.toMatch(/[\u001b\r\u202e]/);
  });
});
