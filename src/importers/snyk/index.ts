import { InputError } from '../../domain/errors.js';
import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, severityFromCvss, type Category, type Severity } from '../../domain/severity.js';
import { cweNumbers, fixVersionFor, text, uniqueStrings } from '../fields.js';
import { findingMerger } from '../finding-merger.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { parseJsonText, readText, validate } from '../json-input.js';
import { sarifImporter } from '../sarif/index.js';
import { bufferSource } from '../source.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { projectSchema, type SnykProject, type SnykVulnerability } from './schema.js';

const NAME = 'Snyk JSON';
const TOOL = 'snyk';

/** Snyk's exploit maturity words that say exploit code exists. */
const EXPLOITED = /mature|proof of concept|functional|high/i;

/** A vulnerability Snyk lists with no CWE is a vulnerable component, as DefectDojo files it (CWE-1035). */
const COMPONENT_CWE = 1035;

export const snykImporter: ScannerImporter = {
  id: 'snyk',
  name: `${NAME} (Open Source and Container; Snyk Code SARIF)`,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const t = head.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return 0;
  const has = (key: string): boolean => head.includes(`"${key}"`);
  // A large report's project fields come after its vulnerabilities, beyond the head: Snyk's
  // vulnerability records are told by their upgrade paths.
  if (has('vulnerabilities') && has('upgradePath') && has('isUpgradable') && has('semver')) return 90;
  if (
    has('vulnerabilities') &&
    (has('packageManager') || has('dependencyCount')) &&
    (has('isPrivate') || has('ignoreSettings') || has('org') || has('uniqueCount'))
  )
    return 90;
  if (has('projectName') && has('dependencyCount') && has('ok')) return 85;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const raw = await readText(source, NAME);
  const data = parseJsonText(raw, source.path, NAME);
  // Snyk Code writes SARIF; DefectDojo's Snyk scan type accepts it too.
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'runs')) {
    yield* sarifImporter.parse(bufferSource(source.path, raw), ctx);
    return;
  }
  const projects = Array.isArray(data) ? data : [data];
  if (projects.length === 0) throw new InputError(source.path, NAME, { jsonPath: '$' }, 'an empty list names no Snyk project');
  const fingerprint = fingerprinter();
  for (const [i, raw] of projects.entries()) {
    const base = Array.isArray(data) ? [i] : [];
    const project = validate(projectSchema, raw, source.path, NAME, base);
    yield* projectItems(project, base.length > 0 ? `$[${i}]` : '$', fingerprint);
  }
}

function* projectItems(project: SnykProject, at: string, fingerprint: Fingerprinter): Iterable<ParseItem> {
  const image = imageOf(project);
  const category: Category = image ? 'container' : 'sca';
  const name = text(project.projectName);
  const target: TargetHints | undefined = image ? { images: [image] } : name ? { repos: [name] } : undefined;
  // One header per project: each project of an --all-projects run is a full snapshot of its own service.
  yield { kind: 'scan', tool: TOOL, category, scannedAt: null, ...(target ? { target } : {}), covers: [{ tool: TOOL, category }] };
  const manifest = text(project.displayTargetFile) ?? text(project.targetFile);
  // Snyk lists a vulnerability once per dependency path. DefectDojo keeps every path as a finding;
  // secscore keeps one finding per vulnerable package version, the paths counted and listed.
  const merger = findingMerger();
  const lists = [
    ['vulnerabilities', project.vulnerabilities, false],
    ['filtered.ignore', project.filtered?.ignore ?? [], true],
  ] as const;
  for (const [list, vulns, ignored] of lists) {
    for (const [i, v] of vulns.entries()) {
      const where = `${at}.${list}[${i}]`;
      const id = text(v.id);
      const pkg = text(v.packageName) ?? text(v.name);
      if (!id || !pkg) {
        merger.skip({ kind: 'skip', reason: `vulnerability without ${id ? 'a package name' : 'an id'}`, place: { jsonPath: where } });
        continue;
      }
      const severity = severityOf(v);
      if (severity === null) {
        merger.skip({ kind: 'skip', reason: `vulnerability ${id} has an unknown severity "${v.severity ?? ''}"`, place: { jsonPath: where } });
        continue;
      }
      const version = text(v.version);
      const path = (v.from ?? []).join(' > ');
      merger.add(
        [id, pkg, version ?? ''].join('\u001f'),
        vulnFinding(v, id, pkg, version, severity, manifest, ignored, category, target, fingerprint),
        path ? [path] : [],
      );
    }
  }
  yield* merger.items('Dependency paths', 1, 'before');
}

/** `docker-image|acme/api` with `from[0]` `docker-image|acme/api@1.2` → `acme/api:1.2`. */
function imageOf(project: SnykProject): string | null {
  const name = text(project.projectName);
  if (!name?.startsWith('docker-image|') && !project.docker) return null;
  const root = project.vulnerabilities[0]?.from?.[0];
  const fromRoot = root?.startsWith('docker-image|') ? root.slice('docker-image|'.length).replace(/@([^@/]+)$/, ':$1') : null;
  return fromRoot ?? name?.replace(/^docker-image\|/, '') ?? null;
}

/** The CVSS score's band where Snyk gives one (as DefectDojo rates Snyk issues), else Snyk's word. */
function severityOf(v: SnykVulnerability): Severity | null {
  if (typeof v.cvssScore === 'number' && Number.isFinite(v.cvssScore) && v.cvssScore > 0) return severityFromCvss(v.cvssScore);
  return normalizeSeverity(v.severity);
}

function vulnFinding(
  v: SnykVulnerability,
  id: string,
  pkg: string,
  version: string | null,
  severity: Severity,
  manifest: string | null,
  ignored: boolean,
  category: Category,
  target: TargetHints | undefined,
  fingerprint: Fingerprinter,
): RawFinding {
  const ids = v.identifiers ?? {};
  const advisoryIds = uniqueStrings([...(ids['CVE'] ?? []), ...(ids['GHSA'] ?? [])]);
  const cwes = cweNumbers(ids['CWE'] ?? []);
  const root = v.from?.[0];
  return {
    fingerprint: fingerprint([TOOL, manifest ?? '', id, pkg], version ?? ''),
    severity,
    title: `${root ? `${root}: ` : ''}${text(v.title) ?? id}`,
    ruleId: id,
    // CVE ids first, as DefectDojo lists them; Snyk's own id only where there is no other.
    vulnerabilityIds: advisoryIds.length > 0 ? advisoryIds : [id],
    cwes: cwes.length > 0 || v.type === 'license' ? cwes : [COMPONENT_CWE],
    // The manifest the fix goes into (Snyk's dependency path is listed in the description).
    file: manifest,
    line: null,
    component: { name: pkg, version },
    fixVersion: fixVersionFor(version, v.fixedIn ?? []),
    fixAvailableAt: null,
    description: text(v.description),
    // Ignored in the project's .snyk policy: the team has said it does not apply.
    falsePositive: ignored,
    exploitAvailable: EXPLOITED.test(v.exploit ?? ''),
    category,
    ...(target ? { target } : {}),
    occurrences: 1,
  };
}
