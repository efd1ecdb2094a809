import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, type Place } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { isCategory, normalizeSeverity, type Category, type Severity } from '../../domain/severity.js';
import { parseTimestamp, type Millis } from '../../domain/time.js';
import { cweNumbers, dojoExcluded } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { parseJsonText, readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter } from '../types.js';
import { findingSchema, reportSchema, type GenericEndpoint, type GenericFinding } from './schema.js';

const NAME = 'DefectDojo Generic Findings Import';
const DEFAULT_TOOL = 'generic';
/** DefectDojo's scan type; a `type` naming it (or ending with it in parentheses) names no tool. */
const SCAN_TYPE = 'Generic Findings Import';

export const defectdojoGenericImporter: ScannerImporter = {
  id: 'defectdojo-generic',
  name: `${NAME} (JSON or CSV; pen tests and any other source)`,
  defaultCategory: 'pentest',
  defaultTool: DEFAULT_TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const start = head.trimStart();
  if (start.startsWith('{')) {
    if (!/"findings"\s*:\s*\[/.test(head)) return 0;
    const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
    return has('title') && has('severity') ? 70 : 30;
  }
  const columns = csvHeaderColumns(start);
  if (columns.has('title') && columns.has('severity') && columns.has('description')) return columns.has('date') ? 85 : 75;
  if (/\.csv$/i.test(path) && columns.has('title') && columns.has('severity')) return 40;
  return 0;
}

/** The normalised column names of a CSV header line (`Vulnerability Id` → `vulnerabilityid`). */
function csvHeaderColumns(text: string): Set<string> {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  if (!first.includes(',')) return new Set();
  return new Set(first.split(',').map(columnKey));
}

function columnKey(name: string): string {
  return name
    .trim()
    .replace(/^"|"$/g, '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  if (text.trimStart().startsWith('{')) yield* parseJson(text, source.path);
  else yield* parseCsvReport(text, source.path);
}

/** The same finding in both forms, before it becomes a RawFinding. */
interface Draft {
  title: string;
  severity: Severity;
  description: string | null;
  extra: [label: string, text: string | null | undefined][];
  ruleId: string | null;
  vulnerabilityIds: string[];
  cwes: number[];
  file: string | null;
  line: number | null;
  component: { name: string | null; version: string | null };
  fixVersion: string | null;
  endpoints: string[];
  falsePositive: boolean;
  exploitAvailable: boolean;
  openedAt: Millis | null;
  fixedAt: Millis | null;
}

function toFinding(d: Draft, fingerprint: string, occurrences: number): RawFinding {
  const sections = [
    d.description?.trim(),
    ...d.extra.map(([label, t]) => (t?.trim() ? `${label}: ${t.trim()}` : undefined)),
    d.endpoints.length > 0 ? `Endpoints: ${d.endpoints.join(', ')}` : undefined,
  ];
  return {
    fingerprint,
    severity: d.severity,
    title: d.title,
    ruleId: d.ruleId,
    vulnerabilityIds: d.vulnerabilityIds,
    cwes: d.cwes,
    file: d.file,
    line: d.line,
    component: d.component,
    fixVersion: d.fixVersion,
    fixAvailableAt: null,
    description: sections.filter((s): s is string => typeof s === 'string' && s !== '').join('\n\n') || null,
    falsePositive: d.falsePositive,
    exploitAvailable: d.exploitAvailable,
    occurrences,
    toolOpenedAt: d.openedAt,
    toolFixedAt: d.fixedAt,
  };
}

/** `29/02/2024`, `01/30/2018` and ISO dates: DefectDojo reads them with dateutil (month first where both fit). */
function parseDate(raw: string): Millis | null {
  const s = raw.trim();
  const iso = parseTimestamp(s);
  if (iso !== null) return iso;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  let [month, day] = [Number(m[1]), Number(m[2])];
  if (month > 12) [month, day] = [day, month];
  const t = Date.UTC(Number(m[3]), month - 1, day);
  const d = new Date(t);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : null;
}

function parseFlag(raw: boolean | string | null | undefined): boolean | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'boolean') return raw;
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  // DefectDojo's rule: true when the text starts with "t"; "yes" and "1" are accepted too.
  return s.startsWith('t') || s === 'yes' || s === 'y' || s === '1';
}

/** One date for the whole file, where every finding carries the same one: the report's date, at the place of the first. */
function fileDate(dates: readonly (Millis | null)[], first: Place): Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'> {
  if (dates.length === 0 || dates.some((d) => d === null) || new Set(dates).size !== 1) return { scannedAt: null };
  return { scannedAt: dates[0]!, scannedAtPlace: first };
}

