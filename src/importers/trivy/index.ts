import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, type Category, type Severity } from '../../domain/severity.js';
import { statedScanTime } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScanHeader, ScannerImporter, SkipItem, StreamRef } from '../types.js';
import {
  k8sReportSchema,
  legacyReportSchema,
  reportSchema,
  type TrivyK8sResource,
  type TrivyLicense,
  type TrivyMisconfiguration,
  type TrivyResult,
  type TrivySecret,
  type TrivyVulnerability,
} from './schema.js';

const NAME = 'Trivy JSON';
const TOOL = 'trivy';

export const trivyImporter: ScannerImporter = {
  id: 'trivy',
  name: NAME,
  defaultCategory: 'container',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (has('SchemaVersion') && (has('ArtifactName') || has('Results'))) return 90;
  if (head.trimStart().startsWith('[') && has('Target') && has('Vulnerabilities')) return 90;
  if (has('ClusterName') && (has('Vulnerabilities') || has('Misconfigurations') || has('Resources'))) return 90;
  return 0;
}

/** One list of results and where it sits in the file; Kubernetes reports have one per resource. */
interface ResultGroup {
  results: TrivyResult[];
  /** JSON path of the results list. */
  path: string;
  /** `namespace/kind/name` of a Kubernetes resource. */
  resource?: string;
  /** Service mapping hints of the group's findings (a Kubernetes resource's images). */
  target?: TargetHints;
}

interface Parsed {
  header: ScanHeader;
  vulnCategory: Category;
  groups: ResultGroup[];
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  const parsed = readReport(data, source.path);
  yield parsed.header;
  const fingerprint = fingerprinter();
  for (const group of parsed.groups) {
    for (const [i, result] of group.results.entries()) {
      const at = `${group.path}[${i}]`;
      yield* resultItems(result, at, group, parsed.vulnCategory, ctx, fingerprint);
    }
  }
}

function readReport(data: unknown, file: string): Parsed {
  if (data === null || Array.isArray(data)) {
    const results = validate(legacyReportSchema, data, file, NAME) ?? [];
    const images = [...new Set(results.flatMap((r) => imageOfOsTarget(r.Target) ?? []))];
    return {
      header: header('container', { scannedAt: null }, images.length > 0 ? { images } : undefined, results),
      vulnCategory: 'container',
      groups: [{ results, path: '$' }],
    };
  }
  if (typeof data === 'object' && Object.hasOwn(data, 'ClusterName')) {
    const report = validate(k8sReportSchema, data, file, NAME);
    const groups: ResultGroup[] = [];
    const imagesOf = new Map<string, string[]>();
    for (const list of ['Vulnerabilities', 'Misconfigurations', 'Resources'] as const) {
      for (const [i, res] of (report[list] ?? []).entries()) {
        const resource = resourceName(res);
        const results = res.Results ?? [];
        const images = results.flatMap((r) => imageOfOsTarget(r.Target) ?? []);
        if (images.length > 0) imagesOf.set(resource, [...new Set([...(imagesOf.get(resource) ?? []), ...images])]);
        groups.push({ results, path: `$.${list}[${i}].Results`, resource });
      }
    }
    // A resource's misconfigurations map to the images its containers run.
    for (const g of groups) {
      const images = imagesOf.get(g.resource!);
      if (images) g.target = { images };
    }
    const all = groups.flatMap((g) => g.results);
    return { header: header('container', statedScanTime(file, NAME, [report.CreatedAt, '$.CreatedAt']), undefined, all), vulnCategory: 'container', groups };
  }
  const report = validate(reportSchema, data, file, NAME);
  const results = report.Results ?? [];
  const type = report.ArtifactType;
  const vulnCategory: Category =
    type === 'container_image' || (type !== 'repository' && type !== 'filesystem' && results.some((r) => r.Class === 'os-pkgs')) ? 'container' : 'sca';
  let target: TargetHints | undefined;
  if (type === 'container_image') {
    const candidates = [report.ArtifactName, ...(report.Metadata?.RepoTags ?? []), ...results.map((r) => imageOfOsTarget(r.Target))];
    const image = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (image) target = { images: [image] };
  } else if (type === 'repository' || type === 'filesystem') {
    const repo = report.Metadata?.RepoURL ?? report.ArtifactName;
    // A filesystem scan of "." names no repository.
    if (repo && !/^\.?\/?$/.test(repo.trim())) target = { repos: [repo] };
  }
  return {
    header: header(vulnCategory, statedScanTime(file, NAME, [report.CreatedAt, '$.CreatedAt']), target, results),
    vulnCategory,
    groups: [{ results, path: '$.Results' }],
  };
}

