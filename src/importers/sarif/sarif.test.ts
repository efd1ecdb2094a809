import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseTimestamp } from '../../domain/time.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ParseItem, ScanHeader, SkipItem } from '../types.js';
import { sarifImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'sarif');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: Parameters<typeof sarifImporter.parse>[0], key = 'test-key'): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of sarifImporter.parse(source, parseContext(key))) items.push(item);
  return items;
}
const parseFile = async (path: string, key?: string): Promise<ParseItem[]> => parseItems(await fileSource(path), key);
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

/** A SARIF log with one run per tool name and one result each. */
function sarifOfTools(tools: readonly string[]): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: tools.map((name) => ({ tool: { driver: { name } }, results: [{ ruleId: 'R1', message: { text: `found by ${name}` } }] })),
  });
}

describe('detect', () => {
  it.each([
    { what: 'a $schema naming SARIF', path: 'out.json', head: '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0"', score: 95 },
    { what: 'version 2.1.0 with runs', path: 'out.json', head: '{\n  "version": "2.1.0",\n  "runs": [', score: 95 },
    { what: 'only the .sarif extension', path: 'results.sarif', head: '{"something": "else"}', score: 60 },
    { what: 'version 2.1.0 without runs', path: 'out.json', head: '{"version": "2.1.0", "packages": []}', score: 0 },
    { what: 'a Trivy report', path: 'trivy.json', head: '{"SchemaVersion": 2, "ArtifactName": "alpine:3.19", "Results": []}', score: 0 },
    { what: 'an empty file', path: 'empty.json', head: '', score: 0 },
  ])('scores $what as $score', ({ path, head, score }) => {
    expect(sarifImporter.detect({ path, head })).toBe(score);
  });

  it('recognises every SARIF sample of the corpus with certainty', async () => {
    for (const name of readdirSync(CORPUS)) expect(sarifImporter.detect(await fileSource(corpus(name))), name).toBe(95);
  });
});

