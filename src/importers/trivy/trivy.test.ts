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
import { trivyImporter } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const CORPUS = join(HERE, '..', 'fixtures', 'corpus', 'scans', 'trivy');
const fixture = (name: string): string => join(FIXTURES, name);
const corpus = (name: string): string => join(CORPUS, name);

async function parseItems(source: ImportSource): Promise<ParseItem[]> {
  const items: ParseItem[] = [];
  for await (const item of trivyImporter.parse(source, parseContext('test-key'))) items.push(item);
  return items;
}
const parseFile = async (path: string): Promise<ParseItem[]> => parseItems(await fileSource(path));
const parseText = (name: string, text: string): Promise<ParseItem[]> => parseItems(bufferSource(name, text));
const findingsOf = (items: ParseItem[]): RawFinding[] => items.flatMap((i) => (i.kind === 'finding' ? [i.finding] : []));
const headersOf = (items: ParseItem[]): ScanHeader[] => items.flatMap((i) => (i.kind === 'scan' ? [i] : []));
const skipsOf = (items: ParseItem[]): SkipItem[] => items.flatMap((i) => (i.kind === 'skip' ? [i] : []));
const streams = (...categories: string[]): { tool: string; category: string }[] => categories.map((category) => ({ tool: 'trivy', category }));

describe('detect', () => {
  it.each([
    { what: 'a schema 2 report', head: '{\n  "SchemaVersion": 2,\n  "ArtifactName": "alpine:3.19",', score: 90 },
    { what: 'a schema 2 report without ArtifactName', head: '{"SchemaVersion": 2, "Results": []}', score: 90 },
    { what: 'the legacy list form', head: '[\n  {\n    "Target": "alpine:3.10 (alpine 3.10.2)",\n    "Vulnerabilities": [', score: 90 },
    { what: 'a Kubernetes cluster report', head: '{"ClusterName": "kind-staging", "Resources": [', score: 90 },
    { what: 'another tool with a SchemaVersion', head: '{"SchemaVersion": "1.0", "packages": []}', score: 0 },
    { what: 'a SARIF log', head: '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": []}', score: 0 },
    { what: 'the legacy empty report "null"', head: 'null', score: 0 },
  ])('scores $what as $score', ({ head, score }) => {
    expect(trivyImporter.detect({ path: 'report.json', head })).toBe(score);
  });

  it('recognises every Trivy sample of the corpus but the bare "null" of a legacy empty report', async () => {
    for (const name of readdirSync(CORPUS)) expect(trivyImporter.detect(await fileSource(corpus(name))), name).toBe(name === 'legacy_no_vuln.json' ? 0 : 90);
  });
});

describe('vulnerabilities', () => {
  it('maps a vulnerability as DefectDojo titles it, with package, fix and CWEs', async () => {
    expect(findingsOf(await parseFile(corpus('scheme_2_many_vulns.json')))[1]).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'high',
      title: 'CVE-2020-28196 krb5-libs 1.15.5-r0',
      ruleId: 'CVE-2020-28196',
      vulnerabilityIds: ['CVE-2020-28196'],
      cwes: [674],
      file: 'app/libs/krb5-libs-1.15.5-r0',
      line: null,
      component: { name: 'krb5-libs', version: '1.15.5-r0' },
      fixVersion: '1.15.5-r1',
      fixAvailableAt: null,
      description: expect.stringContaining('krb5: unbounded recursion'),
      falsePositive: false,
      exploitAvailable: false,
      tool: 'trivy',
      category: 'container',
      occurrences: 1,
    });
  });

  it.each([
    ['the package path where Trivy gives one', corpus('scheme_2_many_vulns.json'), 0, 'app/libs/freetype-2.9.1-r2'],
    ['the target otherwise', corpus('issue_9092.json'), 0, 'requirements.txt'],
    ['the image target in a Kubernetes report', corpus('kubernetes.json'), 0, 'gcr.io/google_samples/gb-redis-follower:v2 (debian 10.4)'],
  ])('takes the file from %s', async (_what, path, index, file) => {
    expect(findingsOf(await parseFile(path))[index]?.file).toBe(file);
  });

  it.each([
    ['CRITICAL', 'severity_prio.json', 1, 'critical'],
    ['HIGH', 'cvss_severity_source.json', 1, 'high'],
    ['MEDIUM', 'cvss_severity_source.json', 0, 'medium'],
    ['LOW', 'severity_prio.json', 0, 'low'],
  ])("maps Trivy's %s to its severity", async (_word, name, index, severity) => {
    expect(findingsOf(await parseFile(corpus(name)))[index]?.severity).toBe(severity);
  });

  it('maps UNKNOWN to info and skips a severity word it does not know, naming the record', async () => {
    const items = await parseFile(fixture('repository-secrets-fabricated.json'));
    expect(findingsOf(items).find((f) => f.ruleId === 'GHSA-p6mc-m468-83gw')?.severity).toBe('info');
    expect(skipsOf(items)).toContainEqual({
      kind: 'skip',
      reason: 'vulnerability CVE-2020-28500 has an unknown Severity "SEVERE"',
      place: { jsonPath: '$.Results[0].Vulnerabilities[3]' },
    });
  });

  it('skips a vulnerability without an id, naming where it is', async () => {
    const items = await parseFile(corpus('legacy_trivy_mix.json'));
    expect(skipsOf(items)).toEqual([{ kind: 'skip', reason: 'vulnerability without a VulnerabilityID', place: { jsonPath: '$[0].Vulnerabilities[0]' } }]);
    expect(findingsOf(items)).toHaveLength(6);
  });

  it('marks a vulnerability the vendor says does not affect the package as a false positive', async () => {
    const findings = findingsOf(await parseFile(corpus('all_statuses.json')));
    expect(findings.map((f) => f.falsePositive)).toEqual([false, true, false, false, false, false, false, false]);
  });

  it('keeps every CWE and drops the NVD placeholders', async () => {
    expect(findingsOf(await parseFile(corpus('all_statuses.json')))[3]?.cwes).toEqual([190, 787]);
    expect(findingsOf(await parseFile(fixture('repository-secrets-fabricated.json')))[0]?.cwes).toEqual([94]);
  });
});

