import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SecscoreError } from '../domain/errors.js';
import { CATEGORIES, isCategory, type Category } from '../domain/severity.js';

/**
 * The failure-mode taxonomy (scorecard.md, "Failure-mode taxonomy"): named families that
 * findings (by CWE, rule pattern, tool category, file path) and incidents (by cause) map to.
 * The matching semantics are documented at the top of `data/failure-modes.yaml`.
 */

export interface MatchClause {
  cwes: readonly number[] | null;
  rules: readonly RegExp[] | null;
  categories: readonly Category[] | null;
  paths: readonly RegExp[] | null;
}

export interface Family {
  id: string;
  /** As it reads in a scorecard cell. */
  label: string;
  /** As it reads in the board summary, without tool jargon; null: the label. */
  plain: string | null;
  /** Any clause met matches the family; an empty list never matches. */
  match: readonly MatchClause[];
  /** Lowercase strings, each looked for inside an incident's cause. */
  incidentCauses: readonly string[];
}

export interface NoisyScans {
  /** The family false positives and noisy rules go to. */
  family: string;
  ruleFalsePositiveShare: number;
  minRuleFindings: number;
}

export interface Taxonomy {
  /** Files this taxonomy was read from, base first. */
  sources: readonly string[];
  /** In precedence order: the first family that matches wins. */
  families: readonly Family[];
  unmapped: Readonly<Partial<Record<Category, string>>>;
  /** Null when the file does not say (an extension keeps the base's). */
  noisyScans: NoisyScans | null;
}

/** What classification reads of a finding. `file` is optional: clauses listing `paths` need it. */
export interface FindingTraits {
  cwes: readonly number[];
  ruleId: string | null;
  title: string;
  category: Category;
  file?: string | null;
  falsePositive: boolean;
}

export const UNMAPPED_PREFIX = 'unmapped:';
/** Used when no `noisyScans` section was given anywhere. */
const DEFAULT_NOISY_FAMILY = 'noisy-scans';

const regex = z.string().min(1).transform((source, ctx) => {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    ctx.issues.push({ code: 'custom', input: source, message: e instanceof Error ? e.message : `not a valid regular expression: ${String(e)}` });
    return z.NEVER;
  }
});

const familyId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id of letters, digits and dashes');

const clauseSchema = z
  .strictObject({
    cwes: z.array(z.number().int().positive()).min(1).optional(),
    rules: z.array(regex).min(1).optional(),
    categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
    paths: z.array(regex).min(1).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'a match clause needs at least one of cwes, rules, categories, paths');

const familySchema = z.strictObject({
  id: familyId,
  label: z.string().trim().min(1),
  plain: z.string().trim().min(1).optional(),
  match: z.array(clauseSchema).default([]),
  incidentCauses: z.array(z.string().trim().min(1)).default([]),
});

/** One taxonomy file: the default one, or a company's extension (every key optional). */
export const taxonomyFileSchema = z
  .strictObject({
    noisyScans: z
      .strictObject({
        family: familyId,
        ruleFalsePositiveShare: z.number().gt(0).max(1),
        minRuleFindings: z.number().int().positive(),
      })
      .optional(),
    families: z.array(familySchema).default([]),
    unmapped: z.partialRecord(z.enum(CATEGORIES), z.string().trim().min(1)).optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.families.forEach((f, i) => {
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: ['families', i, 'id'], message: `duplicate family id "${f.id}"` });
      seen.add(f.id);
    });
  });

