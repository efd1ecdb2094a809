import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Period } from '../../domain/period.js';
import { toIso, type Millis } from '../../domain/time.js';
import { catalogYaml } from './company.js';
import { buildOperations, type DemoOperations } from './operations.js';
import { epssCsv, exceptionsYaml, JSONL_KINDS, kevJson, pentestJson, RECORD_COLUMNS, recordsCsv, recordsJsonl, zapJson } from './write-operations.js';
import { buildScenario, presentAt, type DemoScenario, type RunKind, type ServiceScans, type SimFinding } from './scenario.js';
import { sarifLog } from './write-sarif.js';
import { trivyConfigReport, trivyImageReport, trivyRepoReport } from './write-trivy.js';

export interface DemoManifest {
  dir: string;
  catalogFile: string;
  /** Scanner outputs that name their repository or image. */
  scanFiles: string[];
  /** Scanner outputs that name neither (pen-test reports, ZAP scans): imported with `--service`. */
  serviceScans: { service: string; files: string[] }[];
  /** Operational records, exceptions and the exploitability feeds, imported after the scans. */
  inputFiles: string[];
  /** The quarters the scans cover. */
  periods: Period[];
  /** The quarters the operational records cover: one more, the oldest. */
  recordPeriods: Period[];
}

export type DemoFileRole = 'catalog' | 'scan' | 'service-scan' | 'input';

export interface DemoFile {
  /** Path relative to the demo directory, with `/` separators. */
  path: string;
  text: string;
  role: DemoFileRole;
  /** The service of a `service-scan` file. */
  service?: string;
}

export const CATALOG_FILE = 'catalog.yaml';

/**
 * Writes catalog.yaml and scans/<service>/<date>-<tool>.{sarif,json} under dir. Deterministic
 * for a given `last` period: the same `last` gives byte-identical files. Files of an earlier
 * run with another `last` are not removed; give a fresh directory.
 */
export async function generateDemo(dir: string, options: { last: Period }): Promise<DemoManifest> {
  return writeDemo(dir, planDemo(options.last));
}

/** The demo's files for a `last` period, in memory, and the periods they cover. */
export interface DemoPlan {
  files: DemoFile[];
  periods: Period[];
  recordPeriods: Period[];
}

export function planDemo(last: Period): DemoPlan {
  const scenario = buildScenario(last);
  const operations = buildOperations(scenario);
  return { files: [...renderDemo(scenario), ...renderOperations(operations)], periods: scenario.periods, recordPeriods: operations.periods };
}

/** Writes a plan's files under dir (generateDemo). */
export async function writeDemo(dir: string, plan: DemoPlan): Promise<DemoManifest> {
  const { files } = plan;
  const dirs = new Set(files.map((f) => dirname(join(dir, f.path))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.path), f.text);
  const serviceScans = new Map<string, string[]>();
  for (const f of files) if (f.role === 'service-scan') serviceScans.set(f.service!, [...(serviceScans.get(f.service!) ?? []), join(dir, f.path)]);
  return {
    dir,
    catalogFile: join(dir, CATALOG_FILE),
    scanFiles: files.filter((f) => f.role === 'scan').map((f) => join(dir, f.path)),
    serviceScans: [...serviceScans].sort(([a], [b]) => (a < b ? -1 : 1)).map(([service, list]) => ({ service, files: list })),
    inputFiles: files.filter((f) => f.role === 'input').map((f) => join(dir, f.path)),
    periods: plan.periods,
    recordPeriods: plan.recordPeriods,
  };
}

/**
 * The operations' files: records/<kind>.csv (alerts as .jsonl), exceptions/<team>.yaml,
 * feeds/ (KEV JSON, EPSS CSV), pentests/<service>/<date>-pentest.json and
 * scans/<service>/<date>-zap.json.
 */
