import { SecscoreError } from '../domain/errors.js';
import type { Taxonomy } from '../domain/failure-modes.js';
import type { Period } from '../domain/period.js';
import { periodJson, previousPeriod } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import type { OperationalRecords } from '../domain/records.js';
import type { Service } from '../domain/service.js';
import { KPIS } from '../kpis/catalog.js';
import type { KpiDefinition, KpiInput, KpiResult } from '../kpis/define-kpi.js';
import { evaluateKpi, type Grouping, type KpiRow, type KpisReport } from '../kpis/evaluate.js';
import { cutSubsets } from '../kpis/scope-subsets.js';
import type { Store } from '../storage/store.js';
import { loadFacts, type Facts } from './load-facts.js';

export { GROUPINGS, type Grouping, type KpisReport } from '../kpis/evaluate.js';

/** The groups of a scope, in catalog order; every catalog area (or line, tier) is listed even when empty. */
export function groupServices(services: readonly Service[], by: Grouping, facts?: Facts): { key: string; services: Service[] }[] {
  if (by === 'company') return [{ key: 'company', services: [...services] }];
  const keyOf = (s: Service): string => (by === 'line' ? s.line : by === 'area' ? s.area : by === 'tier' ? String(s.tier) : s.id);
  const groups = new Map<string, Service[]>();
  if (facts && by === 'area') for (const a of facts.catalog.areas) groups.set(a.name, []);
  if (facts && by === 'line') for (const l of facts.catalog.lines) groups.set(l.name, []);
  for (const s of services) {
    const k = keyOf(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, list]) => ({ key, services: list }));
}

/** The KPI inputs of one scope for one period, cut from facts loaded once (by the rules of `KpiInput.records`). */
export function scopeInput(
  facts: Facts,
  services: readonly Service[],
  period: Period,
  policy: Policy,
  scope: KpiInput['scope'] = { by: 'company', key: 'company' },
): KpiInput {
  return { ...scopeSlices(facts, [{ key: scope.key, services }], [scope])[0]!, period, policy };
}

/**
 * Restricts `kpis` to named groups and KPIs (`--line`, `--area`, `--tier`, `--service`, `--kpi`).
 * Filters of different kinds intersect (`--area A --tier 0`: the tier-0 services of area A); a
 * filter's names must exist in the catalog (see `checkSelection`).
 */
export interface KpiSelection {
  lines?: readonly string[];
  areas?: readonly string[];
  tiers?: readonly number[];
  services?: readonly string[];
  kpis?: readonly string[];
}

const filtered = (sel: KpiSelection): boolean => [sel.lines, sel.areas, sel.tiers, sel.services].some((l) => l !== undefined && l.length > 0);

/** Usage errors for names the catalog does not hold, each listing the valid names. */
export function checkSelection(catalog: Facts['catalog'], sel: KpiSelection, kpis: readonly KpiDefinition[] = KPIS): void {
  const check = (flag: string, what: string, given: readonly (string | number)[] | undefined, valid: readonly (string | number)[]) => {
    const known = new Set(valid.map(String));
    const unknown = (given ?? []).map(String).filter((g) => !known.has(g));
    if (unknown.length === 0) return;
    const list = valid.length === 0 ? `the catalog has no ${what}` : `valid ${what}: ${namesList(valid.map(String), unknown[0]!)}`;
    throw new SecscoreError('USAGE', `${flag}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}; ${list}`);
  };
  check(
    '--kpi',
    'KPI ids',
    sel.kpis,
    kpis.map((k) => k.id),
  );
  check(
    '--line',
    'product lines',
    sel.lines,
    catalog.lines.map((l) => l.name),
  );
  check(
    '--area',
    'areas',
    sel.areas,
    catalog.areas.map((a) => a.name),
  );
  check('--tier', 'tiers', sel.tiers, [...new Set(catalog.services.map((s) => s.tier))].sort());
  check(
    '--service',
    'services',
    sel.services,
    catalog.services.map((s) => s.id),
  );
}

