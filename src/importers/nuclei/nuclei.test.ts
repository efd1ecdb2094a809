import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { parseTimestamp } from '../../domain/time.js';
import { parseContext } from '../redact.js';
import { bufferSource, fileSource } from '../source.js';
import type { ImportSource, ParseItem, ScanHeader, SkipItem } from '../types.js';
import { nucleiImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'nuclei');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of nucleiImporter.parse(source, parseContext('test-key'))) items.push(item);
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
      what: 'JSON lines of Nuclei 2',
      path: 'out.jsonl',
      head: '{"template-id":"CVE-2018-15473","info":{"name":"OpenSSH Username Enumeration v7.7"',
      score: 90,
    },
    {
      what: 'JSON lines of Nuclei 1 (templateID)',
      path: 'out.json',
      head: '{"templateID":"openssh5.3-detect","info":{"name":"OpenSSH 5.3 Detection"',
      score: 90,
    },
    {
      what: 'a JSON array export',
      path: 'out.json',
      head: '[\n  {\n    "template": "http/cves/multi-cwe.yaml",\n    "template-id": "multi-cwe-template",\n    "info": {',
      score: 90,
    },
    { what: 'an empty file named after Nuclei', path: 'scans/nuclei-2024-05-21.jsonl', head: '', score: 40 },
    { what: 'an empty file of another name', path: 'results.jsonl', head: '', score: 0 },
    { what: 'TruffleHog JSON lines', path: 'out.jsonl', head: '{"SourceMetadata":{"Data":{"Git":{}}},"DetectorName":"AWS","Raw":"AKIA"}', score: 0 },
  ])('scores $what as $score', ({ path, head, score }) => {
    expect(nucleiImporter.detect({ path, head })).toBe(score);
  });

  it('recognises every Nuclei sample of the corpus, the empty ones by their folder name', async () => {
    for (const name of readdirSync(CORPUS)) expect(nucleiImporter.detect(await fileSource(corpus(name))), name).toBeGreaterThanOrEqual(40);
  });
});

