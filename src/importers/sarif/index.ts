import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { severityFromCvss, type Category, type Severity } from '../../domain/severity.js';
import { parseTimestamp, type Millis } from '../../domain/time.js';
import { categoryOfTool, shorten } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { sarifLogSchema, type SarifLocation, type SarifMessage, type SarifResult, type SarifRule, type SarifRun, type SarifToolComponent } from './schema.js';

const NAME = 'SARIF 2.1.0';


const LEVEL_SEVERITY: Readonly<Record<string, Severity>> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

/** Result properties in which secret scanners put the matched value (Gitleaks 7 `offender`). */
const SECRET_PROPERTIES = ['offender', 'secret', 'Secret', 'match', 'Match', 'raw', 'Raw'] as const;

/** DefectDojo shortens titles to 150 characters at a word boundary; secscore does the same so titles agree. */
const TITLE_WIDTH = 150;

export const sarifImporter: ScannerImporter = {
  id: 'sarif',
  name: NAME,
  defaultCategory: 'sast',
  defaultTool: 'sarif',
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const schemaSaysSarif = /"\$schema"\s*:\s*"[^"]*sarif/i.test(head);
  const versionAndRuns = /"version"\s*:\s*"2\.1\.0"/.test(head) && /"runs"\s*:/.test(head);
  if (schemaSaysSarif || versionAndRuns) return 95;
  if (/\.sarif$/i.test(path)) return 60;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const log = validate(sarifLogSchema, await readJson(source, NAME), source.path, NAME);
  const fingerprint = fingerprinter();
  for (const [runIndex, run] of log.runs.entries()) {
    const tool = run.tool.driver.name.trim() || sarifImporter.defaultTool;
    const category = categoryOfTool(tool);
    const repos = (run.versionControlProvenance ?? []).flatMap((v) => (v.repositoryUri ? [v.repositoryUri] : []));
    yield {
      kind: 'scan',
      tool,
      category,
      scannedAt: scannedAtOf(run),
      ...(repos.length > 0 ? { target: { repos } } : {}),
      covers: [{ tool, category }],
    };
    const rules = ruleFinder(run);
    for (const [resultIndex, result] of (run.results ?? []).entries()) {
      const kind = result.kind ?? 'fail';
      if (kind !== 'fail') {
        yield { kind: 'skip', reason: `result kind "${kind}" is not a failure; only "fail" results are findings`, place: { jsonPath: `$.runs[${runIndex}].results[${resultIndex}]` } };
        continue;
      }
      const { rule, component } = rules(result);
      const locations: (SarifLocation | undefined)[] = result.locations?.length ? result.locations : [undefined];
      for (const location of locations) {
        yield { kind: 'finding', finding: toFinding({ run, tool, category, result, rule, component, location, ctx, fingerprint }) };
      }
    }
  }
}


interface FindingInput {
  run: SarifRun;
  tool: string;
  category: Category;
  result: SarifResult;
  rule: SarifRule | undefined;
  component: SarifToolComponent;
  location: SarifLocation | undefined;
  ctx: ParseContext;
  fingerprint: Fingerprinter;
}

