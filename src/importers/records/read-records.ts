import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, type Place } from '../../domain/errors.js';
import { repoKey } from '../../domain/service.js';
import { parseTimestamp } from '../../domain/time.js';
import { readText } from '../json-input.js';
import type { ImportSource } from '../types.js';
import { normalizeColumnName, type ColumnSpec, type RecordKind, type ValueType } from './record-kind.js';

/** What the reader checks names against: the catalog as loaded. */
export interface RecordLookup {
  services: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  /** The service whose catalog entry lists this canonical repository key. */
  serviceOfRepo(repo: string): string | undefined;
}

export type RecordSyntax = 'csv' | 'jsonl';

export interface RecordsRead {
  /** `json`: a JSON document another tool writes (Prowler's results read as cloud controls). */
  syntax: RecordSyntax | 'json';
  /** The format named in messages: "incidents CSV", "alerts JSON lines". */
  format: string;
  /** One object per record with every stored field of the kind, null where the file gives none. */
  rows: Record<string, unknown>[];
  warnings: string[];
}

/** JSON lines when the first non-blank character opens an object; CSV otherwise. */
export function recordSyntaxOf(head: string): RecordSyntax {
  return head.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function recordFormatName(kind: RecordKind, syntax: RecordSyntax): string {
  return `${kind.kind} ${syntax === 'csv' ? 'CSV' : 'JSON lines'}`;
}

/** One record of the file: its cells by the kind's column name, and where it is. */
interface Entry {
  /** CSV: the row (header = 1); JSON lines: the line. */
  place: Place;
  cells: Map<string, { raw: unknown; as: string }>;
}

interface Parsed {
  entries: Entry[];
  /** The kind's columns the file has (CSV: in its header; JSON lines: on any line). */
  present: Set<string>;
  unknown: string[];
}

/**
 * Reads a file of operational records of one kind, CSV with a header row or JSON lines, into
 * rows ready to store. All or nothing: the first bad record throws an InputError that names
 * the file, the format, the row (CSV; the header is row 1) or line (JSON lines) and the column.
 * Unknown columns, repositories no service lists and unknown areas are kept as warnings.
 */
export async function readRecords(source: ImportSource, kind: RecordKind, lookup: RecordLookup): Promise<RecordsRead> {
  const syntax = recordSyntaxOf(source.head);
  const format = recordFormatName(kind, syntax);
  const text = await readText(source, format);
  const warnings: string[] = [];
  const fail = (place: Place, detail: string): never => {
    throw new InputError(source.path, format, place, detail);
  };
  if (text.trim() === '') {
    warnings.push(`the file is empty: no ${kind.name.toLowerCase()}`);
    return { syntax, format, rows: [], warnings };
  }
  const parsed = syntax === 'csv' ? csvEntries(text, kind, fail) : jsonlEntries(text, kind, fail);
  if (parsed.unknown.length > 0) {
    warnings.push(
      `ignored unknown column${parsed.unknown.length === 1 ? '' : 's'} ${parsed.unknown.map((u) => `"${clip(u)}"`).join(', ')} (known: ${kind.columns.map((c) => c.name).join(', ')})`,
    );
  }
  if (syntax === 'csv') {
    for (const c of kind.columns)
      if (c.required && !parsed.present.has(c.name)) fail({ row: 1, field: c.name }, `missing required column "${c.name}" (columns: ${columnList(kind)})`);
    for (const group of kind.oneOf ?? []) {
      if (!group.some((g) => parsed.present.has(g)))
        fail({ row: 1, field: group[0]! }, `needs a ${group.map((g) => `"${g}"`).join(' or a ')} column (columns: ${columnList(kind)})`);
    }
  }

  const notes = new Notes();
  const rows = parsed.entries.map((entry) => readEntry(entry, kind, lookup, notes, syntax, fail));
  numberSequence(kind, rows);
  warnings.push(...notes.messages(syntax), ...duplicateKeys(kind, rows, parsed.entries, syntax));
  return { syntax, format, rows, warnings };
}

function columnList(kind: RecordKind): string {
  return kind.columns.map((c) => (c.required ? `${c.name} (required)` : c.name)).join(', ');
}

function columnsByName(kind: RecordKind): Map<string, ColumnSpec> {
  return new Map(kind.columns.map((c) => [normalizeColumnName(c.name), c]));
}

// ---- CSV -----------------------------------------------------------------------------------

interface CsvRecord {
  record: string[];
  info: { records: number; lines: number };
}

function csvEntries(text: string, kind: RecordKind, fail: (place: Place, detail: string) => never): Parsed {
  let records: CsvRecord[] = [];
  try {
    records = parseCsv(text, { info: true, bom: true, trim: true, skip_empty_lines: true }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as { records?: unknown; lines?: unknown; message?: unknown };
    const place: Place = {};
    if (typeof e.records === 'number') place.row = e.records + 1;
    if (typeof e.lines === 'number') place.line = e.lines;
    fail(place, `not valid CSV: ${String(e.message)}`);
  }
  const [header, ...data] = records;
  const byName = columnsByName(kind);
  const columns: { index: number; spec: ColumnSpec; as: string }[] = [];
  const present = new Set<string>();
  const unknown: string[] = [];
  header?.record.forEach((name, index) => {
    const spec = byName.get(normalizeColumnName(name));
    if (spec === undefined) {
      unknown.push(name === '' ? `(column ${index + 1}, no name)` : name);
      return;
    }
    const seen = columns.find((c) => c.spec === spec);
    if (seen) fail({ row: 1, field: name }, `column "${name}" repeats column "${seen.as}"`);
    columns.push({ index, spec, as: name });
    present.add(spec.name);
  });
  const entries: Entry[] = [];
  for (const { record, info } of data) {
    // Spreadsheets export rows of empty cells below the data; they are not records.
    if (record.every((cell) => cell === '')) continue;
    const cells = new Map<string, { raw: unknown; as: string }>();
    for (const c of columns) cells.set(c.spec.name, { raw: record[c.index] ?? '', as: c.as });
    entries.push({ place: { row: info.records }, cells });
  }
  return { entries, present, unknown };
}

// ---- JSON lines ----------------------------------------------------------------------------

function jsonlEntries(text: string, kind: RecordKind, fail: (place: Place, detail: string) => never): Parsed {
  const byName = columnsByName(kind);
  const present = new Set<string>();
  const unknown = new Set<string>();
  const entries: Entry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const source = raw.replace(/\r$/, '');
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source, (key, v: unknown) => (key === '__proto__' ? undefined : v));
    } catch (error) {
      fail({ line }, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail({ line }, 'expected one JSON object per line');
    const cells = new Map<string, { raw: unknown; as: string }>();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const spec = byName.get(normalizeColumnName(key));
      if (spec === undefined) {
        unknown.add(key);
        continue;
      }
      const seen = cells.get(spec.name);
      if (seen) fail({ line, field: key }, `key "${key}" repeats key "${seen.as}"`);
      cells.set(spec.name, { raw: v, as: key });
      present.add(spec.name);
    }
    entries.push({ place: { line }, cells });
  });
  return { entries, present, unknown: [...unknown] };
}