describe('results', () => {
  it('maps a result as DefectDojo does: template name as title, template id, CVE and CWE', async () => {
    expect(findingsOf(await parseFile(corpus('many_findings_new.json')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'OpenSSH Username Enumeration v7.7',
      ruleId: 'CVE-2018-15473',
      vulnerabilityIds: ['CVE-2018-15473'],
      cwes: [362],
      file: 'nuclei-example.com:22',
      line: null,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('OpenSSH through 7.7 is prone to a user enumeration vulnerability'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 1,
    });
  });

  it('merges the results of one template and matcher on one host, as DefectDojo does (18 results, 16 findings)', async () => {
    const findings = findingsOf(await parseFile(corpus('many_findings.json')));
    expect(findings).toHaveLength(16);
    // bootstrap was detected on 127.0.0.1:8080 and 127.0.0.1:9090: one host.
    expect(findings[4]).toMatchObject({
      ruleId: 'tech-detect',
      component: { name: 'bootstrap', version: null },
      occurrences: 2,
      file: 'http://127.0.0.1:8080/WebGoat',
    });
    expect(findings[4]?.description).toContain('Endpoints:\nhttp://127.0.0.1:8080/WebGoat\nhttp://127.0.0.1:9090/WebWolf');
  });

  it('keeps the matchers of one template apart, with the matcher as component like DefectDojo', async () => {
    expect(findingsOf(await parseFile(corpus('multiple_matches.json'))).map((f) => [f.ruleId, f.component.name])).toEqual([
      ['tech-detect', 'genexus'],
      ['tech-detect', 'recaptcha'],
    ]);
  });

  it('reads a result that names no matched URL from its url or host (issue 14071)', async () => {
    const findings = findingsOf(await parseFile(corpus('issue_14071.json')));
    expect(findings).toHaveLength(27);
    expect(findings.find((f) => f.ruleId === 'cookies-without-httponly')?.file).toBe('http://dvwa_dvwa_1/');
    expect(findings.find((f) => f.ruleId === 'nameserver-fingerprint')?.file).toBeNull();
  });

  it('keeps every CWE of the classification, in order', async () => {
    expect(findingsOf(await parseFile(corpus('multi_cwe_fabricated.json')))[0]?.cwes).toEqual([79, 89]);
  });

  it.each([
    ['low', corpus('many_findings.json'), 0, 'low'],
    ['info', corpus('many_findings.json'), 1, 'info'],
    ['medium', corpus('many_findings.json'), 2, 'medium'],
    ['high', corpus('multi_cwe_fabricated.json'), 0, 'high'],
    ['critical', fixture('results-fabricated.jsonl'), 2, 'critical'],
  ])('maps the severity %s', async (_word, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('marks a template tagged kev (known exploited) as having an exploit', async () => {
    expect(findingsOf(await parseFile(fixture('results-fabricated.jsonl'))).map((f) => [f.ruleId, f.exploitAvailable])).toEqual([
      ['stripe-secret-key', false],
      ['grafana-default-login', false],
      ['CVE-2021-44228', true],
    ]);
  });

  it('skips results that did not match, have an unknown severity or no info, naming their line', async () => {
    expect(skipsOf(await parseFile(fixture('results-fabricated.jsonl')))).toEqual([
      { kind: 'skip', reason: 'template http-missing-security-headers did not match (matcher-status false)', place: { line: 5 } },
      { kind: 'skip', reason: 'template tech-detect has an unknown severity "severe"', place: { line: 6, jsonPath: '$.info' } },
      { kind: 'skip', reason: 'result of waf-detect without info', place: { line: 7 } },
    ]);
  });

  it('reads one result pretty-printed over several lines', async () => {
    expect(findingsOf(await parseFile(fixture('pretty-object-fabricated.json'))).map((f) => [f.ruleId, f.file])).toEqual([['caa-fingerprint', 'acme.example']]);
  });

  it.each(['empty.jsonl', 'no_findings.json'])('reads the empty file %s as a scan that found nothing', async (name) => {
    const items = await parseFile(corpus(name));
    expect(findingsOf(items)).toEqual([]);
    expect(headersOf(items)).toHaveLength(1);
  });
});

describe('secrets and credentials', () => {
  it('keeps only the keyed hash of a token a token template extracted', async () => {
    const [stripe] = findingsOf(await parseFile(fixture('results-fabricated.jsonl')));
    expect(stripe?.secret).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: 'sk_…(45 chars)' });
    expect(stripe?.description).not.toContain('Results:');
  });

  it('never yields credentials from the URL, the query string, the request, the curl command or meta', async () => {
    const serialized = JSON.stringify(await parseFile(fixture('results-fabricated.jsonl')));
    for (const secret of [
      'sk_live_51HqZkEXAMPLEdD9wQ0cZ4Xf8Lr2Vt7Nb3Mp6',
      'Hunter2pass',
      'f00dfacecafe1234',
      'eyJhbGciOiJIUzI1NiJ9',
      'Gr4f4n4-Adm1n-2024',
      'jndi:ldap',
    ]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('keeps the extracted results of other templates in the description, without credentials in URLs', async () => {
    expect(findingsOf(await parseFile(corpus('many_findings_new.json')))[0]?.description).toContain('Results:\nSSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7');
    const gitConfig = JSON.stringify({
      'template-id': 'git-config',
      info: { name: 'Git Configuration - Detect', severity: 'medium' },
      type: 'http',
      host: 'https://a.example',
      'matched-at': 'https://a.example/.git/config',
      'extracted-results': ['https://ci-bot:ghp_R3m0teT0kenExample@github.com/acme/app.git'],
    });
    const [finding] = findingsOf(await parseText('git.jsonl', gitConfig));
    expect(finding?.description).toContain('Results:\nhttps://github.com/acme/app.git');
    expect(JSON.stringify(finding)).not.toContain('ghp_R3m0teT0kenExample');
  });
});

describe('scan header', () => {
  it.each([
    [
      'JSON lines',
      corpus('many_findings.json'),
      { scannedAt: parseTimestamp('2021-05-20T11:11:01.667748+03:00'), scannedAtPlace: { line: 1, jsonPath: '$.timestamp' } },
    ],
    [
      'nanosecond timestamps',
      corpus('issue_14071.json'),
      { scannedAt: parseTimestamp('2026-01-12T13:46:54.716Z'), scannedAtPlace: { line: 1, jsonPath: '$.timestamp' } },
    ],
    [
      'a JSON array',
      corpus('multi_cwe_fabricated.json'),
      { scannedAt: parseTimestamp('2023-11-06T14:48:31.591398+01:00'), scannedAtPlace: { jsonPath: '$[0].timestamp' } },
    ],
    ['an empty file', corpus('empty.jsonl'), { scannedAt: null }],
  ])('takes the time of the first result of %s as the scan time', async (_what, path, time) => {
    expect((await parseFile(path))[0]).toEqual({ kind: 'scan', tool: 'nuclei', category: 'dast', ...time, covers: [{ tool: 'nuclei', category: 'dast' }] });
  });
});

describe('invalid input', () => {
  it.each([
    ['a broken second line', 'invalid/broken-second-line.jsonl', /\(line 2, column \d+\): not valid JSON/],
    ['a severity that is not a string', 'invalid/severity-not-string.json', /at \$\[1\]\.info\.severity\b/],
    ['a line that is not an object', 'invalid/array-in-lines.jsonl', /\(line 2\): expected one JSON object per line/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Nuclei');
    expect((error as InputError).message).toMatch(place);
  });

  it('rejects text that is neither JSON lines nor a JSON array', async () => {
    await expect(parseText('out.txt', '[INF] nuclei-templates are not installed')).rejects.toThrow(
      /out\.txt: invalid Nuclei JSON input \(line 1, column \d+\): not valid JSON/,
    );
    await expect(parseText('out.txt', 'Templates loaded: 0')).rejects.toThrow(
      /out\.txt: invalid Nuclei JSON input \(line 1\): expected JSON lines or a JSON array/,
    );
  });
});

describe('fingerprints', () => {
  const files = [...readdirSync(CORPUS).map(corpus), fixture('results-fabricated.jsonl'), fixture('pretty-object-fabricated.json')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (_name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('follow the template and host, not the path that matched', async () => {
    const original = readFileSync(corpus('many_findings.json'), 'utf8');
    const moved = original.replace('https://nuclei-example.com/phpmyadmin/setup/index.php', 'https://nuclei-example.com/pma/setup/index.php');
    const [before, after] = await Promise.all([parseText('a.json', original), parseText('b.json', moved)]);
    expect(findingsOf(after)[2]?.file).toBe('https://nuclei-example.com/pma/setup/index.php');
    expect(findingsOf(after)[2]?.fingerprint).toBe(findingsOf(before)[2]?.fingerprint);
  });
});
