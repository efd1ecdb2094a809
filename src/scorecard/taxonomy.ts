import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { SecscoreError, yamlSyntaxMessage } from '../domain/errors.js';
import { UNMAPPED_PREFIX, type Taxonomy } from '../domain/failure-modes.js';
import { CATEGORIES, isCategory } from '../domain/severity.js';

/**
 * The failure-mode taxonomy (scorecard.md, "Failure-mode taxonomy"): reading and validating
 * its files, labels and incident causes. The types and the finding matcher are pure and live
 * in domain/failure-modes.ts, so that KPIs classify findings as the scorecard does.
 */
export {
  classifyFinding,
  noisyRuleIds,
  UNMAPPED_PREFIX,
  type Family,
  type FindingTraits,
  type MatchClause,
  type NoisyScans,
  type Taxonomy,
} from '../domain/failure-modes.js';

const regex = z
  .string()
  .min(1)
  .transform((source, ctx) => {
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
  if (doc.errors.length > 0) throw invalid(yamlSyntaxMessage(source, doc.errors[0]!));
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(`${source}: expected a mapping with families, unmapped and noisyScans at the top level`);
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
