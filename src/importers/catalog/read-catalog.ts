import { InputError } from '../../domain/errors.js';
import type { Area, Catalog, ProductLine, Service } from '../../domain/service.js';
import { BACKSTAGE_FORMAT, backstageDrafts, parseBackstageFile, type BackstageFile } from './backstage.js';
import { NATIVE_CSV_FORMAT, NATIVE_YAML_FORMAT, readNativeCsv, readNativeYaml } from './native.js';
import type { CatalogDraft, DraftArea, DraftLine, DraftService, Origin } from './schema.js';

export interface CatalogFile {
  path: string;
  text: string;
}

export interface CatalogReadResult {
  catalog: Catalog;
  warnings: string[];
}

export type CatalogFormat = 'backstage' | 'native-yaml' | 'native-csv';

/** Backstage when a top-level `apiVersion: backstage.io/…` and a `kind` appear; CSV by extension; else native YAML. */
export function catalogFormatOf(file: CatalogFile): CatalogFormat {
  if (/\.csv$/i.test(file.path)) return 'native-csv';
  if (/^apiVersion:[ \t]*["']?backstage\.io\//m.test(file.text) && /^kind:/m.test(file.text)) return 'backstage';
  return 'native-yaml';
}

/**
 * Detects per file: Backstage (documents with apiVersion backstage.io/* and kind), native YAML,
 * or CSV (by .csv extension). Merges all files into one catalog.
 *
 * A service, area or line defined twice in one file is an error; defined in two files, the later
 * file wins with a warning. Areas and lines that are referenced but not declared are created
 * with no owners. A service's line is its area's line: an area takes its line from its
 * declaration or else from its services, which must agree; an area left without one is an error.
 */
export function readCatalog(files: CatalogFile[]): CatalogReadResult {
  const warnings: string[] = [];
  const seenPaths = new Set<string>();
  const read: Array<{ draft: CatalogDraft } | { backstage: BackstageFile }> = [];
  for (const given of files) {
    if (seenPaths.has(given.path)) {
      warnings.push(`${given.path}: given twice; read once`);
      continue;
    }
    seenPaths.add(given.path);
    const file = { path: given.path, text: given.text.replace(/^\uFEFF/, '') };
    const format = catalogFormatOf(file);
    if (format === 'backstage') read.push({ backstage: parseBackstageFile(file, warnings) });
    else if (format === 'native-csv') read.push({ draft: readNativeCsv(file, warnings) });
    else read.push({ draft: readNativeYaml(file, warnings) });
  }
  // Backstage refs resolve across all Backstage files, so those are mapped together.
  const backstage = backstageDrafts(
    read.flatMap((r) => ('backstage' in r ? [r.backstage] : [])),
    warnings,
  );
  let next = 0;
  const drafts = read.map((r) => ('draft' in r ? r.draft : backstage[next++]!));
  return { catalog: mergeDrafts(drafts, warnings), warnings };
}

// ---- merging -------------------------------------------------------------------------------

interface Named {
  origin: Origin;
}

/** What to tell the user when an area has no line, by the format it came from. */
const NO_LINE_HINT: Record<string, string> = {
  [BACKSTAGE_FORMAT]: "set spec.domain on the area's System, or the annotation secscore.io/line on one of its components",
  [NATIVE_YAML_FORMAT]: 'declare the area under `areas` with a line, or give one of its services a line',
  [NATIVE_CSV_FORMAT]: 'fill the line column of one of its services',
};

function define<T extends Named>(map: Map<string, T>, key: string, item: T, what: string, warnings: string[], warnAlways: boolean): void {
  const existing = map.get(key);
  if (existing !== undefined && existing.origin.file === item.origin.file) {
    const first = existing.origin.place;
    const at = first.row !== undefined ? ` (first at row ${first.row})` : first.line !== undefined ? ` (first at line ${first.line})` : '';
    throw new InputError(item.origin.file, item.origin.format, item.origin.place, `${what} "${key}" is defined twice in this file${at}`);
  }
  if (existing !== undefined && (warnAlways || !sameContent(existing, item))) {
    warnings.push(`${item.origin.file}: ${what} "${key}" is also defined in ${existing.origin.file}; the definition in ${item.origin.file} is used`);
  }
  map.set(key, item);
}

function sameContent(a: Named, b: Named): boolean {
  // JSON.stringify leaves out undefined properties, so this compares everything but the origin.
  return JSON.stringify({ ...a, origin: undefined }) === JSON.stringify({ ...b, origin: undefined });
}

function mergeDrafts(drafts: CatalogDraft[], warnings: string[]): Catalog {
  const lines = new Map<string, DraftLine>();
  const areas = new Map<string, DraftArea>();
  const services = new Map<string, DraftService>();
  for (const draft of drafts) {
    for (const line of draft.lines) define(lines, line.name, line, 'product line', warnings, false);
    for (const area of draft.areas) define(areas, area.name, area, 'product area', warnings, false);
    for (const service of draft.services) define(services, service.id, service, 'service', warnings, true);
  }

  for (const service of services.values()) {
    if (!areas.has(service.area)) areas.set(service.area, { name: service.area, owners: [], origin: service.origin });
  }

  // An area's line: declared, else the one its services give (they must agree).
  const lineOfArea = new Map<string, { line: string; givenBy?: DraftService }>();
  for (const area of areas.values()) if (area.line !== undefined) lineOfArea.set(area.name, { line: area.line });
  for (const service of services.values()) {
    if (service.line === undefined) continue;
    const known = lineOfArea.get(service.area);
    if (known === undefined) {
      lineOfArea.set(service.area, { line: service.line, givenBy: service });
      continue;
    }
    if (known.line === service.line) continue;
    const why =
      known.givenBy === undefined
        ? `its area "${service.area}" is in line "${known.line}"`
        : `service "${known.givenBy.id}" (${known.givenBy.origin.file}) puts its area "${service.area}" in line "${known.line}"`;
    throw new InputError(
      service.origin.file,
      service.origin.format,
      { ...service.origin.place, field: 'line' },
      `line "${service.line}" contradicts the area's line: ${why}; a service's line is its area's line`,
    );
  }

  const resultAreas: Area[] = [];
  for (const area of areas.values()) {
    const line = lineOfArea.get(area.name)?.line;
    if (line === undefined) {
      const hint = NO_LINE_HINT[area.origin.format] ?? 'give the area a line';
      throw new InputError(area.origin.file, area.origin.format, area.origin.place, `product area "${area.name}" has no product line: ${hint}`);
    }
    if (!lines.has(line)) lines.set(line, { name: line, owners: [], origin: area.origin });
    resultAreas.push({ name: area.name, line, owners: area.owners });
  }

  const resultLines: ProductLine[] = [...lines.values()].map((l) => ({ name: l.name, owners: l.owners }));
  const resultServices: Service[] = [...services.values()].map(({ origin: _origin, line: _line, ...service }) => ({
    ...service,
    line: lineOfArea.get(service.area)!.line,
  }));
  return { lines: resultLines, areas: resultAreas, services: resultServices };
}