/** Parses and validates one taxonomy file; errors name the source and the offending key. */
export function loadTaxonomy(text: string, source: string): Taxonomy {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw invalid(`${source}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(`${source}: expected a mapping with families, unmapped and noisyScans at the top level`);
  const result = taxonomyFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = formatPath(issue.path);
    const family = familyNote(raw, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      throw invalid(`${source}: ${where}${family}: unknown key${issue.keys.length === 1 ? '' : 's'} ${keys}`);
    }
    throw invalid(`${source}: ${where}${family}: ${issue.message}`);
  }
  const file = result.data;
  return {
    sources: [source],
    families: file.families.map((f) => ({
      id: f.id,
      label: f.label,
      plain: f.plain ?? null,
      match: f.match.map((c) => ({ cwes: c.cwes ?? null, rules: c.rules ?? null, categories: c.categories ?? null, paths: c.paths ?? null })),
      incidentCauses: f.incidentCauses.map((c) => c.toLowerCase()),
    })),
    unmapped: file.unmapped ?? {},
    noisyScans: file.noisyScans ?? null,
  };
}

/** The text of the built-in taxonomy; the relative URL holds from both src/scorecard and dist/scorecard. */
export function defaultTaxonomyText(): string {
  return readFileSync(new URL('../../data/failure-modes.yaml', import.meta.url), 'utf8');
}

export function defaultTaxonomy(): Taxonomy {
  return loadTaxonomy(defaultTaxonomyText(), 'data/failure-modes.yaml');
}

/**
 * A company's file over the base: a family with a known id replaces it in place (keeping its
 * precedence), new families are tried before all base families, `unmapped` labels merge per
 * category, `noisyScans` is replaced whole.
 */
export function mergeTaxonomy(base: Taxonomy, extension: Taxonomy): Taxonomy {
  const overrides = new Map(extension.families.map((f) => [f.id, f]));
  const baseIds = new Set(base.families.map((f) => f.id));
  const merged: Taxonomy = {
    sources: [...base.sources, ...extension.sources],
    families: [...extension.families.filter((f) => !baseIds.has(f.id)), ...base.families.map((f) => overrides.get(f.id) ?? f)],
    unmapped: { ...base.unmapped, ...extension.unmapped },
    noisyScans: extension.noisyScans ?? base.noisyScans,
  };
  const noisy = merged.noisyScans?.family;
  if (noisy !== undefined && !merged.families.some((f) => f.id === noisy))
    throw invalid(`${extension.sources.join(', ')}: noisyScans.family: no family with id "${noisy}"`);
  return merged;
}

/**
 * Rule ids whose findings are false positives at least `ruleFalsePositiveShare` of the time
 * over at least `minRuleFindings` findings; their findings all count as noisy scans.
 */
export function noisyRuleIds(t: Taxonomy, findings: readonly { ruleId: string | null; falsePositive: boolean }[]): Set<string> {
  const out = new Set<string>();
  if (t.noisyScans === null) return out;
  const counts = new Map<string, { all: number; fp: number }>();
  for (const f of findings) {
    if (f.ruleId === null) continue;
    const c = counts.get(f.ruleId) ?? { all: 0, fp: 0 };
    c.all++;
    if (f.falsePositive) c.fp++;
    counts.set(f.ruleId, c);
  }
  for (const [rule, c] of counts) if (c.all >= t.noisyScans.minRuleFindings && c.fp / c.all >= t.noisyScans.ruleFalsePositiveShare) out.add(rule);
  return out;
}

/** The family id of a finding: noisy scans first, then the first matching family, else `unmapped:<category>`. */
export function classifyFinding(t: Taxonomy, f: FindingTraits, noisyRules: ReadonlySet<string> = new Set()): string {
  if (f.falsePositive || (f.ruleId !== null && noisyRules.has(f.ruleId))) return noisyFamily(t);
  for (const family of t.families) if (family.match.some((c) => clauseMet(c, f))) return family.id;
  return `${UNMAPPED_PREFIX}${f.category}`;
}

/** The first family with a cause string inside the incident's cause; null when none (or no cause). */
export function classifyIncident(t: Taxonomy, cause: string | null): string | null {
  if (cause === null) return null;
  const c = cause.toLowerCase();
  for (const family of t.families) if (family.incidentCauses.some((s) => c.includes(s))) return family.id;
  return null;
}

export function familyLabel(t: Taxonomy, id: string): string {
  const family = t.families.find((f) => f.id === id);
  if (family) return family.label;
  if (id.startsWith(UNMAPPED_PREFIX)) {
    const category = id.slice(UNMAPPED_PREFIX.length);
    return (isCategory(category) ? t.unmapped[category] : undefined) ?? `other ${category} findings`;
  }
  return id;
}

/** The label for readers outside engineering (the board): the family's plain label, else its label. */
export function familyPlainLabel(t: Taxonomy, id: string): string {
  const family = t.families.find((f) => f.id === id);
  if (family) return family.plain ?? family.label;
  return 'other security weaknesses';
}

/** Precedence of a family id, for stable ordering of ties: families, then unmapped categories. */
export function familyRank(t: Taxonomy, id: string): number {
  const i = t.families.findIndex((f) => f.id === id);
  if (i >= 0) return i;
  const category = id.slice(UNMAPPED_PREFIX.length);
  return t.families.length + (isCategory(category) ? CATEGORIES.indexOf(category) : CATEGORIES.length);
}

function noisyFamily(t: Taxonomy): string {
  return t.noisyScans?.family ?? DEFAULT_NOISY_FAMILY;
}

function clauseMet(c: MatchClause, f: FindingTraits): boolean {
  if (c.cwes !== null && !f.cwes.some((cwe) => c.cwes!.includes(cwe))) return false;
  if (c.categories !== null && !c.categories.includes(f.category)) return false;
  if (c.rules !== null && !c.rules.some((r) => (f.ruleId !== null && r.test(f.ruleId)) || r.test(f.title))) return false;
  if (c.paths !== null) {
    const file = f.file;
    if (file === undefined || file === null || !c.paths.some((r) => r.test(file))) return false;
  }
  return true;
}

function invalid(message: string): SecscoreError {
  return new SecscoreError('CONFIG_INVALID', message);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** ` (family "x")` when the issue sits inside a family that has an id, so the message names it. */
function familyNote(raw: object, path: readonly PropertyKey[]): string {
  if (path[0] !== 'families' || typeof path[1] !== 'number' || path[2] === 'id') return '';
  const families = (raw as { families?: unknown }).families;
  const family: unknown = Array.isArray(families) ? families[path[1]] : undefined;
  const id = typeof family === 'object' && family !== null ? (family as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? ` (family "${id}")` : '';
}
