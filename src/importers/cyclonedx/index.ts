import { InputError } from '../../domain/errors.js';
import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, severityFromCvss, type Category, type Severity } from '../../domain/severity.js';
import { cweNumbers, statedScanTime } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { parseJsonText, readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter } from '../types.js';
import { parsePurl } from './purl.js';
import {
  jsonBomSchema,
  jsonComponentSchema,
  xmlBomSchema,
  xmlComponentSchema,
  type JsonComponent,
  type LegacyVulnerability,
  type XmlComponent,
  type XmlVulnerability,
} from './schema.js';
import { namespacePrefixes, parseXmlText } from './xml.js';

const NAME = 'CycloneDX';
const DEFAULT_TOOL = 'cyclonedx';
const BOM_NS = 'http://cyclonedx.org/schema/bom/';
const VULN_EXT_NS = 'http://cyclonedx.org/schema/ext/vulnerability/';

export const cyclonedxImporter: ScannerImporter = {
  id: 'cyclonedx',
  name: 'CycloneDX (JSON or XML) with vulnerabilities',
  defaultCategory: 'sca',
  defaultTool: DEFAULT_TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head)) return 95;
  if (/<(?:[\w.-]+:)?bom\b[^>]*\bxmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/cyclonedx\.org\/schema\/bom\//.test(head)) return 95;
  return 0;
}

/** A component a vulnerability can name. */
interface Component {
  name: string | null;
  version: string | null;
  group: string | null;
  purl: string | null;
}

interface Rating {
  severity: string | undefined;
  score: number | undefined;
  method: string | undefined;
  vector: string | undefined;
}

/** A vulnerability of either format and either generation, in one shape. */
interface Vulnerability {
  at: string;
  id: string | undefined;
  ratings: Rating[];
  cwes: unknown[];
  description: string | undefined;
  recommendation: string | undefined;
  references: string[];
  state: string | undefined;
  analysisDetail: string | undefined;
  /** The components it affects: `ref`s to resolve, or (legacy, inside a component) the component. */
  affects: { ref: string | undefined; component?: Component; at: string }[];
}

interface Bom {
  timestamp: string | undefined;
  /** Where the timestamp is, for an error. */
  timestampAt: string;
  tools: string[];
  subject: (Component & { type: string | undefined; vcs: string[] }) | undefined;
  components: Map<string, Component>;
  vulnerabilities: Vulnerability[];
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  const bom = text.trimStart().startsWith('<') ? readXml(text, source.path) : readJson(text, source.path);
  yield header(bom, source.path);
  const fingerprint = fingerprinter();
  for (const v of bom.vulnerabilities) {
    if (!v.id?.trim()) {
      yield { kind: 'skip', reason: 'vulnerability without an id', place: { jsonPath: v.at } };
      continue;
    }
    const id = v.id.trim();
    const severity = severityOf(v.ratings);
    if (typeof severity === 'object') {
      yield { kind: 'skip', reason: `vulnerability ${id} has an unknown severity "${severity.unknown}"`, place: { jsonPath: v.at } };
      continue;
    }
    if (v.affects.length === 0) {
      yield { kind: 'skip', reason: `vulnerability ${id} names no affected component`, place: { jsonPath: v.at } };
      continue;
    }
    for (const affect of v.affects) {
      const ref = affect.ref?.trim() || null;
      const component = affect.component ?? (ref === null ? undefined : (bom.components.get(ref) ?? componentOfPurl(ref)));
      if (component === undefined) {
        yield { kind: 'skip', reason: `vulnerability ${id} affects a component without a ref`, place: { jsonPath: affect.at } };
        continue;
      }
      yield { kind: 'finding', finding: finding(v, id, severity, component, ref, fingerprint) };
    }
  }
}

