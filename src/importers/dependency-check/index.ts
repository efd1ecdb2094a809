import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity, severityFromCvss, type Severity } from '../../domain/severity.js';
import { parsePurl } from '../cyclonedx/purl.js';
import { parseXmlText } from '../cyclonedx/xml.js';
import { cweNumbers, statedScanTime, vulnerabilityIdsIn } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { parseJsonText, readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter } from '../types.js';
import { jsonReportSchema, xmlReportSchema, type JsonDependency, type JsonVulnerability, type XmlDependency, type XmlVulnerability } from './schema.js';

const NAME = 'OWASP Dependency-Check';
const TOOL = 'dependency-check';

export const dependencyCheckImporter: ScannerImporter = {
  id: 'dependency-check',
  name: `${NAME} (XML or JSON)`,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  if (/<analysis\b[^>]*\bxmlns\s*=\s*["'][^"']*DependencyCheck/i.test(head)) return 95;
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if (has('reportSchema') && (has('scanInfo') || has('dependencies'))) return 90;
  if (/<analysis\b/.test(head) && /<dependencies\b/.test(head)) return 60;
  return 0;
}

/** A vulnerability of either report, in one shape. */
interface Vulnerability {
  at: string;
  suppressed: boolean;
  name: string;
  source: string | undefined;
  severity: string | undefined;
  /** CVSS severity words, best version first (v4, v3, v2). */
  cvssSeverities: string[];
  /** CVSS base scores, best version first. */
  scores: number[];
  cwes: string[];
  description: string | undefined;
  notes: string | undefined;
  knownExploited: boolean;
}

interface Dependency {
  at: string;
  fileName: string | undefined;
  filePath: string | undefined;
  component: { name: string | null; version: string | null; base: string | null };
  related: string[];
  vulnerabilities: Vulnerability[];
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  const report = text.trimStart().startsWith('<') ? readXml(text, source.path) : readJson(text, source.path);
  yield report.header;
  const fingerprint = fingerprinter();
  // DefectDojo merges on title + CWE + file: the same vulnerability of one package listed twice
  // for one file (as several report sources can) is one finding.
  const byKey = new Map<string, RawFinding>();
  for (const dep of report.dependencies) {
    for (const v of dep.vulnerabilities) {
      if (!dep.fileName?.trim()) {
        yield { kind: 'skip', reason: `vulnerability ${v.name || '(no name)'} of a dependency without a fileName`, place: { jsonPath: v.at } };
        continue;
      }
      if (!v.name.trim()) {
        yield { kind: 'skip', reason: `vulnerability without a name in ${dep.fileName}`, place: { jsonPath: v.at } };
        continue;
      }
      const f = finding(dep, dep.fileName.trim(), v, fingerprint);
      const key = [f.title, f.cwes.join(','), dep.fileName.trim().toLowerCase()].join('\u001f');
      const seen = byKey.get(key);
      if (seen) seen.occurrences++;
      else byKey.set(key, f);
    }
  }
  for (const f of byKey.values()) yield { kind: 'finding', finding: f };
}

function finding(dep: Dependency, fileName: string, v: Vulnerability, fingerprint: Fingerprinter): RawFinding {
  const name = dep.component.name ?? fileName;
  const { version } = dep.component;
  const vulnName = v.name.trim();
  // `adapter.ear: dom4j-2.1.1.jar` sits in `adapter.ear`: the container, without the jar's
  // versioned name, is part of what the finding is; the package's version is not.
  const container = fileName.split(': ').slice(0, -1).join(': ');
  const description = [
    v.description?.trim(),
    v.source?.trim() && `Source: ${v.source.trim()}`,
    v.suppressed ? `Suppressed: ${v.notes?.trim() || 'no reason given in the suppression file'}` : v.notes?.trim() && `Notes: ${v.notes.trim()}`,
    dep.filePath?.trim() && `File path: ${dep.filePath.trim()}`,
    dep.related.length > 0 && `Related dependencies (the same package): ${dep.related.join(', ')}`,
  ];
  return {
    fingerprint: fingerprint(['dependency', container, dep.component.base ?? name, vulnName], `${fileName}|${version ?? ''}`),
    severity: severityOf(v),
    title: version ? `${name}:${version} | ${vulnName}` : `${name} | ${vulnName}`,
    ruleId: vulnName,
    vulnerabilityIds: vulnerabilityIdsIn([vulnName]),
    cwes: cweNumbers(v.cwes.flatMap((c) => /^(?:CWE-)?(\d+)/i.exec(c.trim())?.[1] ?? [])),
    file: fileName,
    line: null,
    component: { name, version },
    fixVersion: null,
    fixAvailableAt: null,
    description: description.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n') || null,
    // Suppressed in the project's suppression file: the team has said it does not apply.
    falsePositive: v.suppressed,
    // Listed in CISA's Known Exploited Vulnerabilities catalog.
    exploitAvailable: v.knownExploited,
    occurrences: 1,
  };
}

/**
 * As DefectDojo: the report's severity word, else the CVSS v3 (then v2) severity; `moderate` is
 * medium. Where no word is known (or it is "Unknown", Dependency-Check's word for an unscored
 * vulnerability), the best CVSS score's band; without any, medium, DefectDojo's default.
 */
function severityOf(v: Vulnerability): Severity {
  for (const word of [v.severity, ...v.cvssSeverities]) {
    if (!word?.trim() || word.trim().toLowerCase() === 'unknown') continue;
    const s = normalizeSeverity(word);
    if (s !== null) return s;
  }
  const score = v.scores[0];
  return score === undefined ? 'medium' : severityFromCvss(score);
}

function toScore(raw: number | string | undefined): number | undefined {
  const n = typeof raw === 'number' ? raw : raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

function header(reportDate: string | undefined, file: string, at: string): ScanHeader {
  return { kind: 'scan', tool: TOOL, category: 'sca', ...statedScanTime(file, NAME, [reportDate, at]) };
}

/** `org.dom4j:dom4j` and `2.1.1` from `pkg:maven/org.dom4j/dom4j@2.1.1`, as DefectDojo names it. */
function componentOfPurl(id: string | undefined): Dependency['component'] | null {
  const purl = id ? parsePurl(id) : null;
  if (!purl) return null;
  return { name: purl.namespace ? `${purl.namespace}:${purl.name}` : purl.name, version: purl.version, base: purl.base };
}

// ---------------------------------------------------------------- JSON

function readJson(text: string, file: string): { header: ScanHeader; dependencies: Dependency[] } {
  const data = parseJsonText(text, file, NAME);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new InputError(file, NAME, { jsonPath: '$' }, 'expected a Dependency-Check JSON report object');
  const report = validate(jsonReportSchema, data, file, NAME);
  return {
    header: header(report.projectInfo?.reportDate, file, '$.projectInfo.reportDate'),
    dependencies: (report.dependencies ?? []).map((d, i) => {
      const at = `$.dependencies[${i}]`;
      return {
        at,
        fileName: d.fileName,
        filePath: d.filePath,
        component: jsonComponent(d),
        related: (d.relatedDependencies ?? []).flatMap((r) => r.fileName?.trim() || r.filePath?.trim() || []),
        vulnerabilities: [
          ...(d.vulnerabilities ?? []).map((v, j) => jsonVulnerability(v, `${at}.vulnerabilities[${j}]`, false)),
          ...(d.suppressedVulnerabilities ?? []).map((v, j) => jsonVulnerability(v, `${at}.suppressedVulnerabilities[${j}]`, true)),
        ],
      };
    }),
  };
}

function jsonComponent(d: JsonDependency): Dependency['component'] {
  for (const p of d.packages ?? []) {
    const c = componentOfPurl(p.id);
    if (c) return c;
  }
  const product = d.evidenceCollected?.productEvidence?.find((e) => e.value?.trim())?.value?.trim();
  if (product) return { name: product, version: d.evidenceCollected?.versionEvidence?.find((e) => e.value?.trim())?.value?.trim() ?? null, base: null };
  return { name: null, version: null, base: null };
}

function jsonVulnerability(v: JsonVulnerability, at: string, suppressed: boolean): Vulnerability {
  const cvss = [v.cvssv4, v.cvssv3, v.cvssv2];
  return {
    at,
    suppressed,
    name: v.name ?? '',
    source: v.source,
    severity: v.severity,
    cvssSeverities: cvss.flatMap((c) => c?.baseSeverity ?? c?.severity ?? []),
    scores: cvss.flatMap((c) => toScore(c?.baseScore ?? c?.score) ?? []),
    cwes: v.cwes ?? [],
    description: v.description,
    notes: v.notes,
    knownExploited: v.knownExploitedVulnerability !== undefined && v.knownExploitedVulnerability !== null,
  };
}

// ---------------------------------------------------------------- XML

const XML_LISTS = new Set([
  'dependency',
  'vulnerability',
  'suppressedVulnerability',
  'relatedDependency',
  'package',
  'identifier',
  'evidence',
  'cwe',
  'reference',
  'software',
]);

function readXml(text: string, file: string): { header: ScanHeader; dependencies: Dependency[] } {
  const data = parseXmlText(text, file, NAME, { isList: (name) => XML_LISTS.has(name), removeNSPrefix: true });
  if (!Object.hasOwn(data, 'analysis')) throw new InputError(file, NAME, { line: 1 }, 'not a Dependency-Check report: the root element must be <analysis>');
  const report = validate(xmlReportSchema, data, file, NAME).analysis;
  const projectInfo = report.projectInfo === '' ? undefined : report.projectInfo;
  return {
    header: header(projectInfo?.reportDate, file, '$.analysis.projectInfo.reportDate'),
    dependencies: (report.dependencies ?? []).map((d, i) => {
      const at = `$.analysis.dependencies.dependency[${i}]`;
      const vulns = d.vulnerabilities === '' ? undefined : d.vulnerabilities;
      return {
        at,
        fileName: d.fileName,
        filePath: d.filePath,
        component: xmlComponent(d),
        related: (d.relatedDependencies ?? []).flatMap((r) => r.fileName?.trim() || r.filePath?.trim() || []),
        // Suppressed vulnerabilities after the others, as DefectDojo reads them.
        vulnerabilities: [
          ...(vulns?.vulnerability ?? []).map((v, j) => xmlVulnerability(v, `${at}.vulnerabilities.vulnerability[${j}]`, false)),
          ...(vulns?.suppressedVulnerability ?? []).map((v, j) => xmlVulnerability(v, `${at}.vulnerabilities.suppressedVulnerability[${j}]`, true)),
        ],
      };
    }),
  };
}

/** Elements named `name` at any depth under `node` (DefectDojo's `.//name`), in document order, bounded. */
function descendants(node: unknown, name: string, limit = 8): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (depth > limit || typeof n !== 'object' || n === null) return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x, depth);
      return;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === name) for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'object' && v !== null) out.push(v as Record<string, unknown>);
      walk(value, depth + 1);
    }
  };
  walk(node, 0);
  return out;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['#text'] === 'string')
    return textOf((value as Record<string, unknown>)['#text']);
  return undefined;
}

