import { rm } from 'node:fs/promises';
import type { Place } from '../../domain/errors.js';
import type { RawFinding, RedactedSecret, TargetHints } from '../../domain/finding.js';
import { severityFromCvss, type Category, type Severity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { BAD_LINE, categoryOfTool, isLineNumber, shorten, statedTime, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { validate, validator } from '../json-input.js';
import { JsonScanner, readJsonEvents, type PathSegment, type Plan, type StreamSplit } from '../json-stream.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScanHeader, ScannerImporter, SpilledPart } from '../types.js';
import {
  sarifResultSchema,
  sarifRootSchema,
  sarifResultsSchema,
  sarifRunSchema,
  sarifRunsSchema,
  sarifVersionSchema,
  type SarifLocation,
  type SarifMessage,
  type SarifResult,
  type SarifRule,
  type SarifRun,
  type SarifToolComponent,
} from './schema.js';

const NAME = 'SARIF 2.1.0';

/** Results are validated one by one, millions per file: the compiled check first (json-input.ts). */
const validateResult = validator(sarifResultSchema);

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

/**
 * The log is streamed: each run's results are read one by one (memory does not grow with the
 * file), every other member of a run is parsed whole. A run's header is yielded when its
 * results start, so its findings follow it; members that come after the results
 * (versionControlProvenance, invocations) complete the header's target hints in place and a
 * last header at the end of the run (ScanHeader.target). Results that cannot be read yet —
 * before the run's `tool`, or pointing by index into `artifacts` not read yet — are held until
 * the run ends: the one case where memory grows, for an order no producer we know writes.
 */
const PLAN: Plan = (path) => {
  if (path.length === 0) return 'descend';
  if (path[0] !== 'runs') return 'value';
  if (path.length <= 2) return 'descend';
  return path.length === 3 && path[2] === 'results' ? 'stream' : 'value';
};

interface RunState {
  index: number;
  /** Members of the run read so far, results aside. */
  members: Record<string, unknown>;
  run: SarifRun | null;
  target: TargetHints;
  rules: ReturnType<typeof ruleFinder> | null;
  header: ScanHeader | null;
  /** Results waiting for the header (see PLAN); null while results are read as they come. */
  held: { value: unknown; index: number }[] | null;
}

/** What reads a run's results: the same for the file's one reader and for a split's second one. */
function runReading(file: string, ctx: ParseContext, fingerprint: Fingerprinter) {
  const header = (state: RunState, members: Record<string, unknown>): SarifRun => {
    const parsed = validate(sarifRunSchema, members, file, NAME, ['runs', state.index]);
    state.run = parsed;
    state.rules = ruleFinder(parsed);
    const repos = (parsed.versionControlProvenance ?? []).flatMap((v) => (v.repositoryUri ? [v.repositoryUri] : []));
    if (repos.length > 0) state.target.repos = repos;
    return parsed;
  };
  function resultItems(state: RunState, value: unknown, index: number, out: ParseItem[]): void {
    const result = validateResult(value, file, NAME, ['runs', state.index, 'results', index]);
    const kind = result.kind ?? 'fail';
    if (kind !== 'fail') {
      out.push({
        kind: 'skip',
        reason: `result kind "${kind}" is not a failure; only "fail" results are findings`,
        place: { jsonPath: `$.runs[${state.index}].results[${index}]` },
      });
      return;
    }
    const runHeader = state.run!;
    const { tool, category } = toolAndCategory(runHeader);
    const { rule, component } = state.rules!(result);
    const locations = result.locations;
    if (locations === undefined || locations.length === 0) {
      out.push({ kind: 'finding', finding: toFinding({ run: runHeader, tool, category, result, rule, component, location: undefined, ctx, fingerprint }) });
      return;
    }
    for (let l = 0; l < locations.length; l++) {
      const location = locations[l];
      out.push({ kind: 'finding', finding: toFinding({ run: runHeader, tool, category, result, rule, component, location, ctx, fingerprint }) });
      const startLine = location?.physicalLocation?.region?.startLine;
      if (startLine !== undefined && !isLineNumber(startLine))
        out.push({
          kind: 'note',
          reason: BAD_LINE,
          place: { jsonPath: `$.runs[${state.index}].results[${index}].locations[${l}].physicalLocation.region.startLine` },
        });
    }
  }
  return { header, resultItems };
}

/** A result that names its file only by an index into the run's artifacts, before they were read. */
function needsArtifacts(value: unknown, state: RunState): boolean {
  if (Object.hasOwn(state.members, 'artifacts')) return false;
  const locations = (value as { locations?: unknown } | null)?.locations;
  if (!Array.isArray(locations)) return false;
  return locations.some((l) => {
    const artifact = (l as { physicalLocation?: { artifactLocation?: { uri?: unknown; index?: unknown } } } | null)?.physicalLocation?.artifactLocation;
    return artifact?.uri === undefined && artifact?.index !== undefined;
  });
}

/** What a split's second reader is told of the run whose results it reads (SplitStarter). */
interface SarifSplitContext {
  index: number;
  members: Record<string, unknown>;
}

/** What a split's second reader hands back (app/split-import.ts): its findings staged in `dir`, and their fingerprints' hashes. */
export interface SarifSplitRead {
  dir: string;
  findings: number;
  spots: Uint32Array;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const file = source.path;
  const fingerprint = fingerprinter();
  const { header, resultItems } = runReading(file, ctx, fingerprint);
  let version: unknown;
  let run: RunState | null = null;
  /** Findings a split's second reader staged, handed to the caller: removed here if it did not take them. */
  const parts: SpilledPart[] = [];

  const headerItem = (state: RunState): ScanHeader => {
    const tool = toolOf(state.run!);
    const category = categoryOfTool(tool);
    return { kind: 'scan', tool, category, ...scannedAtOf(state.run!, file, state.index), target: state.target, covers: [{ tool, category }] };
  };
  // The items of a run of results are collected in one array (a generator per result was a
  // tenth of the SARIF importer's own time on a large file, in allocations).
  function results(state: RunState, values: readonly unknown[], first: number, out: ParseItem[]): void {
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      const index = first + k;
      if (state.held === null && needsArtifacts(value, state)) state.held = [];
      if (state.held !== null) state.held.push({ value, index });
      else resultItems(state, value, index, out);
    }
  }
  // A large run's results may be read in two halves, the second on another thread (StreamSplit):
  // only while the run's results are read as they come, with what its header had when they began.
  const split: StreamSplit | undefined =
    ctx.split === undefined
      ? undefined
      : {
          minBytes: ctx.split.minBytes,
          start: ({ path, prefix, at }) => {
            if (run === null || run.run === null || run.held !== null || path[1] !== run.index) return null;
            const context: SarifSplitContext = { index: run.index, members: run.members };
            return ctx.split!.start({ format: sarifImporter.id, path, prefix, at, context });
          },
          // Results held since (for artifacts) come before the second half's: it cannot be taken.
          wanted: () => run !== null && run.held === null,
        };

  try {
    for await (const events of readJsonEvents(source, NAME, PLAN, split)) {
      for (const e of events) {
        const path = e.path;
        if (path.length === 0) {
          if (e.kind === 'value' || (e.kind === 'enter' && e.container === 'array')) validate(sarifRootSchema, e.kind === 'value' ? e.value : [], file, NAME);
          continue;
        }
        if (path[0] === 'version' && path.length === 1 && e.kind === 'value') version = validate(sarifVersionSchema, e.value, file, NAME, ['version']);
        if (path[0] !== 'runs') continue;
        if (path.length === 1) {
          if (e.kind === 'value' || (e.kind === 'enter' && e.container === 'object'))
            validate(sarifRunsSchema, e.kind === 'value' ? e.value : {}, file, NAME, ['runs']);
          continue;
        }
        const index = path[1] as number;
        if (path.length === 2) {
          if (e.kind === 'value' || (e.kind === 'enter' && e.container === 'array'))
            validate(sarifRunSchema, e.kind === 'value' ? e.value : [], file, NAME, ['runs', index]);
          else if (e.kind === 'enter') run = { index, members: {}, run: null, target: {}, rules: null, header: null, held: null };
          else if (e.kind === 'exit' && run) {
            yield* endRun(run);
            run = null;
          }
          continue;
        }
        if (!run || path.length !== 3) continue;
        const member = path[2] as string;
        if (member === 'results') {
          if (e.kind === 'value') validate(sarifResultsSchema, e.value, file, NAME, ['runs', index, 'results']);
          else if (e.kind === 'enter') {
            if (Object.hasOwn(run.members, 'tool')) {
              header(run, run.members);
              run.header = headerItem(run);
              yield run.header;
            } else run.held = [];
          } else if (e.kind === 'elements') {
            const out: ParseItem[] = [];
            results(run, e.values, e.first, out);
            yield* out;
          } else if (e.kind === 'split') {
            // Their findings, fingerprinted as this reader would have (FileFingerprinter.replay).
            const read = e.read as SarifSplitRead;
            const { tool, category } = toolAndCategory(run.run!);
            const part: SpilledPart = { dir: read.dir, findings: read.findings, alternates: fingerprint.replay(read.spots), claimed: false };
            parts.push(part);
            ctx.split?.used?.(read.findings);
            yield { kind: 'spilled', tool, category, part };
          }
        } else if (e.kind === 'value') run.members[member] = e.value;
      }
    }
  } finally {
    for (const part of parts) if (!part.claimed) await rm(part.dir, { recursive: true, force: true });
  }
  validate(sarifVersionSchema, version, file, NAME, ['version']);

  /** The run is complete: its header as a whole, then the results held for it. */
  function* endRun(state: RunState): Generator<ParseItem> {
    const before = state.header;
    header(state, state.members);
    const complete = headerItem(state);
    if (before === null || before.scannedAt !== complete.scannedAt) yield complete;
    const out: ParseItem[] = [];
    for (const { value, index } of state.held ?? []) resultItems(state, value, index, out);
    yield* out;
  }
}

/**
 * A split's second reader (app/split-import.ts): the results of the run `context` describes,
 * from the element at `at` to the array's end, as the file's reader would read them, in batches
 * to `sink`, with `fingerprint` (a recordingFingerprinter). Null where that reading would not
 * be findings alone (a skipped result, a line out of range, a result waiting for the run's
 * artifacts) or the bytes do not read to the array's end: the file's reader reads them then.
 * Throws what the file's reader would throw (which it then does, with the place).
 */
export async function readSarifResults(
  source: ImportSource,
  ctx: ParseContext,
  request: { path: readonly PathSegment[]; prefix: Buffer; at: number; context: unknown },
  fingerprint: Fingerprinter,
  sink: (findings: RawFinding[]) => Promise<void>,
): Promise<{ end: number; count: number } | null> {
  const context = request.context as SarifSplitContext;
  const { header, resultItems } = runReading(source.path, ctx, fingerprint);
  const state: RunState = { index: context.index, members: context.members, run: null, target: {}, rules: null, header: null, held: null };
  header(state, context.members);
  const scanner = JsonScanner.elementsOf(PLAN, request.path, request.prefix, request.at);
  let count = 0;
  const out: ParseItem[] = [];
  const stream = source.open({ start: request.at });
  try {
    for await (const chunk of stream) {
      const findings: RawFinding[] = [];
      for (const e of scanner.feed(chunk as Buffer)) {
        if (e.kind !== 'elements') continue;
        for (const value of e.values) {
          if (needsArtifacts(value, state)) return null;
          out.length = 0;
          resultItems(state, value, count++, out);
          for (const item of out) {
            if (item.kind !== 'finding') return null;
            findings.push(item.finding);
          }
        }
      }
      if (findings.length > 0) await sink(findings);
      if (scanner.closedAt !== null) return { end: scanner.closedAt, count };
    }
    return null;
  } finally {
    stream.destroy();
  }
}

/** A run's tool and its category, found once per run header rather than once per result. */
const runTools = new WeakMap<SarifRun, { tool: string; category: Category }>();
function toolAndCategory(run: SarifRun): { tool: string; category: Category } {
  let found = runTools.get(run);
  if (found === undefined) {
    const tool = toolOf(run);
    runTools.set(run, (found = { tool, category: categoryOfTool(tool) }));
  }
  return found;
}

function toolOf(run: SarifRun): string {
  return run.tool.driver.name.trim() || sarifImporter.defaultTool;
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
  const startLine = region?.startLine;
  // SARIF lines are 1-based; one outside the store's range is dropped, and the caller says so.
  const line = startLine !== undefined && isLineNumber(startLine) ? startLine : null;
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
    basis =
      (lineHash !== undefined ? String(lineHash) : null) ??
      joinHashes(result.fingerprints) ??
      joinHashes(result.partialFingerprints) ??
      `${line ?? ''}:${message ?? ''}`;
  }
  const title = titleOf(message, rule, ruleId);

  const finding: RawFinding = {
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
    occurrences: 1,
  };
  // Only a secret scanner's findings carry one (an object spread per finding cost more than this).
  if (secret) finding.secret = secret;
  return finding;
}