function toFinding({ run, tool, category, result, rule, component, location, ctx, fingerprint }: FindingInput): RawFinding {
  const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? null;
  const file = fileOf(location, run);
  const region = location?.physicalLocation?.region;
  const line = region?.startLine ?? null;
  const spot = `${file ?? ''}:${line ?? ''}:${region?.startColumn ?? ''}`;

  let message = messageText(result.message, rule, component);
  let secret: RedactedSecret | undefined;
  let basis: string;
  if (category === 'secrets') {
    // The secret (and the snippet around it) is hashed and dropped: it must not reach any field.
    const exposed = secretValues(result, location);
    const value = exposed[0];
    if (value !== undefined) secret = ctx.redactSecret(value);
    if (message !== null) message = redact(message, exposed);
    basis = `secret:${secret?.hash ?? ''}:${line ?? ''}`;
  } else {
    const lineHash = result.partialFingerprints?.['primaryLocationLineHash'];
    basis = (lineHash !== undefined ? String(lineHash) : null) ?? joinHashes(result.fingerprints) ?? joinHashes(result.partialFingerprints) ?? `${line ?? ''}:${message ?? ''}`;
  }
  const title = titleOf(message, rule, ruleId);

  return {
    // Line hashes and context hashes are per file (CodeQL's primaryLocationLineHash hashes the
    // line text), so the file is part of the key.
    fingerprint: fingerprint([tool, ruleId ?? title, file ?? '', basis], spot),
    severity: severityOf(result, rule),
    title,
    ruleId,
    vulnerabilityIds: vulnerabilityIdsOf(ruleId, rule, result),
    cwes: cwesOf(rule, result),
    file,
    line,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: message,
    falsePositive: isSuppressed(result),
    exploitAvailable: false,
    tool,
    category,
    ...(secret ? { secret } : {}),
    occurrences: 1,
  };
}

function scannedAtOf(run: SarifRun): Millis | null {
  let latest: Millis | null = null;
  for (const inv of run.invocations ?? []) {
    for (const raw of [inv.startTimeUtc, inv.endTimeUtc]) {
      const t = parseTimestamp(raw);
      if (t !== null && (latest === null || t > latest)) latest = t;
    }
  }
  return latest;
}

/** Finds a result's rule: by index (ruleIndex / rule.index, in the named extension), else by id. */
function ruleFinder(run: SarifRun): (result: SarifResult) => { rule: SarifRule | undefined; component: SarifToolComponent } {
  const driver = run.tool.driver;
  const components = [driver, ...(run.tool.extensions ?? [])];
  const byId = new Map<string, { rule: SarifRule; component: SarifToolComponent }>();
  for (const component of components) {
    for (const rule of component.rules ?? []) if (rule.id !== undefined && !byId.has(rule.id)) byId.set(rule.id, { rule, component });
  }
  return (result) => {
    const extIndex = result.rule?.toolComponent?.index;
    const component = (extIndex !== undefined ? run.tool.extensions?.[extIndex] : undefined) ?? driver;
    const index = result.ruleIndex ?? result.rule?.index;
    const indexed = index !== undefined && index >= 0 ? component.rules?.[index] : undefined;
    if (indexed) return { rule: indexed, component };
    const id = result.ruleId ?? result.rule?.id;
    if (id === undefined) return { rule: undefined, component: driver };
    // A hierarchical rule id ("C2001/sub") falls back to its parent rule.
    const found = byId.get(id) ?? byId.get(id.split('/')[0]!);
    return found ?? { rule: undefined, component: driver };
  };
}

/** The message text, with `{n}` placeholders filled from the arguments (3.11.5 of the spec). */
function messageText(message: SarifMessage | undefined, rule: SarifRule | undefined, component: SarifToolComponent): string | null {
  if (!message) return null;
  let template = message.text;
  if (template === undefined && message.id !== undefined) {
    const id = message.id;
    const strings = rule?.messageStrings && Object.hasOwn(rule.messageStrings, id) ? rule.messageStrings : component.globalMessageStrings;
    template = strings && Object.hasOwn(strings, id) ? strings[id]?.text : undefined;
  }
  if (template === undefined) return null;
  const args = message.arguments ?? [];
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const arg = args[Number(n)];
    return arg === undefined || arg === null ? whole : String(arg);
  });
}

function titleOf(message: string | null, rule: SarifRule | undefined, ruleId: string | null): string {
  const text = message ?? rule?.shortDescription?.text ?? rule?.fullDescription?.text ?? rule?.name ?? ruleId ?? 'SARIF result';
  return shorten(text, TITLE_WIDTH);
}


function severityOf(result: SarifResult, rule: SarifRule | undefined): Severity {
  const score = cvssOf(result.properties?.['security-severity']) ?? cvssOf(rule?.properties?.['security-severity']);
  if (score !== null) return severityFromCvss(score);
  // A result without a level takes its rule's default, and SARIF's default level is "warning".
  const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
  return Object.hasOwn(LEVEL_SEVERITY, level) ? LEVEL_SEVERITY[level]! : 'medium';
}