describe('findings', () => {
  it('yields one finding per result × location, one for a result without locations, in file order', async () => {
    const findings = findingsOf(await parseFile(fixture('codeql-javascript.sarif')));
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['js/xss', 'src/views/search.js', 42],
      ['js/xss', 'src/views/search.js', 88],
      ['js/xss', 'src/views/search.js', 97],
      ['js/prototype-pollution-utility', 'src/lib/merge.js', 7],
      ['js/unused-local-variable', 'src/lib/merge.js', 3],
    ]);
    const noLocation = findingsOf(await parseFile(fixture('kinds-and-levels.sarif'))).find((f) => f.title === 'no location at all');
    expect(noLocation).toMatchObject({ file: null, line: null });
  });

  it('drops results whose kind is not "fail" and says which, with their JSON path', async () => {
    const items = await parseFile(fixture('kinds-and-levels.sarif'));
    expect(skipsOf(items)).toEqual([
      { kind: 'skip', reason: expect.stringContaining('"pass"'), place: { jsonPath: '$.runs[0].results[9]' } },
      { kind: 'skip', reason: expect.stringContaining('"notApplicable"'), place: { jsonPath: '$.runs[0].results[10]' } },
      { kind: 'skip', reason: expect.stringContaining('"review"'), place: { jsonPath: '$.runs[0].results[11]' } },
    ]);
    expect(findingsOf(items)).toHaveLength(10);
  });

  it('keeps a finding whose startLine is not a line (0, negative, past 32 bits) without its line, and says where', async () => {
    const at = (startLine: unknown) => ({ physicalLocation: { artifactLocation: { uri: 'a.py' }, region: { startLine } } });
    const text = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Semgrep' } },
          results: [{ ruleId: 'R1', message: { text: 'm' }, locations: [at(3_000_000_000), at(0), at(-5), at(2_147_483_647)] }],
        },
      ],
    });
    const items = await parseText('lines.sarif', text);
    expect(findingsOf(items).map((f) => f.line)).toEqual([null, null, null, 2_147_483_647]);
    const notes = items.flatMap((i) => (i.kind === 'note' ? [i.place?.jsonPath] : []));
    expect(notes).toEqual([0, 1, 2].map((l) => `$.runs[0].results[0].locations[${l}].physicalLocation.region.startLine`));
  });

  it.each([
    ['the rule default level error', 'error from the rule default', 'high'],
    ['no level anywhere (SARIF default warning)', 'no level anywhere', 'medium'],
    ['level note', 'a note', 'low'],
    ['level none', 'level none', 'info'],
    ['a result level over the rule default', 'result level beats the rule default', 'medium'],
    ["the result's security-severity over its level", 'security-severity beats the level', 'critical'],
    ["the rule's security-severity over its default level", 'Cross-site scripting vulnerability due to [user-provided value](1).', 'medium'],
    [
      "the rule's security-severity 9.8",
      'Properties are copied from [source](1) to [destination](2) without guarding against prototype pollution.',
      'critical',
    ],
  ])('takes the severity from %s', async (_what, title, severity) => {
    const findings = [...findingsOf(await parseFile(fixture('kinds-and-levels.sarif'))), ...findingsOf(await parseFile(fixture('codeql-javascript.sarif')))];
    expect(findings.find((f) => f.title === title)?.severity).toBe(severity);
  });

  it.each([
    [
      'fills message strings of the rule with the arguments and collapses whitespace',
      'src/list.c',
      'Variable "ptr" is read before it is written.',
      'Variable "ptr" is\nread before it is written.',
    ],
    ['fills global message strings of the tool', 'src/hash.c', 'Weak hash algorithm MD5 used in digest().', 'Weak hash algorithm MD5 used in digest().'],
  ])('%s', async (_what, file, title, description) => {
    const f = findingsOf(await parseFile(fixture('kinds-and-levels.sarif'))).find((x) => x.file === file);
    expect({ title: f?.title, description: f?.description }).toEqual({ title, description });
  });

  it('shortens a long message to 150 characters at a word boundary, as DefectDojo does', async () => {
    const f = findingsOf(await parseFile(corpus('dependency_check.sarif')))[6]!;
    expect(f.title.length).toBeLessThanOrEqual(150);
    expect(f.title).toMatch(/^CVE-2019-11358 - jQuery before 3\.4\.0, .* because of \[\.\.\.\]$/);
    expect(f.description).toContain('Object.prototype pollution');
  });

  it.each([
    ['CWE tags of the rule', 'js/xss', [], [79, 116]],
    ['a CVE rule id and GHSA/CWE tags', 'CVE-2021-44228', ['CVE-2021-44228', 'GHSA-jfh8-c2jp-5v3q'], [502]],
    ['a CWE relationship with a numeric id', 'EX003', [], [457]],
    ['nothing', 'js/unused-local-variable', [], []],
  ])('reads vulnerability ids and CWEs from %s', async (_what, ruleId, ids, cwes) => {
    const findings = [...findingsOf(await parseFile(fixture('kinds-and-levels.sarif'))), ...findingsOf(await parseFile(fixture('codeql-javascript.sarif')))];
    const f = findings.find((x) => x.ruleId === ruleId);
    expect({ ids: f?.vulnerabilityIds, cwes: f?.cwes }).toEqual({ ids, cwes });
  });

  it('gives a result its rule’s CWEs once each, and adds only what the result itself names', async () => {
    const rule = { id: 'r1', properties: { tags: ['external/cwe/cwe-079', 'CWE-79', 'cwe-0', 'external/cwe/cwe-089'] } };
    const result = (ruleId: string, extra: Record<string, unknown> = {}) => ({
      ruleId,
      ruleIndex: ruleId === 'r1' ? 0 : undefined,
      message: { text: 'm' },
      locations: [{ physicalLocation: { artifactLocation: { uri: `src/${ruleId}-${JSON.stringify(extra).length}.js` }, region: { startLine: 1 } } }],
      ...extra,
    });
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'CodeQL', rules: [rule] } },
          results: [
            result('r1'),
            result('r1', { properties: { tags: ['cwe-22'] } }),
            result('r1', { properties: { cwe: ['CWE-89', 'CWE-502'] } }),
            result('r1', { taxa: [{ id: '352', toolComponent: { name: 'CWE' } }] }),
            result('CVE-2024-12345'),
            result('GHSA-jfh8-c2jp-5v3q'),
            result('r1', { properties: { tags: ['CVE-2023-0001'] } }),
          ],
        },
      ],
    };
    const found = findingsOf(await parseText('cwes.sarif', JSON.stringify(log))).map((f) => ({ ids: f.vulnerabilityIds, cwes: f.cwes }));
    expect(found).toEqual([
      { ids: [], cwes: [79, 89] },
      { ids: [], cwes: [79, 89, 22] },
      { ids: [], cwes: [79, 89, 502] },
      { ids: [], cwes: [79, 89, 352] },
      { ids: ['CVE-2024-12345'], cwes: [] },
      { ids: ['GHSA-jfh8-c2jp-5v3q'], cwes: [] },
      { ids: ['CVE-2023-0001'], cwes: [79, 89] },
    ]);
  });

  it('keeps every CWE of a rule in order (flawfinder: CWE-120 then CWE-20)', async () => {
    expect(findingsOf(await parseFile(corpus('flawfinder.sarif')))[52]?.cwes).toEqual([120, 20]);
  });

  it.each([
    ['a Windows file URI', 10, 'C:/work/app/Main.java'],
    ['a file URI with %-escapes', 11, '/home/ci/my app/main.c'],
    ['a relative URI', 12, 'src/main.c'],
  ])('turns %s into a path', async (_what, line, file) => {
    const f = findingsOf(await parseFile(fixture('kinds-and-levels.sarif'))).find((x) => x.line === line);
    expect(f?.file).toBe(file);
  });

  it('resolves an artifact location given only by index', async () => {
    expect(findingsOf(await parseFile(fixture('codeql-javascript.sarif')))[1]).toMatchObject({ file: 'src/views/search.js', line: 88 });
  });

  it('keeps suppressed results as false positives unless the suppression was rejected', async () => {
    expect(findingsOf(await parseFile(fixture('codeql-javascript.sarif'))).map((f) => f.falsePositive)).toEqual([false, false, false, true, false]);
    // suppression_test.sarif: three suppressed results, one without and one with an empty list.
    expect(findingsOf(await parseFile(corpus('suppression_test.sarif'))).map((f) => f.falsePositive)).toEqual([true, true, true, false, false]);
  });

  it('carries the run tool and category on every finding, with the fixed defaults', async () => {
    for (const f of findingsOf(await parseFile(fixture('codeql-javascript.sarif')))) {
      expect(f).toMatchObject({
        tool: 'CodeQL',
        category: 'sast',
        component: { name: null, version: null },
        fixVersion: null,
        fixAvailableAt: null,
        exploitAvailable: false,
        occurrences: 1,
      });
    }
  });
});