/** DefectDojo's order: the Package URL, the CPE, the Maven coordinates, then the collected evidence. */
function xmlComponent(d: XmlDependency): Dependency['component'] {
  for (const p of descendants(d.identifiers, 'package')) {
    const c = componentOfPurl(textOf(p['id']));
    if (c) return c;
  }
  const identifiers = descendants(d.identifiers, 'identifier');
  const cpe = identifiers.find((i) => i['@type'] === 'cpe');
  const cpeParts = /^cpe:(?:\/[aho]|2\.3:[aho]):([^:]*):([^:]*)(?::([^:]*))?/.exec(textOf(cpe?.['name']) ?? '');
  if (cpeParts) {
    const name = [cpeParts[1], cpeParts[2]].filter(Boolean).join(':');
    if (name) return { name, version: cpeParts[3] && cpeParts[3] !== '*' ? cpeParts[3] : null, base: null };
  }
  const maven = (textOf(identifiers.find((i) => i['@type'] === 'maven')?.['name']) ?? '').split(':');
  if (maven.length === 3 && maven.every((p) => p !== '')) return { name: `${maven[0]}:${maven[1]}`, version: maven[2]!, base: null };
  const evidence = descendants(d.evidenceCollected, 'evidence');
  const product = textOf(evidence.find((e) => e['@type'] === 'product')?.['value']);
  if (product) return { name: product, version: textOf(evidence.find((e) => e['@type'] === 'version')?.['value']) ?? null, base: null };
  return { name: null, version: null, base: null };
}

function xmlVulnerability(v: XmlVulnerability, at: string, suppressed: boolean): Vulnerability {
  const cvss = [v.cvssV4, v.cvssV3, v.cvssV2].map((c) => (c === '' ? undefined : c));
  return {
    at,
    suppressed,
    name: v.name ?? '',
    source: v['@source'],
    severity: v.severity,
    cvssSeverities: cvss.flatMap((c) => c?.baseSeverity ?? c?.severity ?? []),
    scores: [...cvss.flatMap((c) => toScore(c?.baseScore ?? c?.score) ?? []), ...(toScore(v.cvssScore) === undefined ? [] : [toScore(v.cvssScore)!])],
    cwes: [...(v.cwes ?? []), ...(v.cwe ?? [])].flatMap((c) => c ?? []),
    description: v.description,
    notes: v.notes,
    knownExploited: v.knownExploitedVulnerability !== undefined,
  };
}
