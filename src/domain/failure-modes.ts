import type { Category } from './severity.js';

/**
 * The failure-mode taxonomy as data, and its finding matcher (scorecard.md, "Failure-mode
 * taxonomy"): named families that findings (by CWE, rule pattern, tool category, file path)
 * and incidents (by cause) map to. Pure, so that measuring (kpis) and judging (scorecard)
 * classify a finding alike; reading and validating a taxonomy file, labels and incident
 * causes stay in scorecard/taxonomy.ts. The matching semantics are documented at the top of
 * `data/failure-modes.yaml`.
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
  return matchedFamily(t, f);
}

/**
 * The family a finding's traits match, before noisy scans are considered (the first matching
 * family, else `unmapped:<category>`): what `classifyFinding` gives a finding that is neither a
 * false positive nor of a noisy rule. Memoised per taxonomy and traits values: findings share few
 * distinct categories, rules, titles, files and CWE lists (the bulk reads give every finding
 * with the same list the same array, read-rows.ts), so that each combination is matched against
 * the taxonomy once, however many findings, KPIs, scopes or periods classify it. Keyed by the
 * values, not by the finding object: a WeakMap entry per interval (10⁵–10⁶ of them) cost `kpis`
 * ~60 MB of allocation at bench scale 1 and its ephemerons slowed every garbage collection.
 */
export function matchedFamily(t: Taxonomy, f: FindingTraits): string {
  let memo = matchedCache.get(t);
  if (memo === undefined) matchedCache.set(t, (memo = new Map()));
  const byRule = getOrAdd(memo, f.category);
  const byTitle = getOrAdd(byRule, f.ruleId);
  const byFile = getOrAdd(byTitle, f.title);
  const byCwes = getOrAdd(byFile, f.file);
  let id = byCwes.get(f.cwes);
  if (id === undefined) {
    id = `${UNMAPPED_PREFIX}${f.category}`;
    for (const family of t.families)
      if (familyMet(family)(f)) {
        id = family.id;
        break;
      }
    byCwes.set(f.cwes, id);
  }
  return id;
}

/** Per taxonomy: category → rule id → title → file → CWE list → family id. */
const matchedCache = new WeakMap<Taxonomy, Map<Category, Map<string | null, Map<string, Map<string | null | undefined, Map<readonly number[], string>>>>>>();

function getOrAdd<K, V extends Map<unknown, unknown>>(m: Map<K, V>, k: K): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = new Map() as V));
  return v;
}

/**
 * Whether a finding's traits meet a clause of family `id` (false when the taxonomy has no such
 * family): necessary for `matchedFamily` to give `id`, and cheaper to test than every family.
 */
export function meetsFamily(t: Taxonomy, id: string): (f: FindingTraits) => boolean {
  const family = t.families.find((x) => x.id === id);
  return family === undefined ? () => false : familyMet(family);
}

/** The family false positives and findings of noisy rules go to. */
export function noisyFamily(t: Taxonomy): string {
  return t.noisyScans?.family ?? DEFAULT_NOISY_FAMILY;
}

/** Whether a finding's traits meet any clause of a family; compiled once per family (`clauseMet`). */
function familyMet(family: Family): (f: FindingTraits) => boolean {
  let met = familyTests.get(family);
  if (met === undefined) {
    const clauses = family.match.map(clauseMet);
    familyTests.set(
      family,
      (met = (f) => {
        for (let k = 0; k < clauses.length; k++) if (clauses[k]!(f)) return true;
        return false;
      }),
    );
  }
  return met;
}

const familyTests = new WeakMap<Family, (f: FindingTraits) => boolean>();

/**
 * A clause's test. Its rule and path patterns are tested once per distinct rule id, title or
 * file (memoised in the test): findings share few distinct ones, and a clause lists several patterns, so that
 * each text is tested against them once instead of once per finding and call (the patterns are
 * stateless: no `g` or `y` flag).
 */
function clauseMet(c: MatchClause): (f: FindingTraits) => boolean {
  const byText = new Map<string, boolean>();
  const rulesMatch = (text: string): boolean => {
    let hit = byText.get(text);
    if (hit === undefined) byText.set(text, (hit = c.rules!.some((r) => r.test(text))));
    return hit;
  };
  const byPath = new Map<string, boolean>();
  const pathMatch = (file: string): boolean => {
    let hit = byPath.get(file);
    if (hit === undefined) byPath.set(file, (hit = c.paths!.some((r) => r.test(file))));
    return hit;
  };
  // Called per finding (10⁵–10⁶ times in `kpis`): no closure is made per call.
  const cwesMet = (cwes: readonly number[]): boolean => {
    for (let k = 0; k < cwes.length; k++) if (c.cwes!.includes(cwes[k]!)) return true;
    return false;
  };
  return (f) => {
    if (c.cwes !== null && !cwesMet(f.cwes)) return false;
    if (c.categories !== null && !c.categories.includes(f.category)) return false;
    if (c.rules !== null && !((f.ruleId !== null && rulesMatch(f.ruleId)) || rulesMatch(f.title))) return false;
    if (c.paths !== null) {
      const file = f.file;
      if (file === undefined || file === null || !pathMatch(file)) return false;
    }
    return true;
  };
}