function uniqueTrimmed(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.flatMap((v) => (typeof v === 'string' && v.trim() !== '' ? [v.trim()] : [])))];
}

// ---------------------------------------------------------------- JSON

function* parseJson(text: string, file: string): Iterable<ParseItem> {
  const data = parseJsonText(text, file, NAME);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new InputError(file, NAME, { jsonPath: '$' }, 'expected an object with a "findings" list');
  const report = validate(reportSchema, data, file, NAME);
  const drafts = report.findings.map((raw, i) => jsonDraft(raw, i, file));
  const type = report.type?.trim() ?? '';
  const tool = type.replace(new RegExp(`\\s*\\(${SCAN_TYPE}\\)$`, 'i'), '').trim();
  const category = report.category?.trim().toLowerCase();
  if (category && !isCategory(category)) throw new InputError(file, NAME, { jsonPath: '$.category' }, `unknown category "${report.category}"`);
  const header: ScanHeader = {
    kind: 'scan',
    tool: tool && tool.toLowerCase() !== SCAN_TYPE.toLowerCase() ? tool : DEFAULT_TOOL,
    category: (category as Category | undefined) || 'pentest',
    ...fileDate(
      drafts.map((d) => d.draft.openedAt),
      { jsonPath: '$.findings[0].date' },
    ),
  };
  yield header;
  // No merging: DefectDojo imports every entry of `findings` as one finding.
  const fingerprint = fingerprinter();
  for (const { draft, uid } of drafts) yield { kind: 'finding', finding: toFinding(draft, jsonFingerprint(draft, uid, fingerprint), 1) };
}

const REQUIRED = ['description', 'severity', 'title'] as const;