describe('misconfigurations, secrets and licenses', () => {
  it('maps a misconfiguration with its id as DefectDojo does, and the line of its cause', async () => {
    const [k8s, fs] = await Promise.all([parseFile(corpus('kubernetes.json')), parseFile(corpus('misconfigurations_and_secrets.json'))]);
    expect(findingsOf(k8s)[10]).toMatchObject({
      title: 'KSV001 - Process can elevate its own privileges',
      ruleId: 'KSV001',
      vulnerabilityIds: ['KSV001'],
      file: 'Deployment/redis-follower',
      line: 132,
      component: { name: null, version: null },
      category: 'iac',
    });
    expect(findingsOf(fs)[2]).toMatchObject({
      title: "DS002 - Image user should not be 'root'",
      severity: 'high',
      file: 'Dockerfile',
      line: null,
      category: 'iac',
    });
  });

  it('skips misconfigurations that did not fail, with the status', async () => {
    const skips = skipsOf(await parseFile(fixture('repository-secrets-fabricated.json')));
    expect(skips).toContainEqual({
      kind: 'skip',
      reason: 'misconfiguration DS026 has status EXCEPTION; only FAIL is a finding',
      place: { jsonPath: '$.Results[1].Misconfigurations[1]' },
    });
    expect(skips).toContainEqual({
      kind: 'skip',
      reason: 'misconfiguration DS002 has status PASS; only FAIL is a finding',
      place: { jsonPath: '$.Results[1].Misconfigurations[2]' },
    });
  });

  it('maps a secret with its rule, file and line', async () => {
    expect(findingsOf(await parseFile(corpus('misconfigurations_and_secrets.json')))[3]).toMatchObject({
      severity: 'critical',
      title: 'Secret detected in Dockerfile - GitHub Personal Access Token',
      ruleId: 'github-pat',
      file: 'Dockerfile',
      line: 24,
      category: 'secrets',
      secret: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('never yields a secret Trivy did not mask, from Match or Code, only its keyed hash', async () => {
    const items = await parseFile(fixture('repository-secrets-fabricated.json'));
    const serialized = JSON.stringify(items);
    for (const secret of ['Wb9Qz7Lm3Nx5Tv1Rk8Jd2Hs6Fp4Gc0YaEuIoExAmPl', 'Hn4Vc8Xb2Mz6Kq0Wl5Rt9Py3Sd7Fg1JeOuIaExAmPl']) expect(serialized).not.toContain(secret);
    const secrets = findingsOf(items).filter((f) => f.category === 'secrets');
    expect(secrets.map((f) => [f.line, f.secret?.preview])).toEqual([
      [4, 'AWS…(64 chars)'],
      [9, 'BAC…(71 chars)'],
    ]);
  });

  it('maps licenses to SCA findings on the package, as DefectDojo counts them', async () => {
    const findings = findingsOf(await parseFile(corpus('license_scheme.json')));
    expect(findings).toHaveLength(19);
    expect(findings[0]).toMatchObject({
      severity: 'high',
      title: 'License GPL-2.0 (restricted) in alpine-baselayout',
      ruleId: 'GPL-2.0',
      file: null,
      component: { name: 'alpine-baselayout', version: null },
      category: 'sca',
    });
    expect(findings[18]).toMatchObject({ severity: 'low', file: '/etc/ssl/misc/tsget.pl', component: { name: null, version: null } });
  });

  it('files each kind of record under its category', async () => {
    expect(findingsOf(await parseFile(corpus('misconfigurations_and_secrets.json'))).map((f) => f.category)).toEqual([
      'sca',
      'sca',
      'iac',
      'secrets',
      'secrets',
    ]);
  });
});

describe('scan header', () => {
  it.each([
    [
      'an image scan',
      corpus('scheme_2_many_vulns.json'),
      { category: 'container', scannedAt: null, target: { images: ['teamdojo:latest'] }, covers: streams('container', 'secrets') },
    ],
    [
      'an image scan without ArtifactName (image from the OS target) and with CreatedAt',
      corpus('all_statuses.json'),
      {
        category: 'container',
        scannedAt: parseTimestamp('2024-01-15T08:58:29.827Z'),
        scannedAtPlace: { jsonPath: '$.CreatedAt' },
        target: { images: ['noppaknopsta/example-app:main-159'] },
        covers: streams('container', 'secrets'),
      },
    ],
    [
      'a repository scan with misconfigurations',
      fixture('repository-secrets-fabricated.json'),
      {
        category: 'sca',
        scannedAt: parseTimestamp('2024-06-03T12:07:21.123Z'),
        scannedAtPlace: { jsonPath: '$.CreatedAt' },
        target: { repos: ['https://github.com/acme/billing-api'] },
        covers: streams('sca', 'secrets', 'iac'),
      },
    ],
    ['a filesystem scan of "."', corpus('misconfigurations_and_secrets.json'), { category: 'sca', scannedAt: null, covers: streams('sca', 'secrets', 'iac') }],
    [
      'an image scan with licenses',
      corpus('license_scheme.json'),
      { category: 'container', scannedAt: null, target: { images: ['alpine:3.11'] }, covers: streams('container', 'secrets', 'sca') },
    ],
    [
      'a legacy list',
      corpus('legacy_many_vulns.json'),
      { category: 'container', scannedAt: null, target: { images: ['debian'] }, covers: streams('container', 'secrets') },
    ],
    ['a legacy empty report', corpus('legacy_no_vuln.json'), { category: 'container', scannedAt: null, covers: streams('container', 'secrets') }],
    ['a Kubernetes report', corpus('kubernetes.json'), { category: 'container', scannedAt: null, covers: streams('container', 'secrets', 'iac') }],
  ])('describes %s', async (_what, path, expected) => {
    const items = await parseFile(path);
    expect(items[0]).toEqual({ kind: 'scan', tool: 'trivy', ...expected });
    expect(headersOf(items)).toHaveLength(1);
  });
});

describe('a `trivy config` scan', () => {
  it('covers only IaC: it must not fix the dependency or secret findings of the same repository', async () => {
    const report = {
      SchemaVersion: 2,
      CreatedAt: '2026-09-01T00:00:00Z',
      ArtifactName: 'https://github.com/acme/infra',
      ArtifactType: 'repository',
      Results: [
        {
          Target: 'main.tf',
          Class: 'config',
          Type: 'terraform',
          Misconfigurations: [
            { ID: 'AVD-AWS-0086', AVDID: 'AVD-AWS-0086', Title: 'S3 public access', Severity: 'HIGH', Status: 'FAIL', CauseMetadata: { StartLine: 3 } },
          ],
        },
      ],
    };
    const items = await parseText('config.json', JSON.stringify(report));
    expect(headersOf(items)[0]?.covers).toEqual(streams('iac'));
    expect(findingsOf(items).map((f) => f.category)).toEqual(['iac']);
  });
});

describe('Kubernetes reports', () => {
  it('maps each resource, with its images as the service hint of its findings', async () => {
    const findings = findingsOf(await parseFile(corpus('kubernetes.json')));
    expect(findings).toHaveLength(20);
    expect(findings[0]?.target).toEqual({ images: ['gcr.io/google_samples/gb-redis-follower:v2'] });
    expect(findings[5]?.target).toEqual({ images: ['docker.io/redis:6.0.5'] });
    expect(findings[10]?.target).toEqual({ images: ['gcr.io/google_samples/gb-redis-follower:v2'] });
  });

  it('reads the newer Resources form and keeps one image in two resources apart', async () => {
    const findings = findingsOf(await parseFile(fixture('k8s-resources-fabricated.json')));
    expect(findings.map((f) => [f.ruleId, f.category, f.target])).toEqual([
      ['CVE-2023-5363', 'container', { images: ['registry.acme.io/payments/ledger:1.4.2'] }],
      ['KSV012', 'iac', { images: ['registry.acme.io/payments/ledger:1.4.2'] }],
      ['CVE-2023-5363', 'container', { images: ['registry.acme.io/payments/ledger:1.4.2'] }],
    ]);
    expect(findings[0]?.fingerprint).not.toBe(findings[2]?.fingerprint);
  });
});

describe('invalid input', () => {
  it.each([
    ['truncated JSON', 'invalid/truncated.json', /line \d+, column \d+/],
    ['Results that is not an array', 'invalid/results-not-array.json', /at \$\.Results\b/],
    ['a vulnerability that is not an object', 'invalid/vulnerability-not-object.json', /at \$\.Results\[0\]\.Vulnerabilities\[1\]/],
  ])('rejects %s naming the file, the format and the place', async (_what, name, place) => {
    const path = fixture(name);
    const error = await parseFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('Trivy');
    expect((error as InputError).message).toMatch(place);
  });

  it.each([
    ['a report', { SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem', CreatedAt: 'garbage', Results: [] }],
    ['a cluster report', { ClusterName: 'prod', CreatedAt: '2026-13-01T00:00:00Z', Resources: [] }],
  ])('rejects the CreatedAt of %s that is not a timestamp at $.CreatedAt, rather than scanning at "now"', async (_what, report) => {
    await expect(parseText('when.json', JSON.stringify(report))).rejects.toThrow(
      /when\.json: invalid Trivy JSON input \(at \$\.CreatedAt\): expected an ISO 8601 timestamp, got "/,
    );
  });

  it('rejects an object that is neither a report nor a cluster report, at $.SchemaVersion', async () => {
    await expect(parseText('other.json', '{"Results": []}')).rejects.toThrow(/other\.json: invalid Trivy JSON input \(at \$\.SchemaVersion\)/);
  });
});

describe('fingerprints', () => {
  /**
   * Files whose findings share fingerprints, with the number of distinct ones. Everything
   * else must have one fingerprint per finding.
   */
  const SHARED: Readonly<Record<string, { distinct: number; why: string }>> = {
    'kubernetes_fabricated_internal_duplicates.json': {
      distinct: 10,
      why: 'fabricated by DefectDojo: the same resource listed twice, so 3 vulnerabilities appear twice identical in every field (DefectDojo also gives 13 findings)',
    },
    'kubernetes_fabricated_internal_duplicates_subset.json': {
      distinct: 3,
      why: 'the same duplication: 2 vulnerabilities appear twice identical in every field',
    },
  };
  const files = [
    ...readdirSync(CORPUS).map(corpus),
    ...readdirSync(FIXTURES)
      .filter((n) => n.endsWith('.json'))
      .map(fixture),
  ];

  it.each(files.map((p) => [p.split('/').pop()!, p]))('are stable across parses and distinct within %s', async (name, path) => {
    const first = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    const second = findingsOf(await parseFile(path)).map((f) => f.fingerprint);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(SHARED[name]?.distinct ?? first.length);
  });

  it('keeps apart one check failing for two containers of one resource', async () => {
    const findings = findingsOf(await parseFile(corpus('kubernetes_fabricated_internal_duplicates.json'))).filter((f) => f.ruleId === 'KSV001');
    expect(findings.map((f) => f.line)).toEqual([132, 132]);
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('keeps one package installed in two versions as two findings', async () => {
    const [a, b] = findingsOf(await parseFile(fixture('repository-secrets-fabricated.json')));
    expect([a?.title, b?.title]).toEqual(['CVE-2021-23337 lodash 4.17.15', 'CVE-2021-23337 lodash 3.10.1']);
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
  });

  it('does not move when the package is upgraded to a version that is still vulnerable', async () => {
    const original = readFileSync(corpus('issue_9092.json'), 'utf8');
    const [before, after] = await Promise.all([parseText('a.json', original), parseText('b.json', original.replaceAll('2022.5.18.1', '2022.6.15'))]);
    expect(findingsOf(after)[0]?.component.version).toBe('2022.6.15');
    expect(findingsOf(after)[0]?.fingerprint).toBe(findingsOf(before)[0]?.fingerprint);
  });

  it("gives a subset scan's findings the same fingerprints as the full scan's", async () => {
    const full = new Set(findingsOf(await parseFile(corpus('kubernetes.json'))).map((f) => f.fingerprint));
    const subset = findingsOf(await parseFile(corpus('kubernetes_fabricated_subset.json'))).map((f) => f.fingerprint);
    expect(subset.length).toBeGreaterThan(0);
    for (const fp of subset) expect(full.has(fp)).toBe(true);
  });
});