/** Names for an error message: all of them when few, else those resembling `wanted` and a count. */
function namesList(names: string[], wanted: string): string {
  if (names.length <= 30) return names.join(', ');
  const w = wanted.toLowerCase();
  const near = names.filter((n) => n.toLowerCase().includes(w) || w.includes(n.toLowerCase())).slice(0, 10);
  const shown = near.length > 0 ? near : names.slice(0, 10);
  return `${shown.join(', ')} … (${names.length} in all; \`secscore kpis --by service\` lists them)`;
}

/** All KPIs for every group of a scope, with the previous period for the trend. */
export function kpisFromFacts(
  facts: Facts,
  policy: Policy,
  period: Period,
  by: Grouping,
  kpis: readonly KpiDefinition[] = KPIS,
  selection: KpiSelection = {},
): KpisReport {
  checkSelection(facts.catalog, selection, kpis);
  const previous = previousPeriod(period);
  const chosen = selection.kpis && selection.kpis.length > 0 ? kpis.filter((k) => selection.kpis!.includes(k.id)) : kpis;
  const narrowed = filtered(selection);
  const services = narrowed ? facts.catalog.services.filter((s) => selects(selection, s)) : facts.catalog.services;
  let groups = groupServices(services, by, facts);
  if (narrowed && (by === 'area' || by === 'line')) {
    // Listed: the groups holding a selected service, and those the filters name even when empty
    // (an area named by --area, or belonging to a line named by --line), never the others.
    const keep = new Set(services.map((s) => (by === 'area' ? s.area : s.line)));
    if (by === 'line') for (const l of selection.lines ?? []) keep.add(l);
    if (by === 'area')
      for (const a of facts.catalog.areas)
        if (
          (!selection.areas?.length || selection.areas.includes(a.name)) &&
          (!selection.lines?.length || selection.lines.includes(a.line)) &&
          (selection.areas?.length || selection.lines?.length)
        )
          keep.add(a.name);
    groups = groups.filter((g) => keep.has(g.key));
  }
  const scopes = groups.map(({ key }) => (narrowed && by === 'company' ? { by: 'cohort' as const, key } : { by, key }));
  const slices = scopeSlices(facts, groups, scopes);
  const rows = groups.map(({ key }, g) => ({ key, kpis: evaluateSlice(slices[g]!, period, previous, policy, chosen) }));
  return { period: periodJson(period), scope: { by }, groups: rows };
}

/**
 * `kpisFromFacts` of the whole catalog for several periods, the groups cut once for all of
 * them: each period's P-1 is the P of the one before, and sharing the slices lets every
 * per-slice memo (fix events, sorted times, subsets, results) serve every period. The slices
 * and their memos go when the reports are done.
 */
export function kpiSeriesFromFacts(
  facts: Facts,
  policy: Policy,
  periods: readonly Period[],
  by: Grouping,
  kpis: readonly KpiDefinition[] = KPIS,
): KpisReport[] {
  const groups = groupServices(facts.catalog.services, by, facts);
  const slices = scopeSlices(
    facts,
    groups,
    groups.map(({ key }) => ({ by, key })),
  );
  return periods.map((period) => {
    const rows = groups.map(({ key }, g) => ({ key, kpis: evaluateSlice(slices[g]!, period, previousPeriod(period), policy, kpis) }));
    return { period: periodJson(period), scope: { by }, groups: rows };
  });
}

export type ScopeSlice = Omit<KpiInput, 'period' | 'policy'>;

/**
 * The KPI rows of one scope slice for P, with P-1 for the trend. Results are memoised per slice,
 * policy and period (compute is pure and facts are never mutated once loaded), and the subsets
 * of every KPI are cut in one walk (cutSubsets): a review asks for the same slice over several
 * periods, each period once as P and again as the P-1 of the next, so that each is computed once.
 */
export function evaluateSlice(slice: ScopeSlice, period: Period, previous: Period, policy: Policy, kpis: readonly KpiDefinition[]): KpiRow[] {
  cutSubsets(slice, [...new Set(kpis.flatMap((k) => k.subsets ?? []))]);
  const now = resultsOf(slice, period, policy);
  const before = resultsOf(slice, previous, policy);
  return kpis.map((k) => evaluateKpi(k, now(k), before(k), policy));
}