function cvssOf(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : null;
}

function isSuppressed(result: SarifResult): boolean {
  // A suppression whose status is "rejected" or "underReview" does not (yet) suppress the result.
  return (result.suppressions ?? []).some((s) => s.status === undefined || s.status === 'accepted');
}

function fileOf(location: SarifLocation | undefined, run: SarifRun): string | null {
  const artifact = location?.physicalLocation?.artifactLocation;
  const uri = artifact?.uri ?? (artifact?.index !== undefined ? run.artifacts?.[artifact.index]?.location?.uri : undefined);
  if (!uri) return null;
  return normalizeUri(uri);
}

/** `file:///home/x/a%20b.sh` → `/home/x/a b.sh`; `file:///C:/x` → `C:/x`; relative URIs stay relative. */
function normalizeUri(uri: string): string {
  let path = uri;
  if (/^file:/i.test(path)) {
    path = path.replace(/^file:(\/\/)?/i, '').replace(/^\/+/, '/');
    if (/^\/[A-Za-z]:[/\\]/.test(path)) path = path.slice(1);
  }
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const CWE_PATTERN = /\bcwe[-_/:]?0*(\d+)/i;

function cwesOf(rule: SarifRule | undefined, result: SarifResult): number[] {
  const found: number[] = [];
  const add = (value: unknown, componentName?: string): void => {
    if (typeof value !== 'string') return;
    const m = CWE_PATTERN.exec(value);
    if (m) found.push(Number(m[1]));
    else if (componentName !== undefined && /cwe/i.test(componentName) && /^\d+$/.test(value.trim())) found.push(Number(value));
  };
  for (const rel of rule?.relationships ?? []) add(rel.target.id, rel.target.toolComponent?.name);
  for (const tag of tagsOf(rule?.properties)) add(tag);
  for (const tag of tagsOf(result.properties)) add(tag);
  const resultCwe = result.properties?.['cwe'];
  for (const value of Array.isArray(resultCwe) ? resultCwe : [resultCwe]) add(value);
  for (const taxon of result.taxa ?? []) add(taxon.id, taxon.toolComponent?.name);
  return [...new Set(found.filter((n) => n > 0))];
}

function vulnerabilityIdsOf(ruleId: string | null, rule: SarifRule | undefined, result: SarifResult): string[] {
  const ids: string[] = [];
  for (const text of [ruleId, ...tagsOf(rule?.properties), ...tagsOf(result.properties)]) {
    if (!text) continue;
    for (const m of text.matchAll(/\bCVE-\d{4}-\d{4,}\b/gi)) ids.push(m[0].toUpperCase());
    for (const m of text.matchAll(/\bGHSA(-[23456789cfghjmpqrvwx]{4}){3}\b/gi)) ids.push(`GHSA${m[0].slice(4).toLowerCase()}`);
  }
  return [...new Set(ids)];
}

function tagsOf(properties: Record<string, unknown> | undefined): string[] {
  const tags = properties?.['tags'];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** The values a secret scanner exposes: the matched value first (most specific), then the snippet. */
function secretValues(result: SarifResult, location: SarifLocation | undefined): string[] {
  const values: string[] = [];
  for (const key of SECRET_PROPERTIES) {
    const v = result.properties?.[key];
    if (typeof v === 'string' && v.trim() !== '') values.push(v.trim());
  }
  const physical = location?.physicalLocation;
  for (const snippet of [physical?.region?.snippet?.text, physical?.contextRegion?.snippet?.text]) {
    if (snippet !== undefined && snippet.trim() !== '') values.push(snippet.trim());
  }
  return values;
}

function redact(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) out = out.split(v).join('[redacted]');
  return out;
}

function joinHashes(hashes: Record<string, unknown> | undefined): string | null {
  if (!hashes) return null;
  const entries = Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${String(v)}`).join('|') : null;
}