// ---- records -------------------------------------------------------------------------------

function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function readEntry(
  entry: Entry,
  kind: RecordKind,
  lookup: RecordLookup,
  notes: Notes,
  syntax: RecordSyntax,
  fail: (place: Place, detail: string) => never,
): Record<string, unknown> {
  const id = entry.cells.get('id')?.raw;
  const base: Place = typeof id === 'string' && id.trim() !== '' ? { entity: clip(id.trim()), ...entry.place } : entry.place;
  const placeOf = (name: string): Place => ({ ...base, field: entry.cells.get(name)?.as ?? name });
  const row: Record<string, unknown> = {};
  for (const c of kind.columns) row[c.column] = null;
  for (const d of kind.derived ?? []) row[d.column] = null;

  for (const c of kind.columns) {
    const raw = entry.cells.get(c.name)?.raw;
    if (isEmpty(raw)) {
      if (c.required) fail(placeOf(c.name), syntax === 'csv' ? `"${c.name}" needs a value` : `"${c.name}" is required`);
      continue;
    }
    const read = readValue(raw, c.value, lookup);
    if ('error' in read) fail(placeOf(c.name), `${c.name}: ${read.error}`);
    else row[c.column] = read.value;
  }
  for (const group of kind.oneOf ?? []) {
    if (group.every((g) => isEmpty(entry.cells.get(g)?.raw))) fail(placeOf(group[0]!), `needs a value in ${group.map((g) => `"${g}"`).join(' or ')}`);
  }
  // Repositories and areas the catalog does not know are kept, and reported once per value.
  for (const c of kind.columns) {
    const value = row[c.column];
    if (typeof value !== 'string') continue;
    if (c.value.type === 'repo') {
      const service = lookup.serviceOfRepo(value);
      if (service === undefined) notes.add('repo', value, entry.place);
      const target = c.value.serviceColumn;
      if (target !== undefined && row[target] === null && service !== undefined) row[target] = service;
    } else if (c.value.type === 'area' && !lookup.areas.has(value)) {
      notes.add('area', value, entry.place);
    }
  }
  const problem = kind.check?.(row, kind);
  if (problem) fail(placeOf(problem.column), problem.detail);
  return row;
}