describe('scan headers', () => {
  it('yields a header per run with tool, category, latest invocation time and repository', async () => {
    expect(headersOf(await parseFile(fixture('codeql-javascript.sarif')))).toEqual([
      {
        kind: 'scan',
        tool: 'CodeQL',
        category: 'sast',
        scannedAt: parseTimestamp('2024-03-04T10:12:30.500Z'),
        scannedAtPlace: { jsonPath: '$.runs[0].invocations[0].endTimeUtc' },
        target: { repos: ['https://github.com/acme/web-shop'] },
        covers: [{ tool: 'CodeQL', category: 'sast' }],
      },
    ]);
    expect(headersOf(await parseFile(fixture('kinds-and-levels.sarif')))[0]?.scannedAt).toBe(parseTimestamp('2024-05-01T09:30:00Z'));
  });

  it('yields a header for each empty run so that it still counts as a snapshot, and none without runs', async () => {
    const items = await parseFile(corpus('appendix_k1_double.sarif'));
    expect(items).toEqual([
      { kind: 'scan', tool: 'CodeScanner', category: 'sast', scannedAt: null, target: {}, covers: [{ tool: 'CodeScanner', category: 'sast' }] },
      { kind: 'scan', tool: 'OtherScanner', category: 'sast', scannedAt: null, target: {}, covers: [{ tool: 'OtherScanner', category: 'sast' }] },
    ]);
    expect(await parseFile(corpus('no_runs.sarif'))).toEqual([]);
  });

  it.each([
    ['gitleaks', 'secrets'],
    ['TruffleHog', 'secrets'],
    ['detect-secrets', 'secrets'],
    ['Checkov', 'iac'],
    ['tfsec', 'iac'],
    ['KICS', 'iac'],
    ['hadolint', 'iac'],
    ['Trivy', 'sca'],
    ['Grype', 'sca'],
    ['Snyk Open Source', 'sca'],
    ['OSV-Scanner', 'sca'],
    ['dependency-check', 'sca'],
    ['npm audit', 'sca'],
    ['OWASP ZAP', 'dast'],
    ['Nuclei', 'dast'],
    ['CodeQL', 'sast'],
    ['semgrep', 'sast'],
    ['Flawfinder', 'sast'],
  ])('files a run of %s under %s', async (tool, category) => {
    const items = await parseText('tools.sarif', sarifOfTools([tool]));
    expect(headersOf(items)[0]).toMatchObject({ tool, category });
    expect(findingsOf(items)[0]).toMatchObject({ tool, category });
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.sarif', /line 35, column 46\b/],
    ['runs that is not an array', 'invalid/runs-not-array.sarif', /at \$\.runs\b/],
    ['a result that is not an object', 'invalid/result-not-object.sarif', /at \$\.runs\[0\]\.results\[2\]/],
    ['a version other than 2.1.0', 'invalid/version-2.0.0.sarif', /at \$\.version\b/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('SARIF');
    expect((error as InputError).message).toMatch(place);
  });
  it('rejects an invocation time that is not a timestamp at its JSON path, rather than scanning at "now"', async () => {
    const log = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'Semgrep' } }, invocations: [{ startTimeUtc: '2026-09-01T00:00:00Z', endTimeUtc: 'yesterday' }], results: [] }],
    };
    await expect(parseText('when.sarif', JSON.stringify(log))).rejects.toThrow(
      /when\.sarif: invalid SARIF 2\.1\.0 input \(at \$\.runs\[0\]\.invocations\[0\]\.endTimeUtc\): expected an ISO 8601 timestamp, got "yesterday"/,
    );
  });
});

