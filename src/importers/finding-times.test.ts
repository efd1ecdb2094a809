import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.js';
import type { RawFinding } from '../domain/finding.js';
import { parseTimestamp } from '../domain/time.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../storage/test-support/engines.js';
import { scratchFolders } from '../storage/test-support/scratch.js';
import { defectdojoFindingsImporter } from './defectdojo-findings/index.js';
import { dependencyTrackImporter } from './dependency-track/index.js';
import { githubImporter } from './github/index.js';
import { grypeImporter } from './grype/index.js';
import { semgrepImporter } from './semgrep/index.js';
import { corpusDir, expectInputError, findingsOf, parser } from './test-support/parse.js';
import type { ScannerImporter } from './types.js';

// A finding's own time (when it was opened, fixed, dismissed, attributed, when its fix appeared)
// that the file states but that is no timestamp is an error at its JSON path (fields.ts,
// statedTime), never a finding without that time. Each case is a real file (or a fixture) with
// one time set (at a finding past the first where the file has several, so that the index in the
// path is checked too).

/** A parsed file, its times set by hand at one path. */
type Json = Record<string, any>;

interface Case {
  what: string;
  importer: ScannerImporter;
  format: string;
  path: string;
  /** Sets the time under test to `value` in the parsed file. */
  set: (doc: Json, value: unknown) => void;
  /** Its JSON path. */
  at: string;
  /** The finding that holds it (its index among the file's findings), and which of its times it gives. */
  index: number;
  field: 'toolOpenedAt' | 'toolFixedAt' | 'fixAvailableAt';
  /** The time the file as it is states there. */
  stated: string | number;
}

const here = import.meta.dirname;
const CODE_SCANNING = join(corpusDir(''), '..', 'github-api', 'code-scanning-alerts-repo.json');
const SECRETS = join(corpusDir('github_secrets_detection_report'), 'github_secrets_detection_report_many_vul.json');

const cases: Case[] = [
  {
    what: 'GitHub code scanning (REST)',
    importer: githubImporter,
    format: 'GitHub alerts',
    path: CODE_SCANNING,
    set: (doc, v) => (doc[2].fixed_at = v),
    at: '$[2].fixed_at',
    index: 2,
    field: 'toolFixedAt',
    stated: '2025-08-25T16:03:09Z',
  },
  {
    what: 'GitHub secret scanning (REST)',
    importer: githubImporter,
    format: 'GitHub alerts',
    path: SECRETS,
    set: (doc, v) => (doc[2].created_at = v),
    at: '$[2].created_at',
    index: 2,
    field: 'toolOpenedAt',
    stated: '2021-06-20T14:45:10Z',
  },
  {
    what: 'GitHub Dependabot (GraphQL search)',
    importer: githubImporter,
    format: 'GitHub alerts',
    path: join(here, 'github', 'fixtures', 'graphql-search-fabricated.json'),
    set: (doc, v) => (doc.data.search.nodes[0].vulnerabilityAlerts.nodes[0].fixedAt = v),
    at: '$.data.search.nodes[0].vulnerabilityAlerts.nodes[0].fixedAt',
    index: 0,
    field: 'toolFixedAt',
    stated: '2024-02-09T17:30:00Z',
  },
  {
    what: 'Grype (the date a fix appeared)',
    importer: grypeImporter,
    format: 'Grype JSON',
    path: join(here, 'grype', 'fixtures', 'directory-kev-fabricated.json'),
    set: (doc, v) => (doc.matches[0].vulnerability.fix.available[0].date = v),
    at: '$.matches[0].vulnerability.fix.available[0].date',
    index: 0,
    field: 'fixAvailableAt',
    stated: '2020-07-15',
  },
  {
    what: 'Semgrep App export',
    importer: semgrepImporter,
    format: 'Semgrep JSON',
    path: join(here, 'semgrep', 'fixtures', 'app-export-fabricated.json'),
    set: (doc, v) => (doc.vulns[1].openedAt = v),
    at: '$.vulns[1].openedAt',
    index: 1,
    field: 'toolOpenedAt',
    stated: '2024-09-21T10:00:00Z',
  },
  {
    what: 'Dependency-Track API findings (epoch milliseconds)',
    importer: dependencyTrackImporter,
    format: 'Dependency-Track findings',
    path: join(here, 'dependency-track', 'fixtures', 'project-findings-fabricated.json'),
    set: (doc, v) => (doc[1].attribution.attributedOn = v),
    at: '$[1].attribution.attributedOn',
    index: 1,
    field: 'toolOpenedAt',
    stated: 1700003600000,
  },
  {
    what: 'Dependency-Track FPF export',
    importer: dependencyTrackImporter,
    format: 'Dependency-Track findings',
    path: join(here, 'dependency-track', 'fixtures', 'fpf-export-fabricated.json'),
    set: (doc, v) => (doc.findings[0].attribution.attributedOn = v),
    at: '$.findings[0].attribution.attributedOn',
    index: 0,
    field: 'toolOpenedAt',
    stated: '2024-04-30T11:00:00Z',
  },
  {
    what: 'DefectDojo findings export (date)',
    importer: defectdojoFindingsImporter,
    format: 'DefectDojo findings export',
    path: join(here, 'defectdojo-findings', 'fixtures', 'findings-page-fabricated.json'),
    set: (doc, v) => (doc.results[2].date = v),
    at: '$.results[2].date',
    index: 2,
    field: 'toolOpenedAt',
    stated: '2024-03-05',
  },
  {
    what: 'DefectDojo findings export (mitigated)',
    importer: defectdojoFindingsImporter,
    format: 'DefectDojo findings export',
    path: join(here, 'defectdojo-findings', 'fixtures', 'findings-page-fabricated.json'),
    set: (doc, v) => (doc.results[1].mitigated = v),
    at: '$.results[1].mitigated',
    index: 1,
    field: 'toolFixedAt',
    stated: '2024-02-20T14:00:00Z',
  },
];