/** A run's scan time: the latest time its invocations state, with its place. */
function scannedAtOf(run: SarifRun, file: string, index: number): Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'> {
  let latest: { scannedAt: Millis; scannedAtPlace: Place } | null = null;
  for (const [i, inv] of (run.invocations ?? []).entries()) {
    for (const [key, raw] of [
      ['startTimeUtc', inv.startTimeUtc],
      ['endTimeUtc', inv.endTimeUtc],
    ] as const) {
      const jsonPath = `$.runs[${index}].invocations[${i}].${key}`;
      const t = statedTime(raw, file, NAME, jsonPath);
      if (t !== null && (latest === null || t > latest.scannedAt)) latest = { scannedAt: t, scannedAtPlace: { jsonPath } };
    }
  }
  return latest ?? { scannedAt: null };
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
  const score = cvssOf(result.properties?.['security-severity']) ?? partsOfRule(rule).score;
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
  if (!uri.includes('%') && !/^file:/i.test(uri)) return uri;
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

/** What a rule contributes to each of its results, read once per rule (a run has millions of results and dozens of rules). */
interface RuleParts {
  /** As the rule lists them (cwesOf adds a result's own, then deduplicates). */
  cwes: number[];
  /** The same, positive and each once, in order: what a result without CWEs of its own has. */
  uniqueCwes: number[];
  ids: string[];
  score: number | null;
}
const ruleParts = new WeakMap<SarifRule, RuleParts>();
const NO_RULE: RuleParts = { cwes: [], uniqueCwes: [], ids: [], score: null };

