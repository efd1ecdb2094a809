import type { Taxonomy } from '../domain/failure-modes.js';
import type { Period } from '../domain/period.js';
import { periodJson, previousPeriod } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import type { OperationalRecords } from '../domain/records.js';
import type { Service } from '../domain/service.js';
import { KPIS } from '../kpis/catalog.js';
import type { KpiDefinition, KpiInput } from '../kpis/define-kpi.js';
import { evaluateKpi, type Grouping, type KpisReport } from '../kpis/evaluate.js';
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

/** The KPI inputs of one scope for one period, cut from facts loaded once. */
export function scopeInput(
  facts: Facts,
  services: readonly Service[],
  period: Period,
  policy: Policy,
  scope: KpiInput['scope'] = { by: 'company', key: 'company' },
): KpiInput {
  const ids = new Set(services.map((s) => s.id));
  return {
    period,
    policy,
    services: new Map(services.map((s) => [s.id, s])),
    intervals: facts.intervals.filter((i) => ids.has(i.serviceId)),
    scans: facts.scans.filter((s) => ids.has(s.serviceId)),
    exceptions: facts.exceptions,
    loaded: facts.loaded,
    scope,
    records: scopeRecords(facts, services, scope),
    taxonomy: facts.taxonomy,
  };
}

/** Operational records of a scope, by the rules of `KpiInput.records`. */
export function scopeRecords(facts: Facts, services: readonly Service[], scope: KpiInput['scope']): OperationalRecords {
  const r = facts.records;
  if (scope.by === 'company') return r;
  const ids = new Set(services.map((s) => s.id));
  const accounts = new Set(services.flatMap((s) => s.cloudAccounts));
  const repos = new Set(services.flatMap((s) => s.repos));
  const teams = new Set(services.flatMap((s) => s.owners));
  const areas =
    scope.by === 'area'
      ? new Set([scope.key])
      : scope.by === 'line'
        ? new Set(facts.catalog.areas.filter((a) => a.line === scope.key).map((a) => a.name))
        : new Set<string>();
  const own = <T extends { serviceId: string | null }>(list: T[]) => list.filter((x) => x.serviceId !== null && ids.has(x.serviceId));
  return {
    incidents: own(r.incidents),
    pipelineRuns: own(r.pipelineRuns),
    pullRequests: own(r.pullRequests),
    designReviews: own(r.designReviews),
    threatModels: own(r.threatModels),
    alerts: own(r.alerts),
    cloudControls: r.cloudControls.filter((c) => accounts.has(c.account)),
    identity: [],
    logging: own(r.logging),
    iam: own(r.iam),
    surveys: r.surveys.filter((x) => x.team !== null && teams.has(x.team)),
    costs: [],
    teamHealth: r.teamHealth.filter((x) => teams.has(x.team)),
    milestones: r.milestones.filter((m) => m.area !== null && areas.has(m.area)),
    commits: r.commits.filter((c) => repos.has(c.repo)),
  };
}

/** All KPIs for every group of a scope, with the previous period for the trend. */
export function kpisFromFacts(facts: Facts, policy: Policy, period: Period, by: Grouping, kpis: readonly KpiDefinition[] = KPIS): KpisReport {
  const previous = previousPeriod(period);
  const groups = groupServices(facts.catalog.services, by, facts).map(({ key, services }) => {
    const now = scopeInput(facts, services, period, policy, { by, key });
    const before = scopeInput(facts, services, previous, policy, { by, key });
    return { key, kpis: kpis.map((k) => evaluateKpi(k, k.compute(now), k.compute(before), policy)) };
  });
  return { period: periodJson(period), scope: { by }, groups };
}

/** `taxonomy`: the one in force (`taxonomyOf(settings)`); the built-in one when not given. */
export async function computeKpis(store: Store, policy: Policy, period: Period, by: Grouping, taxonomy?: Taxonomy): Promise<KpisReport> {
  const facts = await loadFacts(store, policy, previousPeriod(period), period, taxonomy);
  return kpisFromFacts(facts, policy, period, by);
}
