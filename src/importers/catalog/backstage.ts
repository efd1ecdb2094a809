/**
 * Backstage `catalog-info.yaml` files (multi-document YAML) → the secscore catalog.
 *
 * Mapping and defaults (the contract `secscore catalog import` documents):
 * - `kind: Domain` → product line. name = metadata.title ?? metadata.name; owners = [spec.owner].
 * - `kind: System` → product area. name = metadata.title ?? metadata.name; line = the Domain that
 *   spec.domain references (its title ?? name; the ref's name when that Domain is in none of the
 *   files); owners = [spec.owner].
 * - `kind: Component` → service:
 *   - id: metadata.name, prefixed `<namespace>/` when metadata.namespace is set and not `default`;
 *   - name: metadata.title ?? metadata.name;
 *   - area: annotation `secscore.io/area`, else the System that spec.system references (its
 *     title ?? name; the ref's name when that System is in none of the files). Neither → error:
 *     every service needs an area;
 *   - line: annotation `secscore.io/line`, else its area's line (a different one is an error);
 *   - owners: annotation `secscore.io/owners` (comma list, for shared services), else
 *     [spec.owner], else none;
 *   - repos: annotation `github.com/project-slug` → `github.com/<slug>`, `gitlab.com/project-slug`
 *     → `gitlab.com/<slug>`, and `backstage.io/source-location` (`url:https://github.com/acme/x/tree/main/`
 *     → `github.com/acme/x`); a slug whose repository the source location already names on
 *     another host (GitHub Enterprise) is not added again on github.com;
 *   - images: `secscore.io/images` (comma list); cloudAccounts: `secscore.io/cloud-accounts`
 *     (comma list);
 *   - tier: `secscore.io/tier`, `0`, `1` or `2`, default 2;
 *   - internetExposed: `secscore.io/internet-exposed`, `true` or `false`, default false;
 *   - tags: metadata.tags then `secscore.io/tags` (comma list), deduplicated in order.
 *   Other values of tier or internet-exposed are errors, never a silent default.
 * - Entity refs (`reporting`, `system:reporting`, `system:default/reporting`) resolve in the
 *   referencing entity's namespace unless they name one, as Backstage does; owner refs keep only
 *   the name (`group:default/team-x` → `team-x`). A ref with an empty part (`system:`, `:core`)
 *   or a line break is an error, as are the repository annotations with a line break.
 * - `kind: Location` is ignored with a warning (its targets are not followed: pass those files).
 *   API, Resource, Group, User and Template are ignored silently; other kinds with a warning.
 *   Documents whose apiVersion is not `backstage.io/*` are ignored with a warning.
 * - Annotation values must be strings, as Backstage itself requires: quote `'0'` and `'true'`.
 */
import type { Document } from 'yaml';
import { InputError, type Place } from '../../domain/errors.js';
import { imageKey, repoKey } from '../../domain/service.js';
import { CONTROL_OR_LINE_BREAK } from '../../domain/text.js';
import {
  backstageEntitySchema,
  describeIssue,
  parseBooleanText,
  parseTierText,
  parseYamlFile,
  splitList,
  unique,
  type BackstageEntity,
  type CatalogDraft,
  type DraftService,
  type Origin,
  type YamlFile,
} from './schema.js';

export const BACKSTAGE_FORMAT = 'Backstage catalog';

const MAPPED_KINDS = ['component', 'system', 'domain'] as const;
type MappedKind = (typeof MAPPED_KINDS)[number];
const SILENTLY_IGNORED_KINDS = new Set(['api', 'resource', 'group', 'user', 'template']);

/** One Component, System or Domain document, with what is needed to point at it in messages. */
export interface BackstageDoc {
  kind: MappedKind;
  entity: BackstageEntity;
  namespace: string;
  /** `component:billing-api`, `system:payments/checkout`: how messages name the entity. */
  ref: string;
  origin: Origin;
  /** Place of a field inside this entity. */
  placeOf(path: readonly PropertyKey[]): Place;
}

export interface BackstageFile {
  path: string;
  docs: BackstageDoc[];
}