/** Numbers records 1, 2, ... in file order within each group of equal `within` fields. */
function numberSequence(kind: RecordKind, rows: Record<string, unknown>[]): void {
  const seq = kind.sequence;
  if (seq === undefined) return;
  const counters = new Map<string, number>();
  for (const row of rows) {
    const group = JSON.stringify(seq.within.map((w) => row[w]));
    const n = (counters.get(group) ?? 0) + 1;
    counters.set(group, n);
    row[seq.column] = n;
  }
}

/** Records of one file with the same key: the later one wins when stored; the operator should know. */
function duplicateKeys(kind: RecordKind, rows: Record<string, unknown>[], entries: Entry[], syntax: RecordSyntax): string[] {
  const first = new Map<string, number>();
  const out: string[] = [];
  rows.forEach((row, i) => {
    const key = JSON.stringify(kind.key.map((k) => row[k]));
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, i);
      return;
    }
    out.push(
      `${placeWord(syntax)}s ${placeNumber(entries[seen]!.place)} and ${placeNumber(entries[i]!.place)} have the same key (${describeKey(kind, row)}): the later one is kept`,
    );
  });
  return out.length > 5 ? [...out.slice(0, 5), `… and ${out.length - 5} more records with a repeated key`] : out;
}

function describeKey(kind: RecordKind, row: Record<string, unknown>): string {
  return kind.key
    .map((k) => {
      const spec = kind.columns.find((c) => c.column === k);
      const value = row[k];
      const shown = spec?.value.type === 'timestamp' && typeof value === 'number' ? new Date(value).toISOString() : String(value);
      return `${spec?.name ?? k} ${JSON.stringify(clip(shown))}`;
    })
    .join(', ');
}

function placeWord(syntax: RecordSyntax): string {
  return syntax === 'csv' ? 'row' : 'line';
}

function placeNumber(place: Place): number {
  return place.row ?? place.line ?? 0;
}

/** Values the catalog does not know, with where they occur, reported once each. */
class Notes {
  readonly #seen = new Map<string, { what: 'repo' | 'area'; value: string; places: Place[] }>();
  add(what: 'repo' | 'area', value: string, place: Place): void {
    const key = `${what}\u0000${value}`;
    const note = this.#seen.get(key) ?? { what, value, places: [] };
    note.places.push(place);
    this.#seen.set(key, note);
  }
  messages(syntax: RecordSyntax): string[] {
    return [...this.#seen.values()].map(({ what, value, places }) => {
      const numbers = places.slice(0, 5).map(placeNumber).join(', ') + (places.length > 5 ? ` and ${places.length - 5} more` : '');
      const where = `${placeWord(syntax)}${places.length === 1 ? '' : 's'} ${numbers}`;
      return what === 'repo'
        ? `repository "${clip(value)}" (${where}) is in no catalog service: kept without a service (add it to a service's repos in the catalog)`
        : `area "${clip(value)}" (${where}) is not a product area of the catalog: kept as written`;
    });
  }
}

// ---- values --------------------------------------------------------------------------------