const resultCache = new WeakMap<ScopeSlice, { policy: Policy; byPeriod: Map<string, (k: KpiDefinition) => KpiResult> }>();

function resultsOf(slice: ScopeSlice, period: Period, policy: Policy): (k: KpiDefinition) => KpiResult {
  let entry = resultCache.get(slice);
  if (entry === undefined || entry.policy !== policy) resultCache.set(slice, (entry = { policy, byPeriod: new Map() }));
  const key = `${period.kind} ${period.start} ${period.end}`;
  let results = entry.byPeriod.get(key);
  if (results === undefined) {
    const input: KpiInput = { ...slice, period, policy };
    const byKpi = new Map<KpiDefinition, KpiResult>();
    results = (k) => {
      let r = byKpi.get(k);
      if (r === undefined) byKpi.set(k, (r = k.compute(input)));
      return r;
    };
    entry.byPeriod.set(key, results);
  }
  return results;
}

function selects(sel: KpiSelection, s: Service): boolean {
  if (sel.lines?.length && !sel.lines.includes(s.line)) return false;
  if (sel.areas?.length && !sel.areas.includes(s.area)) return false;
  if (sel.tiers?.length && !sel.tiers.includes(s.tier)) return false;
  if (sel.services?.length && !sel.services.includes(s.id)) return false;
  return true;
}

/**
 * The period-independent part of the KPI inputs for every group at once (`scopeInput` is one
 * group): each list is walked once and its items dealt to the groups that own them, in their
 * original order, instead of filtering the whole list once per group and period.
 * compute-kpis.test.ts holds it to plain filtering by the rules of `KpiInput.records`.
 */
export function scopeSlices(
  facts: Facts,
  groups: readonly { key: string; services: readonly Service[] }[],
  scopes: readonly KpiInput['scope'][],
): ScopeSlice[] {
  const n = groups.length;
  const byService = new Map<string, number[]>();
  const byAccount = new Map<string, number[]>();
  const byRepo = new Map<string, number[]>();
  const byTeam = new Map<string, number[]>();
  const byArea = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, g: number) => {
    const list = m.get(k);
    if (!list) m.set(k, [g]);
    else if (list[list.length - 1] !== g) list.push(g);
  };
  groups.forEach(({ services }, g) => {
    const scope = scopes[g]!;
    for (const s of services) {
      add(byService, s.id, g);
      for (const a of s.cloudAccounts) add(byAccount, a, g);
      for (const r of s.repos) add(byRepo, r, g);
      for (const t of s.owners) add(byTeam, t, g);
    }
    if (scope.by === 'area') add(byArea, scope.key, g);
    if (scope.by === 'line') for (const a of facts.catalog.areas) if (a.line === scope.key) add(byArea, a.name, g);
  });
  // Indexed loops: over 10⁵–10⁶ items, `for … of` here allocated an iterator per item (~30 MB at bench scale 1).
  const deal = <T>(list: readonly T[], index: Map<string, number[]>, keyOf: (x: T) => string | null): T[][] => {
    const out: T[][] = Array.from({ length: n }, () => []);
    for (let j = 0; j < list.length; j++) {
      const x = list[j]!;
      const k = keyOf(x);
      const gs = k === null ? undefined : index.get(k);
      if (gs) for (let m = 0; m < gs.length; m++) out[gs[m]!]!.push(x);
    }
    return out;
  };
  // The lists of services' items by each item's service ordinal (serviceOrdinals), not its
  // object: a review deals the same lists for six groupings, and reading 10⁵–10⁶ objects once
  // per grouping was most of the dealing. A service in two groups takes the general deal.
  const own = <T extends { serviceId: string | null }>(list: readonly T[]): T[][] => {
    const { ids, of } = serviceOrdinals(list);
    const groupOf = new Int32Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const gs = byService.get(ids[k]!);
      if (gs !== undefined && gs.length > 1) return deal(list, byService, (x) => x.serviceId);
      groupOf[k] = gs === undefined ? -1 : gs[0]!;
    }
    const out: T[][] = Array.from({ length: n }, () => []);
    for (let j = 0; j < list.length; j++) {
      const k = of[j]!;
      const g = k < 0 ? -1 : groupOf[k]!;
      if (g >= 0) out[g]!.push(list[j]!);
    }
    return out;
  };
  const r = facts.records;
  const intervals = own(facts.intervals);
  const scans = own(facts.scans);
  const incidents = own(r.incidents);
  const pipelineRuns = own(r.pipelineRuns);
  const pullRequests = own(r.pullRequests);
  const designReviews = own(r.designReviews);
  const threatModels = own(r.threatModels);
  const alerts = own(r.alerts);
  const logging = own(r.logging);
  const iam = own(r.iam);
  const cloudControls = deal(r.cloudControls, byAccount, (c) => c.account);
  const surveys = deal(r.surveys, byTeam, (x) => x.team);
  const teamHealth = deal(r.teamHealth, byTeam, (x) => x.team);
  const milestones = deal(r.milestones, byArea, (m) => m.area);
  const commits = deal(r.commits, byRepo, (c) => c.repo);
  return groups.map(({ services }, g) => {
    const scope = scopes[g]!;
    const records: OperationalRecords =
      scope.by === 'company'
        ? r
        : {
            incidents: incidents[g]!,
            pipelineRuns: pipelineRuns[g]!,
            pullRequests: pullRequests[g]!,
            designReviews: designReviews[g]!,
            threatModels: threatModels[g]!,
            alerts: alerts[g]!,
            cloudControls: cloudControls[g]!,
            identity: [],
            logging: logging[g]!,
            iam: iam[g]!,
            surveys: surveys[g]!,
            costs: [],
            teamHealth: teamHealth[g]!,
            milestones: milestones[g]!,
            commits: commits[g]!,
          };
    return {
      services: new Map(services.map((s) => [s.id, s])),
      intervals: intervals[g]!,
      scans: scans[g]!,
      exceptions: facts.exceptions,
      loaded: facts.loaded,
      scope,
      records,
      taxonomy: facts.taxonomy,
    };
  });
}