function finding(
  v: Vulnerability,
  id: string,
  severity: Severity,
  component: Component,
  ref: string | null,
  fingerprint: ReturnType<typeof fingerprinter>,
): RawFinding {
  const { name, version } = component;
  const state = v.state?.trim().toLowerCase();
  // The package, not its version: an upgrade that leaves the vulnerability keeps the finding.
  const identity = (component.purl && parsePurl(component.purl)?.base) || [component.group, name].filter(Boolean).join('/') || ref || '';
  const subject = name === null ? ref : version === null ? name : `${name}:${version}`;
  const inactiveDetail =
    v.analysisDetail?.trim() && INACTIVE_STATES.has(state ?? '') ? `This vulnerability is mitigated and/or suppressed: ${v.analysisDetail.trim()}` : null;
  return {
    fingerprint: fingerprint(['vuln', identity, id], `${version ?? ''}|${ref ?? ''}`),
    severity,
    title: `${subject} | ${id}`,
    ruleId: id,
    vulnerabilityIds: [...new Set([id, ...v.references.map((r) => r.trim()).filter((r) => r !== '')])],
    cwes: cweNumbers(v.cwes),
    file: null,
    line: null,
    component: { name, version },
    fixVersion: null,
    fixAvailableAt: null,
    description:
      [v.description?.trim(), v.recommendation?.trim() && `Recommendation: ${v.recommendation.trim()}`, inactiveDetail].filter(Boolean).join('\n\n') || null,
    // The BOM's own analysis says the vulnerability does not (or no longer) apply here.
    falsePositive: INACTIVE_STATES.has(state ?? ''),
    exploitAvailable: state === 'exploitable',
    occurrences: 1,
  };
}

/** Analysis states DefectDojo imports as inactive (mitigated or false positive). */
const INACTIVE_STATES = new Set(['resolved', 'resolved_with_pedigree', 'not_affected', 'false_positive']);
const CVSS3_METHODS = new Set(['CVSSv3', 'CVSSv31']);

/**
 * As DefectDojo: the first rating's severity word, replaced by a CVSS v3 rating's word (or its
 * score's band) where one has a vector. A vulnerability without any rating is Medium, as
 * DefectDojo has it; with scores but no word, the highest score's band.
 */
function severityOf(ratings: readonly Rating[]): Severity | { unknown: string } {
  if (ratings.length === 0) return 'medium';
  let severity: Severity | null = null;
  const word = ratings.find((r) => r.severity?.trim())?.severity?.trim();
  if (word !== undefined) {
    severity = normalizeSeverity(word);
    if (severity === null) return { unknown: word };
  }
  for (const r of ratings) {
    if (!CVSS3_METHODS.has(r.method?.trim() ?? '') || !r.vector?.trim()) continue;
    const ownWord = r.severity?.trim() ? normalizeSeverity(r.severity) : null;
    if (ownWord !== null) severity = ownWord;
    else if (r.score !== undefined) severity = severityFromCvss(r.score);
  }
  if (severity !== null) return severity;
  const scores = ratings.flatMap((r) => (r.score === undefined ? [] : [r.score]));
  return scores.length > 0 ? severityFromCvss(Math.max(...scores)) : 'medium';
}

