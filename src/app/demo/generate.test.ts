import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { quarterPeriod, type Period } from '../../domain/period.js';
import type { Service } from '../../domain/service.js';
import { DAY_MS, parseTimestamp } from '../../domain/time.js';
import { readCatalog } from '../../importers/catalog/read-catalog.js';
import { demoCatalog } from './company.js';
import { generateDemo, type DemoManifest } from './generate.js';
import { buildScenario, observe, scenarioFacts, type DemoScenario, type ScenarioFacts } from './scenario.js';

const LAST = quarterPeriod(2026, 3);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function hashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir))
    out.set(
      f,
      createHash('sha256')
        .update(await readFile(join(dir, f)))
        .digest('hex'),
    );
  return out;
}

interface Json {
  [key: string]: unknown;
}
const obj = (v: unknown): Json => v as Json;
const arr = (v: unknown): Json[] => v as Json[];

describe('generateDemo', () => {
  const dirs: string[] = [];
  let dir = '';
  let manifest: DemoManifest;
  let files: { path: string; service: string; date: string; kind: string; data: Json }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(await mkdtemp(join(tmpdir(), 'secscore-demo-')));
    dir = dirs[0]!;
    manifest = await generateDemo(dirs[0]!, { last: LAST });
    await generateDemo(dirs[1]!, { last: LAST });
    files = [];
    for (const path of await listFiles(dir)) {
      const m = /^scans\/([^/]+)\/(\d{4}-\d{2}-\d{2})-(code\.sarif|image\.json|deps\.json|iac\.json)$/.exec(path);
      if (!m) continue;
      files.push({ path, service: m[1]!, date: m[2]!, kind: m[3]!, data: JSON.parse(await readFile(join(dir, path), 'utf8')) as Json });
    }
  });

  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes byte-identical files for the same last quarter', async () => {
    const [a, b] = [await hashes(dirs[0]!), await hashes(dirs[1]!)];
    expect(a.size).toBeGreaterThan(500);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, hash] of a) expect(b.get(path), path).toBe(hash);
  });

  it('returns a manifest of the catalog, every scan, record, exception and feed file, and the quarters', async () => {
    const rel = (f: string) => relative(dir, f).split(sep).join('/');
    const onDisk = await listFiles(dir);
    const listed = ['catalog.yaml', ...manifest.scanFiles, ...manifest.serviceScans.flatMap((s) => s.files), ...manifest.inputFiles].map((f) =>
      f === 'catalog.yaml' ? f : rel(f),
    );
    expect([...listed].sort()).toEqual(onDisk);
    expect(manifest.catalogFile).toBe(join(dir, 'catalog.yaml'));
    expect(manifest.scanFiles.map(rel).sort()).toEqual(files.map((f) => f.path));
    expect(manifest.periods.map((p) => p.label)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    expect(manifest.recordPeriods.map((p) => p.label)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    // Every operational record kind of inputs.md §3, exceptions, both feeds, pen tests and ZAP scans.
    const inputs = manifest.inputFiles.map(rel);
    for (const kind of [
      'incidents',
      'pipeline-runs',
      'pull-requests',
      'design-reviews',
      'threat-models',
      'cloud-controls',
      'identity',
      'logging',
      'iam',
      'surveys',
      'costs',
      'team-health',
      'milestones',
      'commits',
    ])
      expect(inputs).toContain(`records/${kind}.csv`);
    expect(inputs).toContain('records/alerts.jsonl');
    expect(inputs.filter((f) => f.startsWith('exceptions/')).length).toBeGreaterThanOrEqual(3);
    expect(inputs).toContain('feeds/known_exploited_vulnerabilities.json');
    expect(inputs.some((f) => /^feeds\/epss_scores-\d{4}-\d{2}-\d{2}\.csv$/.test(f))).toBe(true);
    const serviceFiles = manifest.serviceScans.flatMap((s) => s.files.map(rel));
    expect(serviceFiles.some((f) => /^pentests\/[^/]+\/\d{4}-\d{2}-\d{2}-pentest\.json$/.test(f))).toBe(true);
    expect(serviceFiles.some((f) => /^scans\/[^/]+\/\d{4}-\d{2}-\d{2}-zap\.json$/.test(f))).toBe(true);
  });

  it('stays modest in size: at most about a thousand files and 30 MB', async () => {
    let bytes = 0;
    for (const f of manifest.scanFiles) bytes += (await stat(f)).size;
    expect(manifest.scanFiles.length).toBeLessThanOrEqual(1100);
    expect(bytes).toBeLessThan(30 * 1024 * 1024);
  });

  it('writes a native catalog of 4 product lines, 5 areas and a shared service that the catalog reader accepts', async () => {
    const text = await readFile(manifest.catalogFile, 'utf8');
    const raw = parseYaml(text) as { lines: unknown[]; areas: unknown[]; services: { id: string; owners: string[]; repos: string[] }[] };
    expect(raw.lines).toHaveLength(4);
    expect(raw.areas).toHaveLength(5);
    expect(raw.services.length).toBeGreaterThanOrEqual(16);
    expect(raw.services.length).toBeLessThanOrEqual(20);
    expect(raw.services.filter((s) => s.owners.length > 1).map((s) => s.id)).toEqual(['export-service']);
    const { catalog } = readCatalog([{ path: manifest.catalogFile, text }]);
    const pick = (s: Service) => ({
      id: s.id,
      area: s.area,
      line: s.line,
      tier: s.tier,
      internetExposed: s.internetExposed,
      owners: s.owners,
      repos: s.repos,
      images: s.images,
      cloudAccounts: s.cloudAccounts,
      tags: s.tags,
    });
    expect(catalog.services.map(pick)).toEqual(demoCatalog().services.map(pick));
    expect(new Set(catalog.services.map((s) => s.line)).size).toBe(4);
  });

  it('keeps every scan time strictly inside the four quarters, on the date its file is named after', () => {
    const first = manifest.periods[0]!;
    for (const f of files) {
      const times = f.kind === 'code.sarif' ? arr(f.data['runs']).map((r) => arr(r['invocations'])[0]!['endTimeUtc']) : [f.data['CreatedAt']];
      for (const raw of times) {
        const t = parseTimestamp(raw);
        expect(t, f.path).not.toBeNull();
        expect(t! > first.start && t! < LAST.end, `${f.path}: ${String(raw)}`).toBe(true);
        expect(String(raw).slice(0, 10), f.path).toBe(f.date);
      }
    }
  });

  it('writes SARIF 2.1.0 with a Semgrep run and a gitleaks run, each naming the repository and scan time', () => {
    const sarif = files.filter((f) => f.kind === 'code.sarif');
    expect(sarif.length).toBeGreaterThan(300);
    let twoRuns = 0;
    for (const f of sarif) {
      expect(f.data['version']).toBe('2.1.0');
      const runs = arr(f.data['runs']);
      expect(runs.length === 1 || runs.length === 2, f.path).toBe(true);
      if (runs.length === 2) twoRuns++;
      expect(runs.map((r) => obj(obj(r['tool'])['driver'])['name'])).toEqual(['Semgrep', 'gitleaks'].slice(0, runs.length));
      for (const run of runs) {
        expect(arr(run['versionControlProvenance'])[0]!['repositoryUri']).toBe(`https://github.com/acme/${f.service}`);
        const rules = arr(obj(obj(run['tool'])['driver'])['rules']);
        for (const rule of rules) {
          const score = Number(obj(rule['properties'])['security-severity']);
          expect(score > 0 && score <= 10, String(rule['id'])).toBe(true);
          expect(arr(obj(rule['properties'])['tags']).some((t) => /^(CWE-\d+|external\/cwe\/cwe-\d+)$/.test(String(t)))).toBe(true);
        }
        for (const result of arr(run['results'])) {
          expect(rules.map((r) => r['id'])).toContain(result['ruleId']);
          const location = obj(arr(result['locations'])[0]!['physicalLocation']);
          expect(typeof obj(location['artifactLocation'])['uri']).toBe('string');
          expect(obj(location['region'])['startLine']).toBeTypeOf('number');
          expect(obj(result['partialFingerprints'])['primaryLocationLineHash']).toMatch(/^[0-9a-f]{16}:1$/);
        }
      }
      const gitleaks = runs[1];
      for (const result of gitleaks ? arr(gitleaks['results']) : []) {
        // Fake secrets only, drawn from the seed.
        const secret = String(obj(obj(obj(arr(result['locations'])[0]!['physicalLocation'])['region'])['snippet'])['text']);
        expect(secret).toMatch(/EXAMPLE$/);
      }
    }
    expect(twoRuns / sarif.length).toBeGreaterThan(0.9);
  });

  it('gives a finding the same line hash in every scan that sees it', () => {
    const seen = new Map<string, Set<string>>();
    for (const f of files.filter((x) => x.kind === 'code.sarif')) {
      for (const r of arr(arr(f.data['runs'])[0]!['results'])) {
        const key = `${f.service}|${String(r['ruleId'])}|${JSON.stringify(arr(r['locations'])[0])}`;
        const set = seen.get(key) ?? new Set<string>();
        set.add(String(obj(r['partialFingerprints'])['primaryLocationLineHash']));
        seen.set(key, set);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    for (const [key, set] of seen) expect(set.size, key).toBe(1);
  });

  it('writes Trivy JSON of the kind each file name says', () => {
    const trivy = files.filter((f) => f.kind !== 'code.sarif');
    expect(new Set(trivy.map((f) => f.kind))).toEqual(new Set(['image.json', 'deps.json', 'iac.json']));
    for (const f of trivy) {
      expect(f.data['SchemaVersion'], f.path).toBe(2);
      const results = arr(f.data['Results']);
      if (f.kind === 'image.json') {
        expect(f.data['ArtifactType']).toBe('container_image');
        expect(f.data['ArtifactName']).toMatch(new RegExp(`^registry\\.acme\\.io/${f.service}:\\d+\\.\\d+\\.\\d+$`));
        expect(results.map((r) => r['Class'])).toContain('os-pkgs');
      } else {
        expect(f.data['ArtifactType']).toBe('repository');
        expect(f.data['ArtifactName']).toBe(`https://github.com/acme/${f.service}`);
        expect(obj(f.data['Metadata'])['RepoURL']).toBe(`https://github.com/acme/${f.service}`);
      }
      for (const r of results) {
        if (f.kind === 'iac.json') {
          expect(r['Class']).toBe('config');
          for (const m of arr(r['Misconfigurations'] ?? [])) {
            expect(m['ID']).toMatch(/^AVD-AWS-\d{4}$/);
            expect(m['Status']).toBe('FAIL');
            expect(obj(m['CauseMetadata'])['StartLine']).toBeTypeOf('number');
          }
        } else {
          expect(['os-pkgs', 'lang-pkgs']).toContain(r['Class']);
          for (const v of arr(r['Vulnerabilities'] ?? [])) {
            expect(v['VulnerabilityID']).toMatch(/^CVE-\d{4}-\d{4,}$/);
            expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']).toContain(v['Severity']);
            expect(typeof v['PkgName'] === 'string' && typeof v['InstalledVersion'] === 'string').toBe(true);
            expect(arr(v['CweIDs']).every((c) => /^CWE-\d+$/.test(String(c)))).toBe(true);
          }
        }
      }
    }
  });

  it('stops producing code scans of the long-tail repositories more than 30 days before the end', () => {
    const cutoff = LAST.end - 30 * DAY_MS;
    const lastCode = (service: string): number =>
      Math.max(...files.filter((f) => f.service === service && f.kind === 'code.sarif').map((f) => Date.parse(f.date)));
    expect(lastCode('pdf-renderer')).toBeLessThan(cutoff);
    expect(lastCode('etl-jobs')).toBeLessThan(cutoff);
    expect(files.some((f) => f.service === 'legacy-sso-bridge')).toBe(false);
    expect(lastCode('billing-api')).toBeGreaterThanOrEqual(cutoff);
  });
});

describe('the demo scenario', () => {
  const periodsToCheck: Period[] = [quarterPeriod(2025, 4), quarterPeriod(2026, 1), quarterPeriod(2026, 2), LAST, quarterPeriod(2027, 1)];
  const cases: [string, DemoScenario, ScenarioFacts][] = periodsToCheck.map((p) => {
    const s = buildScenario(p);
    return [p.label, s, scenarioFacts(s)];
  });

  it.each(cases)('ending %s leaves criticals overdue at the end in Core API and Reporting on tier 0/1, none in Frontend', (_label, _s, facts) => {
    const overdue = facts.overdueCriticalsAtEnd.filter((o) => o.tier <= 1);
    expect(overdue.some((o) => o.area === 'Core API services')).toBe(true);
    expect(overdue.some((o) => o.area === 'Reporting services')).toBe(true);
    expect(facts.overdueCriticalsAtEnd.some((o) => o.area === 'Frontend platform')).toBe(false);
  });

  it.each(cases)(
    'ending %s fixes internet-exposed criticals in every quarter, some within a week and some after three weeks or more, missing SLA sometimes',
    (_label, s, facts) => {
      for (const q of facts.quarters) {
        expect(q.company.criticalFixesInternet, q.period.label).toBeGreaterThanOrEqual(5);
        expect(q.company.slaCompliancePct!, q.period.label).toBeGreaterThan(0);
        expect(q.company.slaCompliancePct!, q.period.label).toBeLessThan(90);
      }
      const last = s.periods[3]!;
      const days = observe(s)
        .filter((o) => o.finding.severity === 'critical' && o.service.internetExposed)
        .flatMap((o) =>
          o.intervals.filter((i) => i.fixedAt !== null && i.fixedAt >= last.start && i.fixedAt < last.end).map((i) => (i.fixedAt! - i.openedAt) / DAY_MS),
        );
      expect(days.some((d) => d <= 7)).toBe(true);
      expect(days.some((d) => d >= 21)).toBe(true);
    },
  );

  it.each(cases)('ending %s reopens fixed findings in every quarter, most in Data workers', (_label, _s, facts) => {
    const mean = (area: string) => facts.quarters.reduce((sum, q) => sum + (q.areas[area]!.reopenRatePct ?? 0), 0) / facts.quarters.length;
    for (const q of facts.quarters) {
      expect(q.company.reopenEvents, q.period.label).toBeGreaterThan(0);
      expect(q.company.reopenRatePct!, q.period.label).toBeGreaterThanOrEqual(3);
      expect(q.company.reopenRatePct!, q.period.label).toBeLessThanOrEqual(20);
    }
    const others = ['Core API services', 'Reporting services', 'Frontend platform', 'Platform / CI foundation'].map(mean);
    expect(mean('Data workers')).toBeGreaterThan(Math.max(...others));
  });

  it.each(cases)('ending %s has services without a recent secrets scan, and coverage drops in the last quarter', (_label, _s, facts) => {
    expect(facts.servicesWithoutRecentSecretsScan).toEqual(expect.arrayContaining(['pdf-renderer', 'etl-jobs', 'legacy-sso-bridge']));
    const [first, , , last] = facts.quarters;
    expect(last!.company.coveragePct!).toBeLessThan(first!.company.coveragePct!);
  });

  it.each(cases)('ending %s shows Platform / CI improving: fewer open findings and better SLA compliance', (_label, _s, facts) => {
    const platform = facts.quarters.map((q) => q.areas['Platform / CI foundation']!);
    expect(platform[3]!.openAtEnd).toBeLessThan(platform[0]!.openAtEnd);
    expect(platform[3]!.slaCompliancePct!).toBeGreaterThan(platform[0]!.slaCompliancePct ?? 0);
  });
});