function jsonDraft(raw: unknown, i: number, file: string): { draft: Draft; uid: string | null } {
  const at = (...path: PropertyKey[]): Place => ({ jsonPath: `$.findings[${i}]${path.map((p) => `.${String(p)}`).join('')}` });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(file, NAME, at(), 'a finding must be an object');
  const missing = REQUIRED.filter((k) => !Object.hasOwn(raw, k));
  if (missing.length > 0) throw new InputError(file, NAME, at(), `required fields are missing: ${missing.join(', ')}`);
  const f = validate(findingSchema, raw, file, NAME, ['findings', i]);
  const title = f.title.trim();
  if (!title) throw new InputError(file, NAME, at('title'), 'the title is empty');
  const severity = normalizeSeverity(f.severity);
  if (severity === null) throw new InputError(file, NAME, at('severity'), `unknown severity "${f.severity}" (expected Critical, High, Medium, Low or Info)`);
  const date = (field: 'date' | 'mitigated'): Millis | null => {
    const value = f[field];
    if (!value?.trim()) return null;
    return parseDate(value) ?? fail(file, at(field), `"${value}" is not a date`);
  };
  const mitigated = parseFlag(f.is_mitigated) === true;
  const openedAt = date('date');
  // A mitigation date that is not a date is refused even where the finding is not mitigated: it is bad input all the same.
  const mitigatedAt = date('mitigated');
  const fixedAt = mitigated ? mitigatedAt : null;
  const line = typeof f.line === 'number' ? f.line : typeof f.line === 'string' && /^\s*\d+\s*$/.test(f.line) ? Number(f.line) : null;
  const draft: Draft = {
    title,
    severity,
    description: f.description,
    extra: [
      ['Impact', f.impact],
      ['Mitigation', f.mitigation],
      ['Steps to reproduce', f.steps_to_reproduce],
      ['References', f.references],
    ],
    ruleId: f.vuln_id_from_tool?.trim() || null,
    vulnerabilityIds: uniqueTrimmed([f.cve, ...(f.vulnerability_ids ?? []).map((v) => (typeof v === 'string' ? v : v.vulnerability_id))]),
    // The primary CWE first, then the others (DefectDojo keeps `cwe` apart from `cwes`).
    cwes: cweNumbers([f.cwe, ...(f.cwes ?? [])]),
    file: f.file_path?.trim() || null,
    line: line !== null && Number.isInteger(line) && line > 0 ? line : null,
    component: { name: f.component_name?.trim() || null, version: f.component_version?.trim() || null },
    fixVersion: f.fix_version?.trim() || null,
    endpoints: uniqueTrimmed((f.endpoints ?? []).map(endpointText)),
    // As DefectDojo's own findings read (fields.ts): a mitigation with both dates is a fix, not excluded.
    falsePositive: dojoExcluded({
      active: parseFlag(f.active),
      falsePositive: parseFlag(f.false_p),
      outOfScope: parseFlag(f.out_of_scope),
      mitigated,
      openedAt,
      fixedAt,
    }),
    exploitAvailable: parseFlag(f.known_exploited) === true,
    openedAt,
    fixedAt,
  };
  const uid = f.unique_id_from_tool === null || f.unique_id_from_tool === undefined ? '' : String(f.unique_id_from_tool).trim();
  return { draft, uid: uid || null };
}

function fail(file: string, place: Place, detail: string): never {
  throw new InputError(file, NAME, place, detail);
}

function endpointText(e: GenericEndpoint): string {
  if (typeof e === 'string') return e;
  const host = e.host?.trim() ?? '';
  const port = e.port === null || e.port === undefined || e.port === '' ? '' : `:${e.port}`;
  const path = e.path?.trim() ? `/${e.path.trim().replace(/^\/+/, '')}` : '';
  return `${e.protocol?.trim() ? `${e.protocol.trim()}://` : ''}${host}${port}${path}${e.query?.trim() ? `?${e.query.trim()}` : ''}`;
}

/**
 * The tool's own unique id where the file gives one; else what the finding is about: its rule
 * (or title), primary vulnerability id, file, component and endpoints. The line and the wording of
 * the description only keep apart two entries that are otherwise the same.
 */
function jsonFingerprint(d: Draft, uid: string | null, fingerprint: Fingerprinter): string {
  if (uid !== null) return fingerprint(['uid', uid], '');
  const key = ['finding', d.ruleId ?? d.title, d.vulnerabilityIds[0] ?? '', d.file ?? '', d.component.name ?? '', [...d.endpoints].sort().join(' ')];
  return fingerprint(key, `${d.line ?? ''}|${d.title}|${d.description ?? ''}`);
}

// ---------------------------------------------------------------- CSV

const CSV_REQUIRED = ['title', 'severity', 'description'] as const;

interface CsvRow {
  record: string[];
  info: { lines: number; records: number };
}

/**
 * The CSV form: a header row, one finding per row. Cells are text and stay text: a cell that a
 * spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`) is kept as
 * written and never evaluated. Rows with the same severity, title and description are one
 * finding, as DefectDojo merges them, with their endpoints, ids and CWEs combined.
 */