/**
 * Each item's service as an ordinal into `ids` (-1 for an item of no service), worked out once
 * per list: facts and records are never mutated once loaded, so every grouping that deals the
 * list (scopeSlices) shares it.
 */
function serviceOrdinals(list: readonly { serviceId: string | null }[]): { ids: string[]; of: Int32Array } {
  let out = ordinalsCache.get(list);
  if (out === undefined) {
    const index = new Map<string, number>();
    const ids: string[] = [];
    const of = new Int32Array(list.length);
    for (let j = 0; j < list.length; j++) {
      const id = list[j]!.serviceId;
      let k = id === null ? -1 : index.get(id);
      if (k === undefined) {
        index.set(id!, (k = ids.length));
        ids.push(id!);
      }
      of[j] = k;
    }
    ordinalsCache.set(list, (out = { ids, of }));
  }
  return out;
}

const ordinalsCache = new WeakMap<readonly object[], { ids: string[]; of: Int32Array }>();

/** `taxonomy`: the one in force (`taxonomyOf(settings)`); the built-in one when not given. */
export async function computeKpis(
  store: Store,
  policy: Policy,
  period: Period,
  by: Grouping,
  taxonomy?: Taxonomy,
  selection: KpiSelection = {},
): Promise<KpisReport> {
  // Names are checked before the facts are loaded (seconds at scale): a mistyped --kpi or --area fails at once.
  checkSelection(filtered(selection) ? await store.catalog() : { lines: [], areas: [], services: [] }, selection, KPIS);
  const chosen = selection.kpis && selection.kpis.length > 0 ? KPIS.filter((k) => selection.kpis!.includes(k.id)) : KPIS;
  // Only the record kinds the chosen KPIs read (compute-kpis.test.ts holds every KPI to its `inputs`).
  const facts = await loadFacts(store, policy, previousPeriod(period), period, taxonomy, new Set(chosen.flatMap((k) => k.inputs)));
  return kpisFromFacts(facts, policy, period, by, KPIS, selection);
}
