import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Period } from '../../domain/period.js';
import { toIso, type Millis } from '../../domain/time.js';
import { catalogYaml } from './company.js';
import { buildScenario, presentAt, type DemoScenario, type RunKind, type ServiceScans, type SimFinding } from './scenario.js';
import { sarifLog } from './write-sarif.js';
import { trivyConfigReport, trivyImageReport, trivyRepoReport } from './write-trivy.js';

export interface DemoManifest {
  dir: string;
  catalogFile: string;
  scanFiles: string[];
  periods: Period[];
}

export interface DemoFile {
  /** Path relative to the demo directory, with `/` separators. */
  path: string;
  text: string;
}

export const CATALOG_FILE = 'catalog.yaml';

/**
 * Writes catalog.yaml and scans/<service>/<date>-<tool>.{sarif,json} under dir. Deterministic
 * for a given `last` period: the same `last` gives byte-identical files. Files of an earlier
 * run with another `last` are not removed; give a fresh directory.
 */
export async function generateDemo(dir: string, options: { last: Period }): Promise<DemoManifest> {
  const scenario = buildScenario(options.last);
  const files = renderDemo(scenario);
  const dirs = new Set(files.map((f) => dirname(join(dir, f.path))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.path), f.text);
  return {
    dir,
    catalogFile: join(dir, CATALOG_FILE),
    scanFiles: files.filter((f) => f.path !== CATALOG_FILE).map((f) => join(dir, f.path)),
    periods: scenario.periods,
  };
}

/** The demo's files in memory: the catalog first, then each service's scans in time order. */
export function renderDemo(scenario: DemoScenario): DemoFile[] {
  const files: DemoFile[] = [{ path: CATALOG_FILE, text: catalogYaml(scenario.company) }];
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
    const log = sarifLog({ service, at: t, commit: commit(t), semgrep: present(id, 'semgrep', t), gitleaks: gitleaks.has(t) ? present(id, 'gitleaks', t) : null });
    out.push({ path: name(t, 'code.sarif'), text: json(log) });
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
    out.push({ path: name(t, 'image.json'), text: json(trivyImageReport({ service, at: t, version: `1.${minor}.${patch}`, findings: present(id, 'image', t) })) });
  }

  for (const t of runs.deps) out.push({ path: name(t, 'deps.json'), text: json(trivyRepoReport({ service, at: t, commit: commit(t), findings: present(id, 'deps', t) })) });

  // Trivy lists every Terraform file it checked; main.tf always, the others once they hold a resource it checks.
  const iacFindings = presentTargets(scans, present);
  for (const t of runs.iac) {
    const findings = present(id, 'iac', t);
    out.push({ path: name(t, 'iac.json'), text: json(trivyConfigReport({ service, at: t, commit: commit(t), findings, targets: iacFindings })) });
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
