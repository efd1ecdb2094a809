import { parse as parseCsv } from 'csv-parse/sync';
import { InputError, type Place } from '../../domain/errors.js';
import { imageKey, repoKey } from '../../domain/service.js';
import type { Tier } from '../../domain/severity.js';
import {
  describeIssue,
  NATIVE_KEYS,
  nativeCatalogSchema,
  parseBooleanText,
  parseTierText,
  parseYamlFile,
  splitList,
  unique,
  type CatalogDraft,
  type DraftService,
  type Origin,
} from './schema.js';

export const NATIVE_YAML_FORMAT = 'secscore catalog YAML';
export const NATIVE_CSV_FORMAT = 'secscore catalog CSV';

interface CatalogFileText {
  path: string;
  text: string;
}

/** The fields of a service as the native formats give them, before defaults and normalization. */
interface ServiceFields {
  id: string;
  name?: string | undefined;
  area: string;
  line?: string | undefined;
  tier?: Tier | undefined;
  internetExposed?: boolean | undefined;
  owners?: string[] | undefined;
  repos?: string[] | undefined;
  images?: string[] | undefined;
  cloudAccounts?: string[] | undefined;
  tags?: string[] | undefined;
}

/** Defaults of the native formats: name = id, tier 2, not internet-exposed, no owners. */
function draftService(f: ServiceFields, origin: Origin): DraftService {
  return {
    id: f.id,
    name: f.name ?? f.id,
    area: f.area,
    ...(f.line !== undefined ? { line: f.line } : {}),
    tier: f.tier ?? 2,
    internetExposed: f.internetExposed ?? false,
    owners: unique(f.owners ?? []),
    repos: unique((f.repos ?? []).map(repoKey)),
    images: unique((f.images ?? []).map(imageKey)),
    cloudAccounts: unique(f.cloudAccounts ?? []),
    tags: unique(f.tags ?? []),
    origin,
  };
}

function ownersOf(v: { owner?: string | undefined; owners?: string[] | undefined }): string[] {
  return v.owners ?? (v.owner !== undefined ? [v.owner] : []);
}

// ---- YAML ----------------------------------------------------------------------------------

/** Reads the native YAML catalog: one document with `lines`, `areas` and `services`. */
export function readNativeYaml(file: CatalogFileText, warnings: string[]): CatalogDraft {
  const format = NATIVE_YAML_FORMAT;
  const yaml = parseYamlFile(file, format);
  const docs = yaml.docs.filter((d) => d.contents !== null);
  const draft: CatalogDraft = { lines: [], areas: [], services: [] };
  const doc = docs[0];
  if (doc === undefined) {
    warnings.push(`${file.path}: the catalog file is empty`);
    return draft;
  }
  if (docs.length > 1) {
    throw new InputError(file.path, format, yaml.positionOf(docs[1]!, []), `expected one YAML document, found ${docs.length}`);
  }
  const raw: unknown = doc.toJS();
  const parsed = nativeCatalogSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const place: Place = {
      ...entityAt(raw, issue.path),
      ...(issue.code === 'unrecognized_keys' ? yaml.positionOf(doc, issue.path, issue.keys[0]) : yaml.positionOf(doc, issue.path)),
    };
    const field = issue.path.at(-1);
    if (typeof field === 'string') place.field = field;
    else if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) place.field = issue.keys[0];
    const detail = describeIssue(issue, (p) => (p.length <= 2 ? NATIVE_KEYS[typeof p[0] === 'string' ? p[0] : ''] : undefined));
    throw new InputError(file.path, format, place, detail);
  }
  const catalog = parsed.data;
  const placeOf = (list: string, index: number, entity: string): Place => ({ entity, ...yaml.positionOf(doc, [list, index]) });
  catalog.lines?.forEach((l, i) => {
    draft.lines.push({ name: l.name, owners: ownersOf(l), origin: { file: file.path, format, place: placeOf('lines', i, `line:${l.name}`) } });
  });
  catalog.areas?.forEach((a, i) => {
    draft.areas.push({
      name: a.name,
      ...(a.line !== undefined ? { line: a.line } : {}),
      owners: ownersOf(a),
      origin: { file: file.path, format, place: placeOf('areas', i, `area:${a.name}`) },
    });
  });
  catalog.services?.forEach((s, i) => {
    draft.services.push(draftService({ ...s, owners: ownersOf(s) }, { file: file.path, format, place: placeOf('services', i, s.id) }));
  });
  return draft;
}