function toScore(raw: number | string | undefined): number | undefined {
  const n = typeof raw === 'number' ? raw : raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** A ref that names no component of the BOM may still be a Package URL: its name and version. */
function componentOfPurl(ref: string): Component {
  const purl = parsePurl(ref);
  return purl ? { name: purl.name, version: purl.version, group: purl.namespace, purl: ref } : { name: null, version: null, group: null, purl: null };
}

function header(bom: Bom, file: string): ScanHeader {
  const subject = bom.subject;
  // An SBOM of a container image is a container scan; of anything else, composition analysis.
  const category: Category = subject?.type === 'container' ? 'container' : 'sca';
  let target: TargetHints | undefined;
  if (subject?.type === 'container' && subject.name) target = { images: [subject.name] };
  else if (subject && subject.vcs.length > 0) target = { repos: subject.vcs };
  const tool = bom.tools.map((t) => t.trim().toLowerCase()).find((t) => t !== '') ?? DEFAULT_TOOL;
  return { kind: 'scan', tool, category, ...statedScanTime(file, NAME, [bom.timestamp, bom.timestampAt]), ...(target ? { target } : {}) };
}

// ---------------------------------------------------------------- JSON

function readJson(text: string, file: string): Bom {
  const data = parseJsonText(text, file, NAME);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(file, NAME, { jsonPath: '$' }, 'expected a CycloneDX BOM object');
  const bom = validate(jsonBomSchema, data, file, NAME);
  const components = new Map<string, Component>();
  const subject = bom.metadata?.component;
  if (subject) flattenJson([{ value: subject, path: ['metadata', 'component'] }], components, file);
  flattenJson(
    (bom.components ?? []).map((value, i) => ({ value, path: ['components', i] })),
    components,
    file,
  );
  const tools = bom.metadata?.tools;
  return {
    timestamp: bom.metadata?.timestamp,
    timestampAt: '$.metadata.timestamp',
    tools: (Array.isArray(tools) ? tools : (tools?.components ?? [])).flatMap((t) => t.name ?? []),
    subject: subject && {
      ...jsonComponent(subject),
      type: subject.type,
      vcs: (subject.externalReferences ?? []).flatMap((r) => (r.type === 'vcs' && r.url?.trim() ? [r.url.trim()] : [])),
    },
    components,
    vulnerabilities: (bom.vulnerabilities ?? []).map((v, i) => ({
      at: `$.vulnerabilities[${i}]`,
      id: v.id,
      ratings: (v.ratings ?? []).map((r) => ({ severity: r.severity, score: toScore(r.score), method: r.method, vector: r.vector })),
      cwes: v.cwes ?? [],
      description: [v.description, v.detail].filter((s) => s?.trim()).join('\n') || undefined,
      recommendation: v.recommendation,
      references: (v.references ?? []).flatMap((r) => r.id ?? []),
      state: v.analysis?.state,
      analysisDetail: v.analysis?.detail,
      affects: (v.affects ?? []).map((a, j) => ({ ref: a.ref, at: `$.vulnerabilities[${i}].affects[${j}]` })),
    })),
  };
}

function jsonComponent(c: JsonComponent): Component {
  return { name: c.name?.trim() || null, version: c.version?.trim() || null, group: c.group?.trim() || null, purl: c.purl?.trim() || null };
}

/** Walks nested components without recursion, validating each where it sits. */
function flattenJson(start: { value: unknown; path: PropertyKey[] }[], into: Map<string, Component>, file: string): void {
  const stack = [...start].reverse();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const c = validate(jsonComponentSchema, value, file, NAME, path);
    const ref = c['bom-ref']?.trim();
    if (ref && !into.has(ref)) into.set(ref, jsonComponent(c));
    const children = c.components ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], path: [...path, 'components', i] });
  }
}

// ---------------------------------------------------------------- XML

function readXml(text: string, file: string): Bom {
  const prefixes = namespacePrefixes(text);
  const root = /<((?:[\w.-]+:)?)bom\b([^>]*)>/.exec(text.replace(/<!--[\s\S]*?-->/g, ''));
  const rootPrefix = root?.[1]?.slice(0, -1) ?? '';
  const rootNs = rootPrefix ? prefixes.get(rootPrefix) : /\bxmlns\s*=\s*["']([^"']*)["']/.exec(root?.[2] ?? '')?.[1];
  // Elements are named by namespace, whatever prefix the file binds to it.
  const rename = (name: string): string => {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const uri = prefixes.get(name.slice(0, colon)) ?? '';
    if (uri.startsWith(VULN_EXT_NS)) return `v:${name.slice(colon + 1)}`;
    if (uri.startsWith(BOM_NS)) return name.slice(colon + 1);
    return name;
  };
  const data = parseXmlText(text, file, NAME, { isList: isXmlList, transformTagName: rename });
  if (!Object.hasOwn(data, 'bom') || !rootNs?.startsWith(BOM_NS)) {
    throw new InputError(
      file,
      NAME,
      { line: 1 },
      `not a CycloneDX BOM: the root element must be <bom> in the namespace ${BOM_NS}… (found ${rootNs ? `namespace ${rootNs}` : 'no CycloneDX namespace'})`,
    );
  }
  const bom = validate(xmlBomSchema, data, file, NAME).bom;
  const metadata = bom.metadata === '' ? undefined : bom.metadata;
  const components = new Map<string, Component>();
  const vulnerabilities: Vulnerability[] = [];
  const subject = metadata?.component;
  if (subject) flattenXml([{ value: subject, path: ['bom', 'metadata', 'component'] }], components, vulnerabilities, file);
  const top = bom.components === '' ? [] : (bom.components?.component ?? []);
  flattenXml(
    top.map((value, i) => ({ value, path: ['bom', 'components', 'component', i] })),
    components,
    vulnerabilities,
    file,
  );
  // Legacy vulnerabilities at the root name their component by ref.
  for (const [i, v] of (bom['v:vulnerabilities'] ?? []).entries())
    vulnerabilities.push(legacyXml(v, `$.bom["v:vulnerabilities"]["v:vulnerability"][${i}]`, undefined));
  for (const [i, v] of (bom.vulnerabilities ?? []).entries()) vulnerabilities.push(vulnerabilityXml(v, `$.bom.vulnerabilities.vulnerability[${i}]`));
  const tools = metadata?.tools === '' ? undefined : metadata?.tools;
  return {
    timestamp: metadata?.timestamp,
    timestampAt: '$.bom.metadata.timestamp',
    tools: [...(tools?.tool ?? []), ...(tools?.components ?? [])].flatMap((t) => (t === '' || !t.name ? [] : [t.name])),
    subject: subject && {
      ...xmlComponent(subject),
      type: subject['@type'],
      vcs: (subject.externalReferences ?? []).flatMap((r) => (r['@type'] === 'vcs' && r.url?.trim() ? [r.url.trim()] : [])),
    },
    components,
    vulnerabilities,
  };
}