/** Parses one Backstage file into its Component, System and Domain entities. */
export function parseBackstageFile(file: { path: string; text: string }, warnings: string[]): BackstageFile {
  const yaml = parseYamlFile(file, BACKSTAGE_FORMAT);
  const docs: BackstageDoc[] = [];
  for (const doc of yaml.docs) {
    if (doc.contents === null) continue;
    const start = yaml.positionOf(doc, []);
    const raw: unknown = doc.toJS();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(file.path, BACKSTAGE_FORMAT, start, 'expected an entity (a mapping with apiVersion, kind and metadata)');
    }
    const { apiVersion, kind } = raw as Record<string, unknown>;
    if (typeof apiVersion !== 'string' || !apiVersion.startsWith('backstage.io/')) {
      warnings.push(
        `${file.path}: line ${start.line}: ignored a document that is not a Backstage entity (apiVersion ${apiVersion === undefined ? 'missing' : String(apiVersion)})`,
      );
      continue;
    }
    if (typeof kind !== 'string') {
      throw new InputError(
        file.path,
        BACKSTAGE_FORMAT,
        { ...start, field: 'kind' },
        `kind must be a string such as Component, System or Domain, got ${JSON.stringify(kind)}`,
      );
    }
    const mapped = parseEntity(file.path, yaml, doc, raw, kind.toLowerCase(), warnings);
    if (mapped !== null) docs.push(mapped);
  }
  return { path: file.path, docs };
}

function parseEntity(path: string, yaml: YamlFile, doc: Document.Parsed, raw: object, kind: string, warnings: string[]): BackstageDoc | null {
  const rawName = (raw as { metadata?: { name?: unknown } }).metadata?.name;
  const start = yaml.positionOf(doc, []);
  const label = `${kind}:${typeof rawName === 'string' ? rawName : '?'}`;
  if (kind === 'location') {
    warnings.push(`${path}: ${label} ignored: Location targets are not followed, pass the files they list to secscore catalog import`);
    return null;
  }
  if (!isMappedKind(kind)) {
    if (!SILENTLY_IGNORED_KINDS.has(kind)) warnings.push(`${path}: ${label} ignored: secscore reads only Component, System and Domain entities`);
    return null;
  }
  const parsed = backstageEntitySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.at(-1);
    const place: Place = {
      ...(typeof rawName === 'string' ? { entity: label } : {}),
      ...yaml.positionOf(doc, issue.path),
      ...(typeof field === 'string' ? { field } : {}),
    };
    throw new InputError(
      path,
      BACKSTAGE_FORMAT,
      place,
      describeIssue(issue, () => undefined),
    );
  }
  const entity = parsed.data;
  const namespace = entity.metadata.namespace ?? 'default';
  const ref = `${kind}:${namespace === 'default' ? '' : `${namespace}/`}${entity.metadata.name}`;
  const placeOf = (p: readonly PropertyKey[]): Place => {
    const field = p.at(-1);
    return { entity: ref, ...yaml.positionOf(doc, p), ...(typeof field === 'string' ? { field } : {}) };
  };
  return { kind, entity, namespace, ref, origin: { file: path, format: BACKSTAGE_FORMAT, place: { entity: ref, ...start } }, placeOf };
}

function isMappedKind(kind: string): kind is MappedKind {
  return (MAPPED_KINDS as readonly string[]).includes(kind);
}

// ---- mapping -------------------------------------------------------------------------------

