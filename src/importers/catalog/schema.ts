import { isMap, isNode, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { z } from 'zod';
import { InputError, yamlSyntaxError, type Place } from '../../domain/errors.js';
import type { Service } from '../../domain/service.js';
import { TIERS, type Tier } from '../../domain/severity.js';

// ---- the draft every reader produces -------------------------------------------------------

/** Where a catalog record was defined, so that a later check can name the file and place. */
export interface Origin {
  file: string;
  format: string;
  place: Place;
}

/** A service as one file gives it: the line may be left to its area. */
export interface DraftService extends Omit<Service, 'line'> {
  line?: string;
  origin: Origin;
}

export interface DraftArea {
  name: string;
  line?: string;
  owners: string[];
  origin: Origin;
}

export interface DraftLine {
  name: string;
  owners: string[];
  origin: Origin;
}

/** One file's contribution to the catalog, before files are merged and lines resolved. */
export interface CatalogDraft {
  lines: DraftLine[];
  areas: DraftArea[];
  services: DraftService[];
}

// ---- native YAML ---------------------------------------------------------------------------

const text = z.string().trim().min(1);
const textList = z.array(text);

const ownerFields = { owner: text.optional(), owners: textList.optional() };
const hasOneOwnerField = (v: { owner?: string | undefined; owners?: string[] | undefined }) => v.owner === undefined || v.owners === undefined;
const oneOwnerFieldError: { error: string; path: PropertyKey[] } = { error: 'give either owner or owners, not both', path: ['owners'] };

export const nativeLineSchema = z.strictObject({ name: text, ...ownerFields }).refine(hasOneOwnerField, oneOwnerFieldError);

export const nativeAreaSchema = z.strictObject({ name: text, line: text.optional(), ...ownerFields }).refine(hasOneOwnerField, oneOwnerFieldError);

export const nativeServiceSchema = z
  .strictObject({
    id: text,
    name: text.optional(),
    area: text,
    line: text.optional(),
    tier: z.literal(TIERS).optional(),
    internetExposed: z.boolean().optional(),
    ...ownerFields,
    repos: textList.optional(),
    images: textList.optional(),
    cloudAccounts: textList.optional(),
    tags: textList.optional(),
  })
  .refine(hasOneOwnerField, oneOwnerFieldError);

export const nativeCatalogSchema = z.strictObject({
  lines: z.array(nativeLineSchema).optional(),
  areas: z.array(nativeAreaSchema).optional(),
  services: z.array(nativeServiceSchema).optional(),
});

export type NativeCatalog = z.infer<typeof nativeCatalogSchema>;
export type NativeService = z.infer<typeof nativeServiceSchema>;

/** The keys each native object accepts, by the name of the list holding it (top level: ''). */
export const NATIVE_KEYS: Record<string, string[]> = {
  '': Object.keys(nativeCatalogSchema.shape),
  lines: Object.keys(nativeLineSchema.shape),
  areas: Object.keys(nativeAreaSchema.shape),
  services: Object.keys(nativeServiceSchema.shape),
};

// ---- Backstage (only the fields secscore reads; the rest of an entity is ignored) ----------

export const backstageEntitySchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({
    name: text,
    namespace: text.optional(),
    title: text.optional(),
    tags: textList.optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
  }),
  spec: z.object({ owner: text.optional(), system: text.optional(), domain: text.optional() }).optional(),
});

export type BackstageEntity = z.infer<typeof backstageEntitySchema>;

// ---- value rules shared by the formats that carry values as text (CSV, annotations) --------

export function parseTierText(raw: string): Tier | null {
  const t = raw.trim();
  return t === '0' ? 0 : t === '1' ? 1 : t === '2' ? 2 : null;
}

export function parseBooleanText(raw: string): boolean | null {
  const t = raw.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : null;
}

/** A list cell: items separated by `separator`, trimmed, empty items dropped. */
export function splitList(raw: string, separator: string): string[] {
  return raw
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Deduplicates keeping the first occurrence's position. */
export function unique(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

/** A value as shown in a message: strings quoted, so `"3"` and `3` stay distinguishable. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return JSON.stringify(value);
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  number: 'a number',
};

/** `services[2].repos[1]` → `repos[1]`: the field name as the user wrote it, with trailing indices. */
export function fieldOf(path: readonly PropertyKey[]): string {
  const end = path.length;
  let start = end;
  while (start > 0 && typeof path[start - 1] === 'number') start--;
  if (start > 0) start--;
  return path
    .slice(start, end)
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

/** One zod issue as a sentence saying what was expected; `known` lists the keys of the object. */
export function describeIssue(issue: z.core.$ZodIssue, known: (objectPath: readonly PropertyKey[]) => string[] | undefined): string {
  const field = fieldOf(issue.path);
  const subject = field === '' ? 'the file' : field;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `${subject} is required`;
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      const hint = issue.expected === 'string' && typeof issue.input === 'number' ? ' (quote it: an unquoted number loses leading zeros)' : '';
      return `${subject} must be ${expected}, got ${show(issue.input)}${hint}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const choice = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : (values[0] ?? '');
      return `${subject} must be ${choice}, got ${show(issue.input)}`;
    }
    case 'too_small':
      return `${subject} must not be empty`;
    case 'unrecognized_keys': {
      const keys = known(issue.path);
      const where = field === '' ? 'at the top level' : `in ${field}`;
      return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} ${where}${keys ? ` (expected: ${keys.join(', ')})` : ''}`;
    }
    default:
      return field === '' ? issue.message : `${field}: ${issue.message}`;
  }
}

// ---- YAML with positions -------------------------------------------------------------------

export interface YamlFile {
  docs: Document.Parsed[];
  /** Line and column of the node at `path` (or of `key` in the mapping there), else of its nearest parent. */
  positionOf(doc: Document.Parsed, path: readonly PropertyKey[], key?: string): Pick<Place, 'line' | 'column'>;
}

/** Parses (multi-document) YAML; a syntax error names the line and column. */
export function parseYamlFile(file: { path: string; text: string }, format: string): YamlFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(file.text, { lineCounter, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error === undefined) continue;
    const { place, detail } = yamlSyntaxError(error);
    throw new InputError(file.path, format, place, detail);
  }
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    docs: list,
    positionOf(doc, path, key) {
      for (let i = path.length; i >= 0; i--) {
        const node: unknown = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
        if (!isNode(node) || node.range == null) continue;
        if (key !== undefined && i === path.length && isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
          if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
        }
        return at(node.range[0]);
      }
      return {};
    },
  };
}