const XML_LISTS = new Set(['vulnerability', 'v:vulnerability', 'rating', 'v:rating', 'cwe', 'v:cwe', 'reference', 'target', 'tool', 'v:recommendation']);

function isXmlList(name: string, path: string): boolean {
  if (name === 'component') return path.endsWith('components.component');
  return XML_LISTS.has(name);
}

function xmlComponent(c: XmlComponent): Component {
  return { name: c.name?.trim() || null, version: c.version?.trim() || null, group: c.group?.trim() || null, purl: c.purl?.trim() || null };
}

/**
 * Walks nested components without recursion, in document order. Legacy (CycloneDX 1.0–1.3)
 * vulnerabilities sit inside the component they affect; they are listed before those of the
 * BOM's `vulnerabilities`, as DefectDojo reads them.
 */
function flattenXml(start: { value: unknown; path: PropertyKey[] }[], into: Map<string, Component>, vulnerabilities: Vulnerability[], file: string): void {
  const stack = [...start].reverse();
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    const c = validate(xmlComponentSchema, value, file, NAME, path);
    const component = xmlComponent(c);
    const ref = c['@bom-ref']?.trim();
    if (ref && !into.has(ref)) into.set(ref, component);
    const at = `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    for (const [i, v] of (c['v:vulnerabilities'] ?? []).entries())
      vulnerabilities.push(legacyXml(v, `${at}["v:vulnerabilities"]["v:vulnerability"][${i}]`, component));
    const children = c.components === '' || c.components === undefined ? [] : (c.components.component ?? []);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], path: [...path, 'components', 'component', i] });
  }
}

function legacyXml(v: LegacyVulnerability, at: string, component: Component | undefined): Vulnerability {
  return {
    at,
    id: v['v:id'],
    ratings: (v['v:ratings'] ?? []).map((r) => {
      const s = r['v:score'];
      return {
        severity: r['v:severity'],
        score: toScore(typeof s === 'object' ? s['v:base'] : s),
        method: r['v:method'],
        vector: r['v:vector'],
      };
    }),
    cwes: v['v:cwes'] ?? [],
    description: v['v:description'],
    recommendation: (v['v:recommendations'] ?? []).filter((r) => r?.trim()).join('\n') || undefined,
    references: [],
    state: undefined,
    analysisDetail: undefined,
    affects: [{ ref: v['@ref'], at, ...(component ? { component } : {}) }],
  };
}

function vulnerabilityXml(v: XmlVulnerability, at: string): Vulnerability {
  const analysis = v.analysis === '' ? undefined : v.analysis;
  return {
    at,
    id: v.id,
    ratings: (v.ratings ?? []).map((r) => ({ severity: r.severity, score: toScore(r.score), method: r.method, vector: r.vector })),
    cwes: v.cwes ?? [],
    description: [v.description, v.detail].filter((s) => s?.trim()).join('\n') || undefined,
    recommendation: v.recommendation,
    references: (v.references ?? []).flatMap((r) => r.id ?? []),
    state: analysis?.state,
    analysisDetail: analysis?.detail,
    affects: (v.affects ?? []).map((a, j) => ({ ref: a.ref, at: `${at}.affects.target[${j}]` })),
  };
}