describe('secrets', () => {
  const GITLEAKS_8 = ['q7Rt2vXw9ZpL4mNc8KjH3sDf6GyB1uEo', 'https://hooks.slack.com/services/TEXAMPLE/BEXAMPLE/notARealWebhookTokenXyz'];
  const GITLEAKS_7 = ['AKIAIOSFODNN7EXAMPLE', '"raw_source_code_extract": "AKIAIOSFODNN7EXAMPLE"'];

  it.each([
    ['gitleaks 8 (the snippet is the secret)', fixture('gitleaks-8.sarif'), GITLEAKS_8, 2],
    ['gitleaks 7.5 (offender property, snippet is the line)', corpus('gitleaks_7.5.0.sarif'), GITLEAKS_7, 8],
  ])('never yields the secret of %s, only its keyed hash', async (_what, path, secrets, count) => {
    const items = await parseFile(path);
    const serialized = JSON.stringify(items);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    const findings = findingsOf(items);
    expect(findings).toHaveLength(count);
    for (const f of findings) {
      expect(f.category).toBe('secrets');
      expect(f.secret?.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('redacts a secret that the message repeats', async () => {
    const text = readFileSync(fixture('gitleaks-8.sarif'), 'utf8').replace(
      'generic-api-key has detected secret for file config/settings.py',
      `generic-api-key found ${GITLEAKS_8[0]} in config/settings.py`,
    );
    const items = await parseText('echo.sarif', text);
    expect(JSON.stringify(items)).not.toContain(GITLEAKS_8[0]);
    expect(findingsOf(items)[0]?.title).toBe('generic-api-key found [redacted] in config/settings.py at commit 5d7e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e.');
  });

  it('fingerprints a secret by its keyed hash: another value at the same place is another finding', async () => {
    const original = readFileSync(fixture('gitleaks-8.sarif'), 'utf8');
    const [a, b] = await Promise.all([
      parseText('a.sarif', original),
      parseText('b.sarif', original.replace(GITLEAKS_8[0]!, 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp')),
    ]);
    const [fa, fb] = [findingsOf(a), findingsOf(b)];
    expect(fb[0]?.fingerprint).not.toBe(fa[0]?.fingerprint);
    expect(fb[1]?.fingerprint).toBe(fa[1]?.fingerprint);
    expect(fb[0]?.secret?.hash).not.toBe(fa[0]?.secret?.hash);
  });
});

describe('fingerprints', () => {
  /**
   * Files whose findings share fingerprints, with the number of distinct ones. Everything
   * else must have one fingerprint per finding.
   */
  const SHARED: Readonly<Record<string, { distinct: number; why: string }>> = {
    'bash-report.sarif': {
      distinct: 12,
      why: 'the file repeats 3 results 6 times, identical in every field; DefectDojo also gives 27 identical-looking findings',
    },
    'bash-report-subset-same-hash-code-same-unique-id.sarif': {
      distinct: 2,
      why: 'fabricated by DefectDojo: 3 identical results (same rule, file, line, hashes)',
    },
    'gitleaks_7.5.0.sarif': {
      distinct: 4,
      why: 'the same secret at the same file and line in two commits is one exposure; DefectDojo keeps one finding per commit',
    },
  };
  const files = [
    ...readdirSync(CORPUS).map(corpus),
    ...readdirSync(FIXTURES)
      .filter((n) => n.endsWith('.sarif'))
      .map(fixture),
  ];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(SHARED[name]?.distinct ?? first.length);
  });

  it('keeps apart two lines that share one tool hash (flawfinder context hashes)', async () => {
    const findings = findingsOf(await parseFile(corpus('flawfinder.sarif')));
    expect(findings[0]?.file).toBe(findings[1]?.file);
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it("does not move when the code around a result shifts lines (CodeQL's line hash)", async () => {
    const original = readFileSync(fixture('codeql-javascript.sarif'), 'utf8');
    const shifted = original.replace('"startLine": 42', '"startLine": 50');
    const [a, b] = await Promise.all([parseText('a.sarif', original), parseText('b.sarif', shifted)]);
    expect(findingsOf(b)[0]?.line).toBe(50);
    expect(findingsOf(b)[0]?.fingerprint).toBe(findingsOf(a)[0]?.fingerprint);
  });

  it("gives a subset scan's findings the same fingerprints as the full scan's", async () => {
    const full = new Set(findingsOf(await parseFile(corpus('bash-report-fabricated-no-internal-dupes.sarif'))).map((f) => f.fingerprint));
    const subset = findingsOf(await parseFile(corpus('bash-report-fabricated-no-internal-dupes-subset.sarif'))).map((f) => f.fingerprint);
    expect(subset).toHaveLength(4);
    for (const fp of subset) expect(full.has(fp)).toBe(true);
  });
});
