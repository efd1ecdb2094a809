/**
 * Exceptions as code (inputs.md §3): risk acceptances kept in YAML beside the code they cover.
 *
 * A file holds one or many YAML documents; each document is one exception (a mapping with `id`
 * and `scope`), a list of exceptions, or a mapping `exceptions:` holding such a list. Field
 * names are the spec's: id, scope {fingerprint | service + rule | service + cve}, reason, owner,
 * approver, starts_at, expires_at, backlog, compensating_controls, status (approved | revoked).
 * Bad input is an InputError naming the file, the exception (its id, else its number in the
 * file), the line and the field; a file with any bad exception is refused as a whole.
 */
import type { Document } from 'yaml';
import { InputError, type Place } from '../../domain/errors.js';
import type { ExceptionRecord } from '../../domain/exception.js';
import { describeIssue, parseYamlFile, type YamlFile } from '../catalog/schema.js';
import { readText } from '../json-input.js';
import type { DetectInput, ImportSource } from '../types.js';
import { EXCEPTION_KEYS, exceptionSchema, SCOPE_KEYS, type ExceptionInput } from './schema.js';

export const EXCEPTIONS_FORMAT = 'exceptions YAML';

/** One exception read from a file, with where it was written. */
export interface ParsedException {
  record: ExceptionRecord;
  place: Place;
}

export interface ReadExceptions {
  exceptions: ParsedException[];
  warnings: string[];
}

/**
 * A YAML file whose documents look like exceptions: a top-level (or listed) `id:` and a
 * `scope:` mapping with one of the scope keys, or a top-level `exceptions:` list.
 */
