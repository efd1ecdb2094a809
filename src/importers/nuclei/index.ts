import { InputError, type Place } from '../../domain/errors.js';
import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { normalizeSeverity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { cweNumbers, statedTime } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { jsonPath, parseJsonText, readText } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { resultSchema, type NucleiResult } from './schema.js';

const NAME = 'Nuclei JSON';
const TOOL = 'nuclei';
/** How many matched endpoints a finding's description lists. */
const MAX_LISTED_ENDPOINTS = 20;
/**
 * Templates whose extracted results are secrets (exposed tokens, keys, passwords): those
 * results are hashed, never put in the description.
 */
const SECRET_TEMPLATE = /token|secret|passw|credential|api[-_]?key|private[-_]?key|default-login|(^|[/_,-])keys?($|[/_,.-])/i;

export const nucleiImporter: ScannerImporter = {
  id: 'nuclei',
  name: NAME,
  defaultCategory: 'dast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if ((has('template-id') || has('templateID')) && has('info')) return 90;
  // Nuclei writes an empty file when nothing matched: only the name can tell.
  if (head.trim() === '' && /nuclei/i.test(path)) return 40;
  return 0;
}

/** A record and where it sits: a JSON-lines line, or an index of a JSON array. */
interface Located {
  record: unknown;
  place: (path: readonly PropertyKey[]) => Place;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const records = readRecords(await readText(source, NAME), source.path);
  const results: { result: NucleiResult; place: (path: readonly PropertyKey[]) => Place }[] = [];
  for (const { record, place } of records) {
    const parsed = resultSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(source.path, NAME, place(issue.path), issue.message);
    }
    results.push({ result: parsed.data, place });
  }

  // The scan started with its first result; a result's time that is not a timestamp is an error at its place.
  let first: { scannedAt: Millis; scannedAtPlace: Place } | null = null;
  for (const { result, place } of results) {
    const at = place(['timestamp']);
    const t = statedTime(result.timestamp, source.path, NAME, at);
    if (t !== null && (first === null || t < first.scannedAt)) first = { scannedAt: t, scannedAtPlace: at };
  }
  yield { kind: 'scan', tool: TOOL, category: 'dast', ...(first ?? { scannedAt: null }), covers: [{ tool: TOOL, category: 'dast' }] };

  const fingerprint = fingerprinter();
  // DefectDojo merges the results of one template, type and matcher on one host; the
  // matched URLs of the host become the finding's endpoints.
  const merged = new Map<string, { finding: RawFinding; result: NucleiResult; endpoints: string[]; extracted: string[] }>();
  const order: (string | SkipItem)[] = [];
  for (const { result, place } of results) {
    const templateId = result['template-id'] ?? result.templateID ?? null;
    const info = result.info;
    if (!templateId || !info) {
      order.push(skip(templateId ? `result of ${templateId} without info` : 'result without a template id', place([])));
      continue;
    }
    if (result['matcher-status'] === false) {
      order.push(skip(`template ${templateId} did not match (matcher-status false)`, place([])));
      continue;
    }
    const severity = normalizeSeverity(info.severity);
    if (!severity) {
      order.push(
        skip(info.severity ? `template ${templateId} has an unknown severity "${info.severity}"` : `template ${templateId} has no severity`, place(['info'])),
      );
      continue;
    }
    const matched = result['matched-at'] ?? result.matched ?? null;
    const target = matched || result.host || result.url?.replace(/^\/+/, '') || result.ip || null;
    const host = hostOf(matched) ?? hostOf(result.host) ?? hostOf(result.url?.replace(/^\/+/, '')) ?? hostOf(result.ip) ?? '';
    const matcher = result['matcher-name'] ?? result.matcher_name ?? null;
    const type = result.type ?? '';
    const key = [templateId, type, matcher ?? '', host].join('\u0000');
    const endpoint = target ? displayEndpoint(target) : null;
    // Credentials in URLs the template extracted (a git remote) are dropped like those of endpoints.
    const extracted = (result['extracted-results'] ?? result.extracted_results ?? [])
      .filter((x): x is string => typeof x === 'string')
      .map((x) => x.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1'));
    const existing = merged.get(key);
    if (existing) {
      existing.finding.occurrences++;
      if (endpoint && !existing.endpoints.includes(endpoint)) existing.endpoints.push(endpoint);
      for (const x of extracted) if (!existing.extracted.includes(x)) existing.extracted.push(x);
      continue;
    }
    const tags = listOf(info.tags)
      .flatMap((t) => t.split(','))
      .map((t) => t.trim().toLowerCase());
    merged.set(key, {
      result,
      endpoints: endpoint ? [endpoint] : [],
      extracted: [...extracted],
      finding: {
        fingerprint: fingerprint(['nuclei', templateId, type, matcher ?? '', host], ''),
        severity,
        title: info.name?.trim() || templateId,
        ruleId: templateId,
        vulnerabilityIds: [...new Set(listOf(info.classification?.['cve-id']).map((id) => id.trim().toUpperCase()))].filter(Boolean),
        cwes: cweNumbers(listOf(info.classification?.['cwe-id'])),
        file: endpoint,
        line: null,
        // DefectDojo's component is the matcher: the header, technology or variant that matched.
        component: { name: matcher, version: null },
        fixVersion: null,
        fixAvailableAt: null,
        description: null,
        falsePositive: false,
        // Tagged `kev`: in CISA's catalog of known exploited vulnerabilities.
        exploitAvailable: tags.includes('kev'),
        occurrences: 1,
      },
    });
    order.push(key);
  }
  for (const entry of order) {
    if (typeof entry !== 'string') {
      yield entry;
      continue;
    }
    const { finding, result, endpoints, extracted } = merged.get(entry)!;
    const secretTemplate = [result['template-id'], result.templateID, result.template, ...listOf(result.info?.tags)].some((s) => s && SECRET_TEMPLATE.test(s));
    const secret: RedactedSecret | undefined = secretTemplate && extracted[0] ? ctx.redactSecret(extracted[0]) : undefined;
    yield {
      kind: 'finding',
      finding: { ...finding, description: describe(result, endpoints, secretTemplate ? [] : extracted), ...(secret ? { secret } : {}) },
    };
  }
}

/** JSON lines (`-jsonl`, one result a line) or a JSON array (`-json-export`); an empty file has no results. */
function readRecords(text: string, file: string): Located[] {
  const start = text.trimStart();
  if (start === '') return [];
  if (start.startsWith('[')) {
    const data = parseJsonText(text, file, NAME);
    if (!Array.isArray(data)) throw new InputError(file, NAME, { jsonPath: '$' }, 'expected a JSON array of results');
    return data.map((record, i) => ({ record, place: (path) => ({ jsonPath: jsonPath([i, ...path]) }) }));
  }
  if (!start.startsWith('{')) throw new InputError(file, NAME, { line: 1 }, 'expected JSON lines or a JSON array of Nuclei results');
  const out: Located[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = i + 1;
    let record: unknown;
    try {
      record = parseJsonText(raw, file, NAME);
    } catch (err) {
      // One result written over several lines (a pretty-printed object) is still one result.
      const whole = singleObject(text, file);
      if (whole !== undefined) return [{ record: whole, place: (path) => ({ jsonPath: jsonPath(path) }) }];
      const detail = err instanceof InputError ? err.detail : String(err);
      const column = err instanceof InputError ? err.place.column : undefined;
      throw new InputError(file, NAME, column !== undefined ? { line, column } : { line }, detail, { cause: err });
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new InputError(file, NAME, { line }, 'expected one JSON object per line');
    out.push({ record, place: (path) => ({ line, ...(path.length > 0 ? { jsonPath: jsonPath(path) } : {}) }) });
  }
  return out;
}

function singleObject(text: string, file: string): object | undefined {
  try {
    const data = parseJsonText(text, file, NAME);
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function listOf(value: string | readonly string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function skip(reason: string, place: Place): SkipItem {
  return { kind: 'skip', reason, place };
}

/** The host name of a URL or `host[:port]`, lower-cased, without port or credentials. */
function hostOf(target: string | null | undefined): string | null {
  if (!target) return null;
  let rest = target.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(rest);
  rest = scheme ? rest.slice(scheme[0].length) : rest.replace(/^\/\//, '');
  rest = rest.split(/[/?#]/)[0] ?? '';
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    return end > 1 ? rest.slice(1, end).toLowerCase() : null;
  }
  return rest.replace(/:\d*$/, '').toLowerCase() || null;
}

/**
 * An endpoint as secscore shows it: credentials and the query string are dropped, since
 * they can hold passwords and tokens (`?token=...`), which are never stored.
 */
function displayEndpoint(target: string): string {
  const t = target.trim();
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)/i.exec(t);
  if (!m) return t.split(/[?#]/)[0]!.replace(/^[^@/]*@/, '');
  const authority = m[2]!.slice(m[2]!.lastIndexOf('@') + 1);
  return `${m[1]}${authority}${m[3]}`;
}

function describe(result: NucleiResult, endpoints: readonly string[], extracted: readonly string[]): string | null {
  const info = result.info;
  const listed = endpoints.slice(0, MAX_LISTED_ENDPOINTS);
  const more = endpoints.length - listed.length;
  return (
    [
      info?.description?.trim(),
      extracted.length > 0 && `Results:\n${extracted.join('\n')}`,
      endpoints.length > 1 && `Endpoints:\n${listed.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`,
      info?.remediation && `Remediation: ${info.remediation.trim()}`,
      listOf(info?.reference).length > 0 && `References:\n${listOf(info?.reference).join('\n')}`,
    ]
      .filter(Boolean)
      .join('\n\n') || null
  );
}