export function renderOperations(ops: DemoOperations): DemoFile[] {
  const files: DemoFile[] = [];
  for (const [kind, columns] of Object.entries(RECORD_COLUMNS) as [keyof DemoOperations['records'], readonly string[]][]) {
    const rows = ops.records[kind];
    files.push(
      JSONL_KINDS.has(kind)
        ? { path: `records/${kind}.jsonl`, text: recordsJsonl(columns, rows), role: 'input' }
        : { path: `records/${kind}.csv`, text: recordsCsv(columns, rows), role: 'input' },
    );
  }
  const byOwner = new Map<string, DemoOperations['exceptions']>();
  for (const e of ops.exceptions) byOwner.set(e.owner, [...(byOwner.get(e.owner) ?? []), e]);
  for (const [owner, list] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : 1)))
    files.push({ path: `exceptions/${owner}.yaml`, text: exceptionsYaml(list), role: 'input' });
  files.push({ path: 'feeds/known_exploited_vulnerabilities.json', text: kevJson(ops), role: 'input' });
  files.push({ path: `feeds/epss_scores-${toIso(ops.epssDate).slice(0, 10)}.csv`, text: epssCsv(ops), role: 'input' });
  for (const r of ops.pentests)
    files.push({ path: `pentests/${r.service}/${toIso(r.at).slice(0, 10)}-pentest.json`, text: pentestJson(r), role: 'service-scan', service: r.service });
  for (const z of ops.zap)
    files.push({ path: `scans/${z.service}/${toIso(z.at).slice(0, 10)}-zap.json`, text: zapJson(z), role: 'service-scan', service: z.service });
  return files;
}

/** The demo's files in memory: the catalog first, then each service's scans in time order. */
export function renderDemo(scenario: DemoScenario): DemoFile[] {
  const files: DemoFile[] = [{ path: CATALOG_FILE, text: catalogYaml(scenario.company), role: 'catalog' }];
  const byRun = new Map<string, SimFinding[]>();
  for (const f of scenario.findings) {
    const key = `${f.service}|${f.run}`;
    const list = byRun.get(key);
    if (list) list.push(f);
    else byRun.set(key, [f]);
  }
  const present = (service: string, run: RunKind, t: Millis): SimFinding[] => (byRun.get(`${service}|${run}`) ?? []).filter((f) => presentAt(f, t));
  const scans: DemoFile[] = [];
  for (const s of scenario.services) scans.push(...serviceFiles(s, present));
  scans.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [...files, ...scans];
}

function serviceFiles(scans: ServiceScans, present: (service: string, run: RunKind, t: Millis) => SimFinding[]): DemoFile[] {
  const { service, runs } = scans;
  const id = service.id;
  const out: DemoFile[] = [];
  const name = (t: Millis, suffix: string): string => `scans/${id}/${toIso(t).slice(0, 10)}-${suffix}`;
  const commit = (t: Millis): string => createHash('sha1').update(`${id}:commit:${t}`).digest('hex');

  const gitleaks = new Set(runs.gitleaks);
  for (const t of runs.semgrep) {
    const log = sarifLog({
      service,
      at: t,
      commit: commit(t),
      semgrep: present(id, 'semgrep', t),
      gitleaks: gitleaks.has(t) ? present(id, 'gitleaks', t) : null,
    });
    out.push({ path: name(t, 'code.sarif'), text: json(log), role: 'scan' });
  }

  // Image versions: a release per regular scan, a patch release per rescan after a fix.
  let minor = 10 + (parseInt(createHash('sha1').update(id).digest('hex').slice(0, 2), 16) % 30);
  let patch = 0;
  for (const t of runs.image) {
    if (scans.extras.image.has(t)) patch++;
    else {
      minor++;
      patch = 0;
    }
    out.push({
      path: name(t, 'image.json'),
      text: json(trivyImageReport({ service, at: t, version: `1.${minor}.${patch}`, findings: present(id, 'image', t) })),
      role: 'scan',
    });
  }

  for (const t of runs.deps)
    out.push({
      path: name(t, 'deps.json'),
      text: json(trivyRepoReport({ service, at: t, commit: commit(t), findings: present(id, 'deps', t) })),
      role: 'scan',
    });

  // Trivy lists every Terraform file it checked; main.tf always, the others once they hold a resource it checks.
  const iacFindings = presentTargets(scans, present);
  for (const t of runs.iac) {
    const findings = present(id, 'iac', t);
    out.push({ path: name(t, 'iac.json'), text: json(trivyConfigReport({ service, at: t, commit: commit(t), findings, targets: iacFindings })), role: 'scan' });
  }
  return out;
}

function presentTargets(scans: ServiceScans, present: (service: string, run: RunKind, t: Millis) => SimFinding[]): string[] {
  const targets = new Set<string>(['terraform/main.tf']);
  for (const t of scans.runs.iac) for (const f of present(scans.service.id, 'iac', t)) if (f.source.kind === 'misconf') targets.add(f.source.check.target);
  return [...targets].sort();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