/** Texts that are no timestamp: words, a day not in the calendar, an hour past 23, trailing junk, a bare number, a zone on a bare date. */
const BAD = ['last tuesday', '2024-02-30T10:00:00Z', '2024-02-10T24:00:00Z', '2024-02-10T10:00:00Z and then some', '1700000000', '2024-02-10Z'];

const docOf = (c: Case): Json => JSON.parse(readFileSync(c.path, 'utf8')) as Json;
const textWith = (c: Case, value: unknown): string => {
  const doc = docOf(c);
  c.set(doc, value);
  return JSON.stringify(doc, null, 2);
};
const expected = (c: Case): number => (typeof c.stated === 'number' ? c.stated : parseTimestamp(c.stated)!);

/** The finding whose time the case sets. */
async function findingAt(c: Case, text: string): Promise<RawFinding | undefined> {
  return findingsOf(await parser(c.importer).parseText(c.path, text))[c.index];
}

describe.each(cases)('$what: a time of a finding', (c) => {
  it('as the file states it is the finding’s', async () => {
    // The value the case sets is the one the file holds: the JSON path is that of the finding read.
    const doc = docOf(c);
    const probe = docOf(c);
    c.set(probe, c.stated);
    expect(probe).toEqual(doc);
    const finding = await findingAt(c, JSON.stringify(doc));
    expect(finding?.[c.field]).toBe(expected(c));
  });

  it.each(BAD)('%j is an InputError naming the file, the format and the JSON path', async (bad) => {
    await expectInputError(
      parser(c.importer).parseText(c.path, textWith(c, bad)),
      c.path,
      c.format,
      new RegExp(`\\(at ${c.at.replace(/[.[\]$]/g, '\\$&')}\\): expected an ISO 8601 timestamp, got ${JSON.stringify(bad)}`),
    );
  });

  it.each([null, '', '   '])('%j is no time, and no error', async (none) => {
    const finding = await findingAt(c, textWith(c, none));
    expect(finding).toBeDefined();
    expect(finding![c.field]).toBeNull();
  });
});