function* parseCsvReport(text: string, file: string): Iterable<ParseItem> {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRow[];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    throw new InputError(file, NAME, typeof line === 'number' ? { line } : {}, `not valid CSV: ${(err as Error).message}`, { cause: err });
  }
  const [header, ...data] = rows;
  if (header === undefined) throw new InputError(file, NAME, { row: 1 }, 'the file is empty (expected a header row with Title, Severity and Description)');
  const columns = new Map<string, number>();
  header.record.forEach((name, index) => {
    const key = columnKey(name);
    if (!columns.has(key)) columns.set(key, index);
  });
  for (const required of CSV_REQUIRED) {
    if (!columns.has(required))
      throw new InputError(file, NAME, { row: 1, field: required }, `missing column "${required}" (the header needs Title, Severity and Description)`);
  }

  const merged = new Map<string, { draft: Draft; occurrences: number }>();
  const dates: (Millis | null)[] = [];
  let firstDate: Place = {};
  for (const { record, info } of data) {
    const row = info.records;
    const cell = (column: string): string | undefined => {
      const index = columns.get(column);
      const value = index === undefined ? undefined : record[index];
      return value === undefined || value.trim() === '' ? undefined : value;
    };
    const place = (column: string): Place => ({ row, line: info.lines, field: header.record[columns.get(column) ?? -1] ?? column });
    const title = cell('title')?.trim();
    if (!title) throw new InputError(file, NAME, place('title'), 'the title is empty');
    const severityText = cell('severity') ?? '';
    const severity =
      normalizeSeverity(severityText) ?? fail(file, place('severity'), `unknown severity "${severityText}" (expected Critical, High, Medium, Low or Info)`);
    const date = (column: string): Millis | null => {
      const value = cell(column);
      return value === undefined ? null : (parseDate(value) ?? fail(file, place(column), `"${value}" is not a date`));
    };
    const flag = (column: string): boolean | null => parseFlag(cell(column));
    const mitigated = flag('ismitigated') === true;
    const openedAt = date('date');
    const mitigatedAt = date('mitigateddate');
    const fixedAt = mitigated ? mitigatedAt : null;
    const description = record[columns.get('description')!] ?? '';
    const draft: Draft = {
      title,
      severity,
      description,
      extra: [
        ['Impact', cell('impact')],
        ['Mitigation', cell('mitigation')],
        ['References', cell('references')],
      ],
      ruleId: null,
      vulnerabilityIds: uniqueTrimmed([cell('cve'), cell('vulnerabilityid')]),
      cwes: cweNumbers([cell('cweid')?.trim(), ...(cell('cweids') ?? '').split(/[\s,;]+/)]),
      file: null,
      line: null,
      component: { name: null, version: null },
      fixVersion: cell('fixversion')?.trim() ?? null,
      endpoints: uniqueTrimmed([cell('url')]),
      falsePositive: dojoExcluded({ active: flag('active'), falsePositive: flag('falsepositive'), mitigated, openedAt, fixedAt }),
      exploitAvailable: flag('knownexploited') === true,
      openedAt,
      fixedAt,
    };
    if (dates.length === 0) firstDate = place('date');
    dates.push(draft.openedAt);
    const key = [severity, title, description].join('\u001f');
    const seen = merged.get(key);
    if (seen === undefined) {
      merged.set(key, { draft, occurrences: 1 });
      continue;
    }
    seen.occurrences++;
    seen.draft.endpoints = uniqueTrimmed([...seen.draft.endpoints, ...draft.endpoints]);
    seen.draft.vulnerabilityIds = uniqueTrimmed([...seen.draft.vulnerabilityIds, ...draft.vulnerabilityIds]);
    seen.draft.cwes = cweNumbers([...seen.draft.cwes, ...draft.cwes]);
  }

  const all = [...merged.values()];
  yield { kind: 'scan', tool: DEFAULT_TOOL, category: 'pentest', ...fileDate(dates, firstDate) };
  const fingerprint = fingerprinter();
  for (const { draft, occurrences } of all) {
    // The title is what a finding of a pen-test report is; severity and description keep apart
    // two findings that share a title.
    yield { kind: 'finding', finding: toFinding(draft, fingerprint(['row', draft.title], `${draft.severity}|${draft.description ?? ''}`), occurrences) };
  }
}
