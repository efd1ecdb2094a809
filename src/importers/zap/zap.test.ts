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
import { zapImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'zap');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of zapImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));

describe('detect', () => {
  it.each([
    { what: 'an XML report', head: '<?xml version="1.0"?><OWASPZAPReport version="2.9.0" generated="Tue, 12 May 2020 20:57:30">', score: 95 },
    { what: 'a JSON report', head: '{\n\t"@programName": "ZAP",\n\t"@version": "2.16.1",', score: 95 },
    {
      what: 'an older JSON report without programName',
      head: '{"@version": "2.10.0", "@generated": "Mon, 1 Mar 2021 10:00:00", "site": [{"@name": "https://a", "alerts": [{"pluginid": "10020"',
      score: 85,
    },
    { what: 'an older JSON report of no alerts', head: '{"@version": "2.10.0", "@generated": "Mon, 1 Mar 2021 10:00:00", "site": []}', score: 80 },
    {
      what: 'a Dependency-Check XML report',
      head: '<?xml version="1.0"?><analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd">',
      score: 0,
    },
    { what: 'a Nuclei result', head: '{"template-id":"tech-detect","info":{"name":"Wappalyzer Technology Detection"},"host":"https://a"}', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(zapImporter.detect({ path: 'report', head })).toBe(score);
  });

  it('recognises every ZAP sample of the corpus with certainty', async () => {
    for (const name of readdirSync(CORPUS)) expect(zapImporter.detect(await fileSource(corpus(name))), name).toBe(95);
  });
});

describe('XML reports', () => {
  it('maps an alert as DefectDojo does: alert as title, plugin id, risk code as severity, CWE', async () => {
    expect(findingsOf(await parseFile(corpus('dvwa_baseline_dojo.xml')))[0]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'medium',
      title: 'X-Frame-Options Header Not Set',
      ruleId: '10020',
      vulnerabilityIds: [],
      cwes: [16],
      file: 'http://172.17.0.2',
      line: null,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: expect.stringContaining('\nGET http://172.17.0.2/ (parameter X-Frame-Options)\n'),
      falsePositive: false,
      exploitAvailable: false,
      occurrences: 11,
    });
  });

  it('counts one finding per site and alert: two alerts of one plugin stay two, as in DefectDojo', async () => {
    const findings = findingsOf(await parseFile(corpus('dvwa_baseline_dojo.xml')));
    expect(findings).toHaveLength(19);
    expect(findings.filter((f) => f.ruleId === '10027').map((f) => f.occurrences)).toEqual([1, 2]);
    expect(findingsOf(await parseFile(corpus('5_zap_sample_one.xml'))).map((f) => f.title)).toEqual([
      'zap1: Cookie Without Secure Flag',
      'zap2: Cookie Without Secure Flag',
    ]);
  });

  it.each([
    ['0 (informational)', corpus('zap_2.16.1_with_req_resp.xml'), 0, 'info'],
    ['1', corpus('dvwa_baseline_dojo.xml'), 18, 'low'],
    ['2', corpus('dvwa_baseline_dojo.xml'), 0, 'medium'],
  ])('maps the risk code %s', async (_code, path, index, severity) => {
    expect(findingsOf(await parseFile(path))[index]?.severity).toBe(severity);
  });

  it('folds the instances into the finding, counting what ZAP counted beyond those it lists', async () => {
    const timestamp = findingsOf(await parseFile(corpus('dvwa_baseline_dojo.xml'))).find((f) => f.ruleId === '10096');
    expect(timestamp?.occurrences).toBe(67);
    expect(timestamp?.description).toContain('Instances (67 in all):\nGET http://172.17.0.2/vulnerabilities/javascript/');
  });

  it('turns the HTML paragraphs of ZAP 2.10+ and character references into plain lines', async () => {
    const [csp] = findingsOf(await parseFile(fixture('two-sites-fabricated.xml')));
    expect(csp?.description).toMatch(/^Content Security Policy \(CSP\) is an added layer of security .* attacks – Cross Site Scripting/);
    expect(csp?.description).toContain('Solution: Ensure that your web server');
    expect(csp?.description).not.toContain('<p>');
  });

  it('never yields request or response headers, bodies, evidence or query strings', async () => {
    const serialized = JSON.stringify(await parseFile(corpus('zap_2.16.1_with_req_resp.xml')));
    for (const text of ['Bearer', 'Set-Cookie', 'accessToken=accessToken', 'user-agent', 'passwordless_code":"string']) expect(serialized).not.toContain(text);
    expect(JSON.stringify(await parseFile(corpus('dvwa_baseline_dojo.xml')))).not.toContain('password=ZAP');
  });

  it('leaves entities that refer to other entities unexpanded', async () => {
    expect(findingsOf(await parseFile(fixture('entity-expansion.xml')))[0]?.title).toBe('Cookie Without Secure Flag &lol3;');
  });
});