function header(
  vulnCategory: Category,
  scannedAt: Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'>,
  target: TargetHints | undefined,
  results: readonly TrivyResult[],
): ScanHeader {
  // Trivy scans for vulnerabilities and secrets by default; misconfiguration and license
  // scanning are opt-in, so their streams are covered only when the file shows they ran.
  // `trivy config` writes only config results: it says nothing about packages or secrets,
  // so it must not close the dependency findings of the same repository.
  const configOnly = results.length > 0 && results.every((r) => r.Class === 'config');
  const categories = new Set<Category>(configOnly ? [] : [vulnCategory, 'secrets']);
  if (results.some((r) => r.Class === 'config' || (r.Misconfigurations?.length ?? 0) > 0 || r.MisconfSummary)) categories.add('iac');
  if (results.some((r) => r.Class === 'license' || r.Class === 'license-file' || (r.Licenses?.length ?? 0) > 0)) categories.add('sca');
  const covers: StreamRef[] = [...categories].map((category) => ({ tool: TOOL, category }));
  return { kind: 'scan', tool: TOOL, category: vulnCategory, ...scannedAt, ...(target ? { target } : {}), covers };
}

function resourceName(res: TrivyK8sResource): string {
  return [res.Namespace, res.Kind, res.Name].filter((p) => p !== undefined && p !== '').join('/');
}

/** `alpine:3.11 (alpine 3.11.13)` → `alpine:3.11`: Trivy names an image's OS-package target this way. */
function imageOfOsTarget(target: string): string | null {
  const m = /^(\S.*?) \([a-z][\w.-]* [^()]+\)$/i.exec(target);
  return m ? m[1]! : null;
}

function* resultItems(
  result: TrivyResult,
  at: string,
  group: ResultGroup,
  vulnCategory: Category,
  ctx: ParseContext,
  fingerprint: Fingerprinter,
): Iterable<ParseItem> {
  const base = { group, result, fingerprint };
  for (const [i, v] of (result.Vulnerabilities ?? []).entries()) yield vulnerabilityItem(v, `${at}.Vulnerabilities[${i}]`, base, vulnCategory);
  for (const [i, m] of (result.Misconfigurations ?? []).entries()) yield misconfigurationItem(m, `${at}.Misconfigurations[${i}]`, base);
  for (const [i, s] of (result.Secrets ?? []).entries()) yield secretItem(s, `${at}.Secrets[${i}]`, base, ctx);
  for (const [i, l] of (result.Licenses ?? []).entries()) yield licenseItem(l, `${at}.Licenses[${i}]`, base);
}

interface ItemBase {
  group: ResultGroup;
  result: TrivyResult;
  fingerprint: Fingerprinter;
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}

function severityOrSkip(raw: string | undefined, what: string, jsonPath: string): Severity | SkipItem {
  if (raw === undefined) return skip(`${what} has no Severity`, jsonPath);
  return normalizeSeverity(raw) ?? skip(`${what} has an unknown Severity "${raw}"`, jsonPath);
}

function vulnerabilityItem(v: TrivyVulnerability, at: string, { group, result, fingerprint }: ItemBase, category: Category): ParseItem {
  const id = v.VulnerabilityID;
  if (!id) return skip('vulnerability without a VulnerabilityID', at);
  const severity = severityOrSkip(v.Severity, `vulnerability ${id}`, at);
  if (typeof severity === 'object') return severity;
  const pkg = v.PkgName || null;
  const version = v.InstalledVersion || null;
  // OS packages are keyed by OS family, not by the target ("image (debian 10.4)"), so that a
  // base-image point release does not reopen every finding; Kubernetes keeps the image.
  const location = result.Class === 'os-pkgs' && group.resource === undefined ? `os-pkgs:${result.Type ?? ''}` : result.Target;
  return finding(group, {
    // The version and package path (a jar's file name carries its version) are not part of the
    // key, so that an upgrade that does not fix the vulnerability keeps the finding open.
    fingerprint: fingerprint(['vuln', group.resource ?? '', location, pkg ?? '', id], `${v.PkgPath ?? ''}@${version ?? ''}`),
    severity,
    title: [id, pkg, version].filter((p) => p !== null).join(' '),
    ruleId: id,
    vulnerabilityIds: [...new Set([id, ...(v.VendorIDs ?? []).filter((x) => /^(CVE-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3})$/i.test(x))])],
    cwes: [...new Set((v.CweIDs ?? []).flatMap((c) => (/^CWE-(\d+)$/i.exec(c.trim()) ? [Number(c.trim().slice(4))] : [])))],
    file: v.PkgPath || result.Target,
    line: null,
    component: { name: pkg, version },
    fixVersion: v.FixedVersion || null,
    description: [v.Title, v.Description].filter(Boolean).join('\n\n') || null,
    // The vendor states the package is not affected: the tool itself says it is not a real issue.
    falsePositive: v.Status === 'not_affected',
    category,
  });
}