interface EntityIndex {
  /** By `kind:namespace/name`, lowercased. */
  byKey: Map<string, BackstageDoc>;
  /** Refs already warned about, so a missing System is reported once. */
  warned: Set<string>;
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}:${namespace}/${name}`.toLowerCase();
}

/**
 * Maps every Backstage file to its draft. Refs resolve across all the files (Systems and Domains
 * are often kept in a central file, Components in each repository), so they are read together.
 */
export function backstageDrafts(files: BackstageFile[], warnings: string[]): CatalogDraft[] {
  const index: EntityIndex = { byKey: new Map(), warned: new Set() };
  for (const file of files) {
    for (const doc of file.docs) index.byKey.set(keyOf(doc.kind, doc.namespace, doc.entity.metadata.name), doc);
  }
  return files.map((file) => {
    const draft: CatalogDraft = { lines: [], areas: [], services: [] };
    for (const doc of file.docs) {
      const owners = ownersOf(doc);
      if (doc.kind === 'domain') {
        draft.lines.push({ name: displayName(doc.entity), owners, origin: doc.origin });
      } else if (doc.kind === 'system') {
        const domain = doc.entity.spec?.domain;
        const line = domain === undefined ? undefined : resolveName(doc, ['spec', 'domain'], domain, 'domain', index, warnings);
        draft.areas.push({ name: displayName(doc.entity), ...(line !== undefined ? { line } : {}), owners, origin: doc.origin });
      } else {
        draft.services.push(toService(doc, owners, index, warnings));
      }
    }
    return draft;
  });
}

function toService(doc: BackstageDoc, owners: string[], index: EntityIndex, warnings: string[]): DraftService {
  const { entity } = doc;
  const system = entity.spec?.system;
  const area =
    annotation(doc, 'secscore.io/area') ?? (system !== undefined ? resolveName(doc, ['spec', 'system'], system, 'system', index, warnings) : undefined);
  if (area === undefined) {
    throw new InputError(
      doc.origin.file,
      BACKSTAGE_FORMAT,
      doc.placeOf(['spec', 'system']),
      'a service needs a product area: set spec.system to its System, or the annotation secscore.io/area',
    );
  }
  const line = annotation(doc, 'secscore.io/line');
  const tierText = annotation(doc, 'secscore.io/tier');
  const tier = tierText === undefined ? 2 : parseTierText(tierText);
  if (tier === null) throw annotationError(doc, 'secscore.io/tier', `must be 0, 1 or 2, got "${tierText}"`);
  const exposedText = annotation(doc, 'secscore.io/internet-exposed');
  const internetExposed = exposedText === undefined ? false : parseBooleanText(exposedText);
  if (internetExposed === null) throw annotationError(doc, 'secscore.io/internet-exposed', `must be true or false, got "${exposedText}"`);
  const namespace = doc.namespace === 'default' ? '' : `${doc.namespace}/`;
  return {
    id: `${namespace}${entity.metadata.name}`,
    name: displayName(entity),
    area,
    ...(line !== undefined ? { line } : {}),
    tier,
    internetExposed,
    owners,
    repos: reposOf(doc, warnings),
    images: unique(commaList(doc, 'secscore.io/images').map(imageKey)),
    cloudAccounts: unique(commaList(doc, 'secscore.io/cloud-accounts')),
    tags: unique([...(entity.metadata.tags ?? []), ...commaList(doc, 'secscore.io/tags')]),
    origin: doc.origin,
  };
}

function displayName(entity: BackstageEntity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

function ownersOf(doc: BackstageDoc): string[] {
  const override = commaList(doc, 'secscore.io/owners');
  if (override.length > 0) return unique(override);
  const owner = doc.entity.spec?.owner;
  return owner === undefined ? [] : [parseRef(doc, ['spec', 'owner'], owner).name];
}

/**
 * `[kind:][namespace/]name`, split as Backstage's parseEntityRef splits it: the kind ends at the
 * first `:` unless a `/` comes before it, the namespace at the first `/`. An empty part or a
 * line break (or any control character) is an input error at `path`, never a guess.
 */
function parseRef(doc: BackstageDoc, path: readonly string[], raw: string): { kind?: string; namespace?: string; name: string } {
  const ref = raw.trim();
  const fail = (why: string) =>
    new InputError(
      doc.origin.file,
      BACKSTAGE_FORMAT,
      doc.placeOf(path),
      `${path.join('.')} must be an entity reference [kind:][namespace/]name ${why}, got ${JSON.stringify(raw)}`,
    );
  if (CONTROL_OR_LINE_BREAK.test(ref)) throw fail('on one line, without control characters');
  const slash = ref.indexOf('/');
  let colon = ref.indexOf(':');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : ref.slice(0, colon);
  const namespace = slash === -1 ? undefined : ref.slice(colon + 1, slash);
  const name = ref.slice(Math.max(colon, slash) + 1);
  if (kind === '' || namespace === '' || name === '') throw fail('with no empty part');
  return {
    ...(kind !== undefined ? { kind: kind.toLowerCase() } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    name,
  };
}

/** The display name of the System or Domain a ref points to, or the ref's name when it is not in the files. */
function resolveName(doc: BackstageDoc, path: string[], ref: string, kind: 'system' | 'domain', index: EntityIndex, warnings: string[]): string {
  const parsed = parseRef(doc, path, ref);
  if (parsed.kind !== undefined && parsed.kind !== kind) {
    throw new InputError(
      doc.origin.file,
      BACKSTAGE_FORMAT,
      doc.placeOf(path),
      `${path.join('.')} must reference a ${kind === 'system' ? 'System' : 'Domain'}, got "${ref}"`,
    );
  }
  const key = keyOf(kind, parsed.namespace ?? doc.namespace, parsed.name);
  const target = index.byKey.get(key);
  if (target !== undefined) return displayName(target.entity);
  if (!index.warned.has(key)) {
    index.warned.add(key);
    const role = kind === 'system' ? 'product area' : 'product line';
    warnings.push(`${doc.origin.file}: ${doc.ref}: ${kind} "${ref}" is in none of the catalog files; "${parsed.name}" is used as the ${role} name`);
  }
  return parsed.name;
}

function annotation(doc: BackstageDoc, key: string): string | undefined {
  const value = doc.entity.metadata.annotations?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw annotationError(doc, key, `must be a string (Backstage annotations are strings: quote the value), got ${JSON.stringify(value)}`);
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function commaList(doc: BackstageDoc, key: string): string[] {
  const value = annotation(doc, key);
  return value === undefined ? [] : splitList(value, ',');
}

function annotationError(doc: BackstageDoc, key: string, what: string): InputError {
  return new InputError(doc.origin.file, BACKSTAGE_FORMAT, doc.placeOf(['metadata', 'annotations', key]), `annotation ${key} ${what}`);
}

/** An annotation naming a repository: a line break in it would otherwise drop or garble the repository silently. */
function locationAnnotation(doc: BackstageDoc, key: string): string | undefined {
  const value = annotation(doc, key);
  if (value !== undefined && CONTROL_OR_LINE_BREAK.test(value)) {
    throw annotationError(doc, key, `must be on one line, without control characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