describe('words for no time', () => {
  it('GitHub REST exports: "None" (as a Python export writes it) is no time', async () => {
    const text = readFileSync(join(corpusDir('github_vulnerability'), 'issue_9582.json'), 'utf8');
    expect(text).toContain('"fixed_at":"None"');
    const findings = findingsOf(await parser(githubImporter).parseText('issue_9582.json', text));
    expect(findings.map((f) => [f.toolOpenedAt, f.toolFixedAt])).toEqual(findings.map(() => [parseTimestamp('2024-01-19T14:11:18Z'), null]));
    const fixed = JSON.parse(text) as Json[];
    fixed[1]!.state = 'fixed';
    fixed[1]!.fixed_at = 'None!';
    await expectInputError(
      parser(githubImporter).parseText('issue_9582.json', JSON.stringify(fixed)),
      'issue_9582.json',
      'GitHub alerts',
      /\(at \$\[1\]\.fixed_at\)/,
    );
  });

  it.each(cases.filter((c) => c.importer !== githubImporter))('$what: "None" is an error, as no such tool writes it', async (c) => {
    await expectInputError(parser(c.importer).parseText(c.path, textWith(c, 'None')), c.path, c.format, /got "None"/);
  });

  it('GitHub GraphQL: "None" is an error, as the API writes null', async () => {
    const c = cases.find((x) => x.what.includes('GraphQL'))!;
    await expectInputError(parser(c.importer).parseText(c.path, textWith(c, 'None')), c.path, c.format, /got "None"/);
  });
});

describe('Dependency-Track attributedOn as a number', () => {
  const c = cases.find((x) => x.what.includes('epoch milliseconds'))!;

  it.each([
    [1700003600000, 1700003600000],
    [1e11, 1e11],
  ])('%d is epoch milliseconds', async (value, at) => {
    expect((await findingAt(c, textWith(c, value)))?.toolOpenedAt).toBe(at);
  });

  it.each([
    [1700003600, /got 1700003600 \(epoch seconds\? Dependency-Track writes milliseconds\)/],
    [1, /got 1 \(epoch seconds\?/],
    [0, /got 0$/],
    [-1700003600000, /got -1700003600000$/],
    [1700003600000000, /got 1700003600000000$/],
    [1700003600000.5, /got 1700003600000\.5$/],
  ])('%d is an error, not a time in 1970 or far ahead', async (value, detail) => {
    await expectInputError(parser(c.importer).parseText(c.path, textWith(c, value)), c.path, c.format, /\(at \$\[1\]\.attribution\.attributedOn\)/);
    await expectInputError(parser(c.importer).parseText(c.path, textWith(c, value)), c.path, c.format, detail);
  });
});

describe.each(ENGINES)('secscore import of a file with a finding time that is no timestamp, on %s', (engine) => {
  const temp = scratchFolders();
  const dir = temp.make('secscore-finding-times-');
  const CATALOG = join(here, 'records', 'fixtures', 'catalog.yaml');
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
    temp.remove();
  });

  const one = (what: string) => cases.find((c) => c.what === what)!;
  it.each([
    one('GitHub code scanning (REST)'),
    one('Grype (the date a fix appeared)'),
    one('Semgrep App export'),
    one('Dependency-Track API findings (epoch milliseconds)'),
    one('DefectDojo findings export (mitigated)'),
  ])('$what: exits 2 naming the file, the format and the JSON path, and stores nothing of it', async (c) => {
    const db = await freshDatabase(engine);
    databases.push(db);
    const run = (...args: string[]) => runCli(['--db', db.url, ...args], { SECSCORE_NOW: '2026-11-22T00:00:00Z' });
    expect((await run('catalog', 'import', CATALOG)).code).toBe(0);
    const listed = async () => (await run('findings', '--status', 'all', '--json')).stdout;
    const before = await listed();

    const bad = join(dir, `bad-${c.importer.id}.json`);
    writeFileSync(bad, textWith(c, '2024-02-10T24:00:00Z'));
    const r = await run('import', '--service', 'billing-api', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain(c.format);
    expect(r.stderr).toContain(`(at ${c.at})`);
    expect(await listed()).toBe(before);

    // The same file with its time as it was is stored: what was refused was the time.
    const good = join(dir, `good-${c.importer.id}.json`);
    writeFileSync(good, textWith(c, c.stated));
    expect((await run('import', '--service', 'billing-api', good)).code).toBe(0);
    expect(await listed()).not.toBe(before);
  });
});