function partsOfRule(rule: SarifRule | undefined): RuleParts {
  if (!rule) return NO_RULE;
  let parts = ruleParts.get(rule);
  if (!parts) {
    const cwes: number[] = [];
    for (const rel of rule.relationships ?? []) addCwe(cwes, rel.target.id, rel.target.toolComponent?.name);
    for (const tag of tagsOf(rule.properties)) addCwe(cwes, tag);
    parts = { cwes, uniqueCwes: uniquePositive(cwes), ids: idsIn(tagsOf(rule.properties)), score: cvssOf(rule.properties?.['security-severity']) };
    ruleParts.set(rule, parts);
  }
  return parts;
}

function addCwe(found: number[], value: unknown, componentName?: string): void {
  if (typeof value !== 'string') return;
  const m = CWE_PATTERN.exec(value);
  if (m) found.push(Number(m[1]));
  else if (componentName !== undefined && /cwe/i.test(componentName) && /^\d+$/.test(value.trim())) found.push(Number(value));
}

function cwesOf(rule: SarifRule | undefined, result: SarifResult): number[] {
  const parts = partsOfRule(rule);
  // The usual result adds nothing of its own to its rule's CWEs: a copy of the rule's, deduplicated once.
  if (result.taxa === undefined && (result.properties === undefined || (result.properties['tags'] === undefined && result.properties['cwe'] === undefined)))
    return parts.uniqueCwes.slice();
  const found = [...parts.cwes];
  for (const tag of tagsOf(result.properties)) addCwe(found, tag);
  const resultCwe = result.properties?.['cwe'];
  if (Array.isArray(resultCwe)) for (const value of resultCwe) addCwe(found, value);
  else addCwe(found, resultCwe);
  for (const taxon of result.taxa ?? []) addCwe(found, taxon.id, taxon.toolComponent?.name);
  return uniquePositive(found);
}