function misconfigurationItem(m: TrivyMisconfiguration, at: string, { group, result, fingerprint }: ItemBase): ParseItem {
  const id = m.ID ?? m.AVDID ?? null;
  const what = `misconfiguration ${id ?? '(no ID)'}`;
  if (m.Status !== undefined && m.Status !== 'FAIL') return skip(`${what} has status ${m.Status}; only FAIL is a finding`, at);
  const severity = severityOrSkip(m.Severity, what, at);
  if (typeof severity === 'object') return severity;
  const line = m.CauseMetadata?.StartLine ?? null;
  return finding(group, {
    // One check can fail several times in one target (once per container of a Deployment): the
    // message, which names the offending part, keeps those apart.
    fingerprint: fingerprint(
      ['misconfig', group.resource ?? '', result.Target, id ?? m.Title ?? '', m.CauseMetadata?.Resource ?? ''],
      `${line ?? ''}|${m.Message ?? ''}`,
    ),
    severity,
    title: [id, m.Title].filter(Boolean).join(' - ') || 'Trivy misconfiguration',
    ruleId: id,
    vulnerabilityIds: id ? [id] : [],
    cwes: [],
    file: result.Target,
    line,
    component: { name: null, version: null },
    fixVersion: null,
    description: [m.Description, m.Message, m.Resolution && `Resolution: ${m.Resolution}`].filter(Boolean).join('\n\n') || null,
    falsePositive: false,
    category: 'iac',
  });
}

function secretItem(s: TrivySecret, at: string, { group, result, fingerprint }: ItemBase, ctx: ParseContext): ParseItem {
  const what = `secret ${s.RuleID ?? '(no RuleID)'}`;
  const severity = severityOrSkip(s.Severity, what, at);
  if (typeof severity === 'object') return severity;
  // `Match` (and `Code`, which the schema does not even read) hold the secret: only its keyed hash is kept.
  const secret = s.Match ? ctx.redactSecret(s.Match) : undefined;
  const line = s.StartLine ?? null;
  return finding(group, {
    fingerprint: fingerprint(['secret', group.resource ?? '', result.Target, s.RuleID ?? '', secret?.hash ?? '', String(line ?? '')], ''),
    severity,
    title: `Secret detected in ${result.Target} - ${s.Title ?? s.RuleID ?? 'secret'}`,
    ruleId: s.RuleID ?? null,
    vulnerabilityIds: [],
    cwes: [],
    file: result.Target,
    line,
    component: { name: null, version: null },
    fixVersion: null,
    description: [s.Title, s.Category && `Category: ${s.Category}`].filter(Boolean).join('\n\n') || null,
    falsePositive: false,
    category: 'secrets',
    ...(secret ? { secret } : {}),
  });
}

function licenseItem(l: TrivyLicense, at: string, { group, result, fingerprint }: ItemBase): ParseItem {
  const name = l.Name || null;
  const what = `license ${name ?? '(no Name)'}`;
  const severity = severityOrSkip(l.Severity, what, at);
  if (typeof severity === 'object') return severity;
  const subject = l.PkgName || l.FilePath || result.Target;
  return finding(group, {
    fingerprint: fingerprint(['license', group.resource ?? '', result.Target, l.PkgName ?? '', l.FilePath ?? '', name ?? ''], ''),
    severity,
    title: `License ${name ?? 'unknown'}${l.Category ? ` (${l.Category})` : ''} in ${subject}`,
    ruleId: name,
    vulnerabilityIds: [],
    cwes: [],
    file: l.FilePath || null,
    line: null,
    component: { name: l.PkgName || null, version: null },
    fixVersion: null,
    description: null,
    falsePositive: false,
    // License compliance is part of software composition analysis, not of the image's vulnerabilities.
    category: 'sca',
  });
}

type FindingFields = Omit<RawFinding, 'fixAvailableAt' | 'exploitAvailable' | 'occurrences' | 'tool' | 'target'>;

function finding(group: ResultGroup, fields: FindingFields): ParseItem {
  return {
    kind: 'finding',
    finding: {
      ...fields,
      fixAvailableAt: null,
      exploitAvailable: false,
      tool: TOOL,
      ...(group.target ? { target: group.target } : {}),
      occurrences: 1,
    },
  };
}