export function detectExceptions({ path, head }: DetectInput): number {
  const yamlName = /\.ya?ml$/i.test(path);
  const blockScope = /^[ \t]*(?:- )?scope:[ \t]*(?:#.*)?$/m.test(head) && /^[ \t-]*(?:fingerprint|service|rule|cve):/m.test(head);
  const flowScope = /^[ \t]*(?:- )?scope:[ \t]*\{[^}\n]*\b(?:fingerprint|service|rule|cve)[ \t]*:/m.test(head);
  const hasScope = blockScope || flowScope;
  const hasId = /^[ \t]*(?:- )?id:/m.test(head);
  const hasList = /^exceptions:[ \t]*(?:#.*)?$/m.test(head);
  const hasExpiry = /^[ \t-]*(?:expires_at|starts_at|approver):/m.test(head);
  if (hasScope && hasId) return yamlName ? 95 : 70;
  if (hasList && hasExpiry) return yamlName ? 90 : 60;
  return 0;
}

export async function readExceptions(source: ImportSource): Promise<ReadExceptions> {
  const file = { path: source.path, text: await readText(source, EXCEPTIONS_FORMAT) };
  const yaml = parseYamlFile(file, EXCEPTIONS_FORMAT);
  const exceptions: ParsedException[] = [];
  const warnings: string[] = [];
  const firstLine = new Map<string, number | undefined>();
  for (const doc of yaml.docs) {
    if (doc.contents === null) continue;
    const raw: unknown = doc.toJS();
    for (const path of entryPaths(raw, doc, yaml, source.path)) {
      const parsed = readOne(valueAt(raw, path), path, doc, yaml, source.path, exceptions.length + 1);
      const seen = firstLine.get(parsed.record.id);
      if (firstLine.has(parsed.record.id)) {
        throw new InputError(
          source.path,
          EXCEPTIONS_FORMAT,
          { ...parsed.place, field: 'id' },
          `exception id "${parsed.record.id}" is used twice in this file${seen !== undefined ? ` (first at line ${seen})` : ''}`,
        );
      }
      firstLine.set(parsed.record.id, parsed.place.line);
      exceptions.push(parsed);
    }
  }
  if (exceptions.length === 0) warnings.push('the file holds no exceptions');
  return { exceptions, warnings };
}

/** The paths, inside one document, of the exceptions it holds. */
function entryPaths(raw: unknown, doc: Document.Parsed, yaml: YamlFile, file: string): (readonly PropertyKey[])[] {
  if (Array.isArray(raw)) return raw.map((_, i) => [i]);
  if (isRecord(raw) && 'exceptions' in raw && !('id' in raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'exceptions');
    if (extra.length > 0) {
      throw new InputError(
        file,
        EXCEPTIONS_FORMAT,
        { ...yaml.positionOf(doc, [], extra[0]), field: extra[0]! },
        `unknown key "${extra[0]}" beside "exceptions" (a document holds an exception, a list of them, or only "exceptions:")`,
      );
    }
    const list = raw['exceptions'];
    if (list === null || list === undefined) return [];
    if (!Array.isArray(list))
      throw new InputError(
        file,
        EXCEPTIONS_FORMAT,
        { ...yaml.positionOf(doc, ['exceptions']), field: 'exceptions' },
        '"exceptions" must be a list of exceptions',
      );
    return list.map((_, i) => ['exceptions', i]);
  }
  if (isRecord(raw)) return [[]];
  throw new InputError(
    file,
    EXCEPTIONS_FORMAT,
    yaml.positionOf(doc, []),
    'expected an exception (a mapping with id and scope), a list of exceptions, or "exceptions:" with a list',
  );
}

function readOne(value: unknown, base: readonly PropertyKey[], doc: Document.Parsed, yaml: YamlFile, file: string, ordinal: number): ParsedException {
  const id = isRecord(value) && typeof value['id'] === 'string' && value['id'].trim() !== '' ? value['id'].trim() : null;
  const entity = id ?? `#${ordinal} in the file`;
  const start: Place = { entity, ...yaml.positionOf(doc, base) };
  if (!isRecord(value)) throw new InputError(file, EXCEPTIONS_FORMAT, start, 'an exception must be a mapping with id, scope, starts_at and status');

  const parsed = exceptionSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [...base, ...issue.path];
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const place: Place = { entity, ...yaml.positionOf(doc, path, key) };
    const field = key ?? issue.path.filter((p) => typeof p === 'string').join('.');
    if (field !== '') place.field = field;
    throw new InputError(file, EXCEPTIONS_FORMAT, place, describe(issue));
  }
  const e = parsed.data;
  if (e.expires_at !== undefined && e.expires_at <= e.starts_at) {
    throw new InputError(
      file,
      EXCEPTIONS_FORMAT,
      { entity, ...yaml.positionOf(doc, [...base, 'expires_at']), field: 'expires_at' },
      'expires_at must be after starts_at',
    );
  }
  return { record: toRecord(e), place: start };
}

function toRecord(e: ExceptionInput): ExceptionRecord {
  const s = e.scope;
  // Importers store CVE ids upper-case; a scope written `cve-2021-44228` must still match.
  const cve = s.cve !== undefined && /^cve-/i.test(s.cve) ? s.cve.toUpperCase() : s.cve;
  return {
    id: e.id,
    scope: s.fingerprint !== undefined ? { fingerprint: s.fingerprint } : { service: s.service!, ...(s.rule !== undefined ? { rule: s.rule } : { cve: cve! }) },
    reason: e.reason ?? null,
    owner: e.owner ?? null,
    approver: e.approver ?? null,
    startsAt: e.starts_at,
    expiresAt: e.expires_at ?? null,
    backlog: e.backlog ?? null,
    compensatingControls: e.compensating_controls === undefined ? null : [e.compensating_controls].flat().join('; '),
    status: e.status,
  };
}

function describe(issue: Parameters<typeof describeIssue>[0]): string {
  if (issue.code === 'custom') {
    const path = issue.path.filter((p) => typeof p === 'string').join('.');
    return path.startsWith('scope') ? `scope: ${issue.message}` : `${path} ${issue.message}`;
  }
  return describeIssue(issue, (p) => (p.length === 0 ? EXCEPTION_KEYS : p[0] === 'scope' ? SCOPE_KEYS : undefined));
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) v = typeof p === 'number' ? (Array.isArray(v) ? (v[p] as unknown) : undefined) : isRecord(v) ? v[String(p)] : undefined;
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