type Read = { value: string | number | boolean } | { error: string };

/** Untrusted text quoted in a message: escaped (JSON) and cut short. */
function show(raw: unknown): string {
  if (typeof raw === 'string') return JSON.stringify(clip(raw));
  if (typeof raw === 'object' && raw !== null) return Array.isArray(raw) ? 'a JSON array' : 'a JSON object';
  return String(raw);
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function textOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return null;
}

const INTEGER = /^[+-]?\d+$/;
/** Whole-number columns are 32-bit integers on both engines. */
const MAX_INTEGER = 2_147_483_647;
/** Decimal columns are 64-bit floats, but a value is bound as an integer where it is one: beyond 2^53 it is not exact, beyond 2^127 DuckDB cannot bind it. */
const MAX_NUMBER = Number.MAX_SAFE_INTEGER;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/** Reads one value that is not empty. */
export function readValue(raw: unknown, type: ValueType, lookup: RecordLookup): Read {
  // PostgreSQL text cannot hold NUL; no record needs one.
  if (typeof raw === 'string' && raw.includes('\u0000')) return { error: 'contains a NUL character' };
  switch (type.type) {
    case 'text':
    case 'area': {
      const text = textOf(raw);
      return text === null ? { error: `expected text, got ${show(raw)}` } : { value: text };
    }
    case 'timestamp': {
      const text = typeof raw === 'string' ? raw.trim() : null;
      const t = text === null || !realDate(text.slice(0, 10)) ? null : parseTimestamp(text);
      return t === null ? { error: `expected an ISO 8601 timestamp such as 2026-08-01T09:30:00Z, got ${show(raw)}` } : { value: t };
    }
    case 'boolean': {
      const text = typeof raw === 'boolean' ? String(raw) : (textOf(raw)?.toLowerCase() ?? '');
      if (TRUE.has(text)) return { value: true };
      if (FALSE.has(text)) return { value: false };
      return { error: `expected true or false (also yes/no, 1/0), got ${show(raw)}` };
    }
    case 'integer':
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      const ok = type.type === 'integer' ? INTEGER.test(text) : DECIMAL.test(text);
      const n = ok ? Number(text) : Number.NaN;
      if (!Number.isFinite(n) || (type.type === 'integer' && !Number.isSafeInteger(n)))
        return { error: `expected ${type.type === 'integer' ? 'a whole number' : 'a number'}, got ${show(raw)}` };
      if (type.min !== undefined && n < type.min) return { error: `must be at least ${type.min}, got ${n}` };
      const max = type.type === 'integer' ? MAX_INTEGER : MAX_NUMBER;
      if (Math.abs(n) > max) return { error: `must be at most ${max}, got ${n}` };
      return { value: n };
    }
    case 'enum': {
      const text =
        typeof raw === 'string'
          ? raw
              .trim()
              .toLowerCase()
              .replace(/[\s-]+/g, '_')
          : null;
      return text !== null && type.values.includes(text) ? { value: text } : { error: `expected one of ${type.values.join(', ')}, got ${show(raw)}` };
    }
    case 'service': {
      const text = textOf(raw);
      if (text === null) return { error: `expected a service id, got ${show(raw)}` };
      if (lookup.services.has(text)) return { value: text };
      const hint = lookup.services.size === 0 ? ' (the catalog is empty: run `secscore catalog import` first)' : '';
      return { error: `service ${show(text)} is not in the catalog${hint}` };
    }
    case 'repo': {
      const text = textOf(raw);
      const key = text === null ? '' : repoKey(text);
      return key === '' ? { error: `expected a repository such as github.com/acme/billing-api, got ${show(raw)}` } : { value: key };
    }
    case 'month': {
      const text = textOf(raw);
      return text !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? { value: text } : { error: `expected a month such as 2026-08, got ${show(raw)}` };
    }
    case 'day': {
      const text = textOf(raw);
      return text !== null && realDate(text) ? { value: text } : { error: `expected a day such as 2026-08-31, got ${show(raw)}` };
    }
  }
}

/** `YYYY-MM-DD` naming a day that exists (Date.parse would roll 2026-02-30 over to March). */
function realDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}