function reposOf(doc: BackstageDoc, warnings: string[]): string[] {
  const source = locationAnnotation(doc, 'backstage.io/source-location');
  const sourceRepo = source === undefined ? null : repoOfSourceLocation(source);
  // A `url:` location that names no repository: the service's scans and records that name its
  // repository would then match no service, with nothing said.
  if (source !== undefined && sourceRepo === null && /^url:/.test(source))
    warnings.push(
      `${doc.origin.file}: ${doc.ref}: backstage.io/source-location ${JSON.stringify(source)} names no repository (expected url:https://<host>/<owner>/<name>…); the service has no repository from it`,
    );
  const repos: string[] = [];
  for (const host of ['github.com', 'gitlab.com']) {
    const slug = locationAnnotation(doc, `${host}/project-slug`);
    if (slug === undefined) continue;
    const slugPath = repoKey(slug);
    // GitHub Enterprise keeps the github.com annotation name; the source location has the real host.
    if (sourceRepo !== null && sourceRepo.endsWith(`/${slugPath}`)) continue;
    repos.push(repoKey(`${host}/${slugPath}`));
  }
  if (sourceRepo !== null) repos.push(sourceRepo);
  return unique(repos);
}

/**
 * `url:https://github.com/acme/x/tree/main/` → `github.com/acme/x`. The repository path ends
 * before GitHub's `tree`/`blob`, GitLab's `-` or Bitbucket's `src` segment (never before the
 * second segment, so a repository named `src` survives). `dir:` and `file:` locations are local
 * and name no repository.
 */
function repoOfSourceLocation(location: string): string | null {
  const match = /^url:(.+)$/.exec(location);
  if (match === null) return null;
  let url: URL;
  try {
    url = new URL(match[1]!.trim());
  } catch {
    return null;
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const end = segments.findIndex((s, i) => i >= 2 && ['tree', 'blob', '-', 'src'].includes(s));
  const path = end === -1 ? segments : segments.slice(0, end);
  if (path.length < 2) return null;
  return repoKey(`${url.host}/${path.join('/')}`);
}