/** The entity an issue path points into: a service's id, `area:<name>` or `line:<name>`, when it has one. */
function entityAt(raw: unknown, path: readonly PropertyKey[]): Place {
  const [list, index] = path;
  if (typeof list !== 'string' || typeof index !== 'number' || !isRecord(raw)) return {};
  const items = raw[list];
  const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
  if (!isRecord(item)) return {};
  const key = list === 'services' ? item['id'] : item['name'];
  if (typeof key !== 'string' || key.trim() === '') return { entity: `${list}[${index}]` };
  return { entity: list === 'services' ? key.trim() : `${list === 'areas' ? 'area' : 'line'}:${key.trim()}` };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- CSV -----------------------------------------------------------------------------------

type CsvField = keyof Omit<ServiceFields, 'owners'> | 'owners';

/** Column names, compared without case, `_`, `-` or spaces (`internet_exposed` = `internetExposed`). */
const CSV_COLUMNS: Record<string, CsvField> = {
  id: 'id',
  name: 'name',
  area: 'area',
  line: 'line',
  tier: 'tier',
  internetexposed: 'internetExposed',
  owner: 'owners',
  owners: 'owners',
  repos: 'repos',
  images: 'images',
  cloudaccounts: 'cloudAccounts',
  tags: 'tags',
};
const CSV_COLUMN_NAMES = 'id, name, area, line, tier, internet_exposed, owner, repos, images, cloud_accounts, tags';
const REQUIRED: CsvField[] = ['id', 'area'];
const LIST_SEPARATOR = ';';

interface CsvRecord {
  record: string[];
  info: { lines: number; records: number };
}

/**
 * Reads the native CSV catalog: a header row, then one service per row. Rows are numbered as a
 * spreadsheet shows them: the header is row 1, the first service row 2. Lines starting with `#`
 * are comments.
 */
export function readNativeCsv(file: CatalogFileText, warnings: string[]): CatalogDraft {
  const format = NATIVE_CSV_FORMAT;
  let rows: CsvRecord[];
  try {
    rows = parseCsv(file.text, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    throw new InputError(file.path, format, typeof line === 'number' ? { line } : {}, `not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const draft: CatalogDraft = { lines: [], areas: [], services: [] };
  const [header, ...data] = rows;
  if (header === undefined) {
    warnings.push(`${file.path}: the catalog file is empty`);
    return draft;
  }

  const columns = new Map<CsvField, { index: number; name: string }>();
  header.record.forEach((name, index) => {
    const field = CSV_COLUMNS[name.toLowerCase().replace(/[\s_-]/g, '')];
    if (field === undefined) {
      throw new InputError(file.path, format, { row: 1, field: name }, `unknown column "${name}" (expected: ${CSV_COLUMN_NAMES})`);
    }
    const seen = columns.get(field);
    if (seen !== undefined) {
      throw new InputError(file.path, format, { row: 1, field: name }, `column "${name}" repeats column "${seen.name}"`);
    }
    columns.set(field, { index, name });
  });
  for (const field of REQUIRED) {
    if (!columns.has(field)) {
      throw new InputError(
        file.path,
        format,
        { row: 1, field },
        `missing required column "${field}" (columns: ${CSV_COLUMN_NAMES}; only id and area are required)`,
      );
    }
  }

  for (const { record, info } of data) {
    const row = info.records;
    const cell = (field: CsvField): string | undefined => {
      const column = columns.get(field);
      const value = column === undefined ? undefined : record[column.index];
      return value === undefined || value === '' ? undefined : value;
    };
    const fail = (field: CsvField, detail: string): never => {
      throw new InputError(file.path, format, { ...entityOf(cell('id')), row, field: columns.get(field)?.name ?? field }, detail);
    };
    const list = (field: CsvField) => {
      const value = cell(field);
      return value === undefined ? undefined : splitList(value, LIST_SEPARATOR);
    };
    const id = cell('id') ?? fail('id', 'id is required');
    const area = cell('area') ?? fail('area', 'area is required');
    const tierText = cell('tier');
    const tier = tierText === undefined ? undefined : (parseTierText(tierText) ?? fail('tier', `tier must be 0, 1 or 2, got "${tierText}"`));
    const exposedText = cell('internetExposed');
    const internetExposed =
      exposedText === undefined
        ? undefined
        : (parseBooleanText(exposedText) ?? fail('internetExposed', `internet_exposed must be true or false, got "${exposedText}"`));
    draft.services.push(
      draftService(
        {
          id,
          name: cell('name'),
          area,
          line: cell('line'),
          tier,
          internetExposed,
          owners: list('owners'),
          repos: list('repos'),
          images: list('images'),
          cloudAccounts: list('cloudAccounts'),
          tags: list('tags'),
        },
        { file: file.path, format, place: { entity: id, row } },
      ),
    );
  }
  return draft;
}

function entityOf(id: string | undefined): Place {
  return id === undefined ? {} : { entity: id };
}