describe('JSON reports', () => {
  it('counts the same way: one finding per site and alert', async () => {
    const findings = findingsOf(await parseFile(fixture('zap-2.16-report-fabricated.json')));
    expect(findings.map((f) => [f.file, f.ruleId, f.severity, f.occurrences])).toEqual([
      ['https://shop.acme.example', '10020', 'medium', 2],
      ['https://shop.acme.example', '10024', 'info', 1],
      ['https://shop.acme.example', '10096', 'low', 1],
      ['https://api.acme.example', '10020', 'medium', 1],
    ]);
  });

  it('takes the severity from riskdesc where the risk code is missing, and skips an alert with neither', async () => {
    const items = await parseFile(fixture('zap-2.16-report-fabricated.json'));
    expect(findingsOf(items)[3]?.severity).toBe('medium');
    expect(skipsOf(items)).toEqual([{ kind: 'skip', reason: 'alert 40012 has no known risk (riskcode "9")', place: { jsonPath: '$.site[1].alerts[1]' } }]);
  });

  it('marks an alert of confidence "False Positive" as a false positive, and drops the CWE -1', async () => {
    const timestamp = findingsOf(await parseFile(fixture('zap-2.16-report-fabricated.json')))[2];
    expect(timestamp).toMatchObject({ falsePositive: true, cwes: [] });
  });

  it('shows instance URLs without credentials or query string', async () => {
    const items = await parseFile(fixture('zap-2.16-report-fabricated.json'));
    expect(findingsOf(items)[1]?.description).toContain('GET https://shop.acme.example/account/reset (parameter token)');
    for (const secret of ['Pa55w0rd-Jane', '6f1c0b7e9a2d4c58b3e1', 'jane%40acme']) expect(JSON.stringify(items)).not.toContain(secret);
  });

  it('reads an old report with a single site as an object', async () => {
    const text = JSON.stringify({
      '@version': '2.7.0',
      '@generated': 'Wed, 5 Jun 2019 12:00:00',
      site: { '@name': 'http://a.example', alerts: [{ pluginid: '10021', alert: 'X-Content-Type-Options Header Missing', riskcode: '1' }] },
    });
    expect(findingsOf(await parseText('old.json', text)).map((f) => [f.file, f.title])).toEqual([
      ['http://a.example', 'X-Content-Type-Options Header Missing'],
    ]);
  });
});

describe('scan header', () => {
  it.each([
    ['an XML report', corpus('0_zap_sample.xml'), parseTimestamp('2020-05-12T20:57:30Z'), '$.OWASPZAPReport["@generated"]'],
    ['a JSON report', fixture('zap-2.16-report-fabricated.json'), parseTimestamp('2024-05-21T10:31:12Z'), '$["@generated"]'],
    ['a report with a one-digit day', fixture('two-sites-fabricated.xml'), parseTimestamp('2024-06-03T07:45:09Z'), '$.OWASPZAPReport["@generated"]'],
  ])('takes the generation time of %s, without a zone, as UTC', async (_what, path, scannedAt, jsonPath) => {
    const items = await parseFile(path);
    expect(headersOf(items)).toEqual([
      { kind: 'scan', tool: 'zap', category: 'dast', scannedAt, scannedAtPlace: { jsonPath }, covers: [{ tool: 'zap', category: 'dast' }] },
    ]);
  });
});

describe('invalid input', () => {
  it.each([
    ['XML with mismatched tags', 'invalid/mismatched-tags.xml', /\(line 8, column 4\): not well-formed XML/],
    ['XML with an external entity', 'invalid/external-entity.xml', /\(line 2\): XML refused: External entities are not supported/],
    [
      'an XML element where text belongs',
      'invalid/uri-with-children.xml',
      /at \$\.OWASPZAPReport\.site\[0\]\.alerts\.alertitem\[0\]\.instances\.instance\[0\]\.uri\b/,
    ],
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['JSON alerts that are not a list', 'invalid/alerts-not-list.json', /at \$\.site\[1\]\.alerts\b/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('ZAP');
    expect((error as InputError).message).toMatch(place);
  });

  it('rejects XML of another kind, and element names that could pollute prototypes', async () => {
    await expect(parseText('other.xml', '<analysis><dependencies/></analysis>')).rejects.toThrow(
      /other\.xml: invalid ZAP report input \(at \$\.OWASPZAPReport\)/,
    );
    await expect(parseText('proto.xml', '<OWASPZAPReport><__proto__><x>1</x></__proto__></OWASPZAPReport>')).rejects.toThrow(InputError);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('fingerprints', () => {
  /** Files whose findings share fingerprints, with the number of distinct ones. */
  const SHARED: Readonly<Record<string, { distinct: number; why: string }>> = {
    'dvwa_baseline_dojo_fabricated_internal_duplicates.xml': { distinct: 10, why: 'fabricated by DefectDojo: 3 alerts appear twice, identical' },
    'dvwa_baseline_dojo_fabricated_internal_duplicates_subset.xml': { distinct: 5, why: 'the same duplication: 1 alert appears twice, identical' },
  };
  const files = [...readdirSync(CORPUS).map(corpus), fixture('zap-2.16-report-fabricated.json'), fixture('two-sites-fabricated.xml')];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(findingsOf(await parseFile(path)).map((f) => f.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(SHARED[name]?.distinct ?? first.length);
  });

  it("give a subset scan's findings the same fingerprints as the full scan's", async () => {
    const full = new Set(findingsOf(await parseFile(corpus('dvwa_baseline_dojo.xml'))).map((f) => f.fingerprint));
    const subset = findingsOf(await parseFile(corpus('dvwa_baseline_dojo_subset.xml'))).map((f) => f.fingerprint);
    expect(subset).toHaveLength(10);
    for (const fp of subset) expect(full.has(fp)).toBe(true);
  });

  it('do not move when ZAP finds the alert at other URLs', async () => {
    const original = readFileSync(corpus('0_zap_sample.xml'), 'utf8');
    const [before, after] = await Promise.all([
      parseText('a.xml', original),
      parseText('b.xml', original.replaceAll('https://mainsite.com/dashboard', 'https://mainsite.com/home')),
    ]);
    expect(findingsOf(after).map((f) => f.fingerprint)).toEqual(findingsOf(before).map((f) => f.fingerprint));
  });
});
