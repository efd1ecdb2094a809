import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, SkipItem } from '../types.js';
import { gosecImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => join(HERE, 'fixtures', name);
const corpus = (name: string): string => join(HERE, '..', 'fixtures', 'corpus', 'scans', 'gosec', name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of gosecImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    { what: 'gosec 2 with its Golang errors', head: '{\n\t"Golang errors": {},\n\t"Issues": [', score: 95 },
    {
      what: 'an empty gosec 2 report',
      head: '{"Golang errors": {}, "Issues": [], "Stats": {"files": 3, "lines": 90, "nosec": 0, "found": 0}, "GosecVersion": "2.21.4"}',
      score: 95,
    },
    { what: 'an old report without Golang errors', head: '{"Issues": [{"severity": "LOW", "rule_id": "G104", "details": "Errors unhandled."', score: 95 },
    { what: 'an old empty report', head: '{"Issues": [], "Stats": {"files": 3, "lines": 90, "nosec": 0, "found": 0}}', score: 90 },
    { what: 'another tool with Issues', head: '{"Issues": [{"id": 4, "title": "x"}]}', score: 0 },
    { what: 'a Trivy report', head: '{"SchemaVersion": 2, "ArtifactName": "alpine:3.19", "Results": []}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(gosecImporter.detect({ path: 'report.json', head })).toBe(score);
  });
});

describe('issues', () => {
  it('maps an issue as DefectDojo titles it, with its rule, CWE, file and line', async () => {
    expect(findingsOf(await parseFile(corpus('many_vulns.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'low',
      title: 'Errors unhandled. - rule G104',
      ruleId: 'G104',
      vulnerabilityIds: [],
      cwes: [252],
      file: '/vagrant/go/src/govwa/app.go',
      line: 79,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: 'Errors unhandled.\n\nConfidence: HIGH\n\n```\ns.ListenAndServe()\n```',
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it.each([
    ['a single line', '79', 79],
    ['the start of a range', '36-39', 36],
    ['a number', 12, 12],
    ['nothing for text that is not a line', 'n/a', null],
  ])('reads %s as the line', async (_what, line, expected) => {
    const report = { Issues: [{ severity: 'LOW', rule_id: 'G104', details: 'Errors unhandled.', file: 'main.go', line }] };
    expect(findingsOf(await parseText('gosec.json', JSON.stringify(report)))[0]?.line).toBe(expected);
  });

  it.each([
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
  ])("maps gosec's %s to its severity", async (word, severity) => {
    const report = { Issues: [{ severity: word, rule_id: 'G104', details: 'Errors unhandled.', file: 'main.go', line: '3' }] };
    expect(findingsOf(await parseText('gosec.json', JSON.stringify(report)))[0]?.severity).toBe(severity);
  });

  it('merges issues on title, file and line as DefectDojo does, counting them', async () => {
    const findings = findingsOf(await parseFile(fixture('gosec-2-fabricated.json')));
    expect(findings.map((f) => [f.ruleId, f.line, f.occurrences])).toEqual([
      ['G101', 12, 1],
      ['G201', 42, 2],
      ['G402', 19, 1],
      ['G104', 28, 1],
    ]);
  });

  it('marks an issue suppressed with #nosec as a false positive, with the justification', async () => {
    const g402 = findingsOf(await parseFile(fixture('gosec-2-fabricated.json'))).find((f) => f.ruleId === 'G402');
    expect(g402?.falsePositive).toBe(true);
    expect(g402?.description).toContain('Suppressed (inSource: test double only)');
  });

  it('skips issues without a rule or a known severity, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('gosec-2-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'issue G304 has no severity', place: { jsonPath: '$.Issues[5]' } },
      { kind: 'skip', reason: 'issue G404 has an unknown severity "SEVERE"', place: { jsonPath: '$.Issues[6]' } },
      { kind: 'skip', reason: 'issue without rule_id', place: { jsonPath: '$.Issues[7]' } },
    ]);
  });
});

describe('hard-coded credentials (G101)', () => {
  const CREDENTIAL = 'lgr_Tq4Wm8Zr2Xv6Nb0Hc3Jd7Kf1';

  it('keeps only the keyed hash of the flagged line, never its code', async () => {
    const items = await parseFile(fixture('gosec-2-fabricated.json'));
    expect(JSON.stringify(items)).not.toContain(CREDENTIAL);
    const g101 = findingsOf(items)[0];
    expect(g101).toMatchObject({ ruleId: 'G101', cwes: [798], secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'led…(47 chars)' } });
    expect(g101?.description).toBe('Potential hardcoded credentials\n\nConfidence: LOW');
  });
});

describe('scan header', () => {
  it('describes a SAST scan of no named repository, with no scan time (gosec writes none)', async () => {
    const items = await parseFile(corpus('many_vulns.json'));
    expect(items[0]).toEqual({ kind: 'scan', tool: 'gosec', category: 'sast', scannedAt: null, covers: [{ tool: 'gosec', category: 'sast' }] });
    expect(items.filter((i) => i.kind === 'scan')).toHaveLength(1);
  });

  it('reads a report without issues (Issues null) as an empty scan', async () => {
    const items = await parseText('gosec.json', '{"Golang errors": {}, "Issues": null, "GosecVersion": "2.21.4"}');
    expect(items.map((i) => i.kind)).toEqual(['scan']);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['Issues that is not an array', 'invalid/issues-not-array.json', /at \$\.Issues\b/],
    ['an issue that is not an object', 'invalid/issue-not-object.json', /at \$\.Issues\[1\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('gosec');
    expect((error as InputError).message).toMatch(place);
  });

  it('rejects an object without Issues, at $.Issues', async () => {
    await expect(parseText('other.json', '{"Stats": {}}')).rejects.toThrow(/other\.json: invalid gosec JSON input \(at \$\.Issues\)/);
  });
});

describe('fingerprints', () => {
  it.each([
    ['many_vulns.json', corpus('many_vulns.json')],
    ['gosec-2-fabricated.json', fixture('gosec-2-fabricated.json')],
  ])('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('do not move when code above the issue shifts its line', async () => {
    const original = readFileSync(fixture('gosec-2-fabricated.json'), 'utf8');
    const shifted = original
      .replace('"27: \\tdefer db.Close()\\n28: \\tsrv.ListenAndServe()\\n29: }\\n"', '"33: \\tdefer db.Close()\\n34: \\tsrv.ListenAndServe()\\n35: }\\n"')
      .replace('"line": "28"', '"line": "34"');
    const [a, b] = await Promise.all([parseText('a.json', original), parseText('b.json', shifted)]);
    const [before, after] = [findingsOf(a).find((f) => f.ruleId === 'G104'), findingsOf(b).find((f) => f.ruleId === 'G104')];
    expect(after?.line).toBe(34);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });
});
