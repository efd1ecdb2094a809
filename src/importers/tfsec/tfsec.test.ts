import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, ScanHeader, SkipItem } from '../types.js';
import { tfsecImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'tfsec');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of tfsecImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    {
      what: 'a current report',
      head: '{\n\t"results": [\n\t\t{\n\t\t\t"rule_id": "aws-vpc-no-excessive-port-access",\n\t\t\t"rule_description": "An ingress',
      score: 90,
    },
    { what: 'a report of tfsec 0.x', head: '{"results": [{"rule_id": "GEN003", "rule_provider": "general"}]}', score: 90 },
    { what: 'tfsec keys without a results list', head: '{"rule_provider": "aws", "rule_description": "x", "findings": []}', score: 70 },
    { what: "tfsec's report of no findings", head: '{\n\t"results": null\n}', score: 30 },
    { what: 'a gosec report (rule_id without rule_provider)', head: '{"Issues": [{"rule_id": "G101", "severity": "HIGH"}], "Stats": {}}', score: 0 },
    { what: 'a Semgrep report', head: '{"results": [], "errors": []}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(tfsecImporter.detect({ path: 'tfsec.json', head })).toBe(score);
  });

  it('recognises every tfsec sample of the corpus', async () => {
    for (const name of readdirSync(CORPUS)) expect(tfsecImporter.detect(await fileSource(corpus(name))), name).toBe(name === 'no_findings.json' ? 30 : 90);
  });
});

describe('results', () => {
  it('maps a result as DefectDojo does: rule description as title, rule id, file and start line', async () => {
    expect(findingsOf(await parseFile(corpus('many_findings_current.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'critical',
      title: 'An ingress Network ACL rule allows ALL ports.',
      ruleId: 'aws-vpc-no-excessive-port-access',
      vulnerabilityIds: [],
      cwes: [],
      file: '/tmp/aws-eks/modules/vpc-subnets/resources.tf',
      line: 155,
      component: { name: 'module.SUBNETS:aws_network_acl_rule.public_inbound[0]', version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('Resolution: Set specific allowed ports'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('merges the results of one rule at one place, as DefectDojo does (19 results, 13 findings)', async () => {
    const findings = findingsOf(await parseFile(corpus('many_findings_current.json')));
    expect(findings).toHaveLength(13);
    const egress = findings.find((f) => f.ruleId === 'aws-vpc-no-public-egress-sgr')!;
    expect(egress).toMatchObject({ file: '/tmp/aws-eks/modules/security-group/main.tf', line: 72, occurrences: 6 });
    // One module file used by six modules: each merged record names its resource, the description keeps them all.
    expect(egress.description?.match(/Resource '[^']+'/g)).toHaveLength(6);
  });

  it.each([
    ['CRITICAL', 'many_findings_current.json', 0, 'critical'],
    ['HIGH', 'many_findings_current.json', 2, 'high'],
    ['MEDIUM', 'many_findings_current.json', 10, 'medium'],
    ['LOW', 'many_findings_current.json', 9, 'low'],
    ['WARNING of tfsec 0.x', 'one_finding_legacy.json', 0, 'medium'],
  ])('maps the severity %s', async (_word, name, index, severity) => {
    expect(findingsOf(await parseFile(corpus(name)))[index]?.severity).toBe(severity);
  });

  it('reads the resource from the description where tfsec 0.x gives no resource field', async () => {
    expect(findingsOf(await parseFile(corpus('one_finding_legacy.json')))[0]?.component.name).toBeNull();
    expect(findingsOf(await parseFile(fixture('statuses-fabricated.json')))[0]?.component.name).toBe('aws_s3_bucket.reports');
  });

  it('ignores passed results, and keeps ignored ones as false positives', async () => {
    const findings = findingsOf(await parseFile(fixture('statuses-fabricated.json')));
    expect(findings.map((f) => [f.ruleId, f.falsePositive])).toEqual([
      ['AVD-AWS-0089', false],
      ['AVD-AWS-0090', true],
    ]);
  });

  it('skips results with an unknown severity or no location, naming where they are', async () => {
    expect(skipsOf(await parseFile(fixture('statuses-fabricated.json')))).toEqual([
      { kind: 'skip', reason: 'result AVD-AWS-0107 has an unknown severity "EXTREME"', place: { jsonPath: '$.results[3]' } },
      { kind: 'skip', reason: 'result AVD-AWS-0104 has no location', place: { jsonPath: '$.results[4]' } },
    ]);
  });
});

describe('scan header', () => {
  it.each(['many_findings_current.json', 'no_findings.json'])('covers the IaC stream of tfsec in %s, without a scan time', async (name) => {
    const items = await parseFile(corpus(name));
    expect(items[0]).toEqual({ kind: 'scan', tool: 'tfsec', category: 'iac', scannedAt: null, covers: [{ tool: 'tfsec', category: 'iac' }] });
    expect(headersOf(items)).toHaveLength(1);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['a report without results, as DefectDojo rejects it', 'invalid/results-missing.json', /at \$\.results\b/],
    ['a location that is not an object', 'invalid/location-not-object.json', /at \$\.results\[0\]\.location\b/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('tfsec');
    expect((error as InputError).message).toMatch(place);
  });
});

describe('fingerprints', () => {
  const files = [...readdirSync(CORPUS).map(corpus), fixture('statuses-fabricated.json')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('do not depend on the order in which tfsec lists the modules that share a failing line', async () => {
    const report = JSON.parse(readFileSync(corpus('many_findings_current.json'), 'utf8')) as { results: unknown[] };
    const reversed = JSON.stringify({ results: [...report.results].reverse() });
    const [before, after] = await Promise.all([parseFile(corpus('many_findings_current.json')), parseText('reversed.json', reversed)]);
    const egress = (items: ParseItem[]): string | undefined => findingsOf(items).find((f) => f.ruleId === 'aws-vpc-no-public-egress-sgr')?.fingerprint;
    expect(egress(after)).toBe(egress(before));
  });

  it('do not move when the resource moves to other lines', async () => {
    const original = readFileSync(fixture('statuses-fabricated.json'), 'utf8');
    const moved = original.replace('"start_line": 1, "end_line": 12', '"start_line": 30, "end_line": 41');
    const [before, after] = await Promise.all([parseText('a.json', original), parseText('b.json', moved)]);
    expect(findingsOf(after)[0]?.line).toBe(30);
    expect(findingsOf(after)[0]?.fingerprint).toBe(findingsOf(before)[0]?.fingerprint);
  });
});