/** The positive numbers of `list`, each once, in order: without a Set per result (a tenth of a large import's garbage was Sets). */
function uniquePositive(list: readonly number[]): number[] {
  const out: number[] = [];
  for (const n of list) if (n > 0 && !out.includes(n)) out.push(n);
  return out;
}

function vulnerabilityIdsOf(ruleId: string | null, rule: SarifRule | undefined, result: SarifResult): string[] {
  const parts = partsOfRule(rule);
  // The usual result: a rule id that names no CVE or GHSA, no tags of its own, a rule without ids.
  if (parts.ids.length === 0 && result.properties?.['tags'] === undefined && (ruleId === null || !MAY_NAME_ID.test(ruleId))) return [];
  const ids = idsIn([ruleId]);
  for (const id of parts.ids) ids.push(id);
  for (const id of idsIn(tagsOf(result.properties))) ids.push(id);
  return uniqueStrings(ids);
}

const MAY_NAME_ID = /cve|ghsa/i;

function idsIn(texts: readonly (string | null)[]): string[] {
  const ids: string[] = [];
  for (const text of texts) {
    if (!text || !MAY_NAME_ID.test(text)) continue;
    for (const m of text.matchAll(/\bCVE-\d{4}-\d{4,}\b/gi)) ids.push(m[0].toUpperCase());
    for (const m of text.matchAll(/\bGHSA(-[23456789cfghjmpqrvwx]{4}){3}\b/gi)) ids.push(`GHSA${m[0].slice(4).toLowerCase()}`);
  }
  return ids;
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
