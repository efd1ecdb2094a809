import { describe, expect, it } from 'vitest';
import { RECORD_KIND_OF, type OperationalRecords } from '../domain/records.js';
import type { Catalog, Service } from '../domain/service.js';
import type { KpiInput } from '../kpis/define-kpi.js';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import type { Policy } from '../domain/policy.js';
import { interval, P, service, d } from '../kpis/test-support/kpi-input.js';
import { KPIS } from '../kpis/catalog.js';
import { scorecardMetrics } from '../kpis/reference-doc.js';
import type { InputKind } from '../domain/facts.js';
import { defaultTaxonomy } from '../scorecard/taxonomy.js';
import { computeKpis, GROUPINGS, groupServices, kpiSeriesFromFacts, kpisFromFacts, scopeInput, scopeSlices } from './compute-kpis.js';
import { sql } from 'kysely';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { periodSeries } from '../domain/period.js';
import type { Facts } from './load-facts.js';

// scopeSlices deals every list to its groups in one pass; it must give exactly what scopeInput
// gives group by group (same items, same order), for every grouping, including records shared
// between groups (an account or a team of services in two areas) and records of no service.
const catalog: Catalog = {
  lines: [
    { name: 'L1', owners: [] },
    { name: 'L2', owners: [] },
  ],
  areas: [
    { name: 'A', line: 'L1', owners: [] },
    { name: 'B', line: 'L1', owners: [] },
    { name: 'C', line: 'L2', owners: [] },
    { name: 'Empty', line: 'L2', owners: [] },
  ],
  services: [
    service('s1', { area: 'A', line: 'L1', tier: 0, owners: ['t1'], repos: ['r1'], cloudAccounts: ['acc1'] }),
    service('s2', { area: 'A', line: 'L1', tier: 1, owners: ['t1', 't2'], repos: ['r2'], cloudAccounts: ['acc1', 'acc2'] }),
    service('s3', { area: 'B', line: 'L1', tier: 2, owners: ['t2'], repos: ['r3'], cloudAccounts: ['acc2'] }),
    service('s4', { area: 'C', line: 'L2', tier: 0, owners: ['t3'], repos: ['r4', 'r1'], cloudAccounts: [] }),
  ],
};

const ids = ['s1', 's2', 's3', 's4', 'gone', null];
const records: OperationalRecords = {
  incidents: ids.map((s, i) => ({
    id: `i${i}`,
    title: null,
    severity: 'sev2',
    serviceId: s,
    startedAt: d(i),
    detectedAt: d(i),
    containedAt: null,
    resolvedAt: null,
    cause: null,
    runbook: null,
  })),
  pipelineRuns: ids.flatMap((s, i) =>
    [0, 1].map((k) => ({
      id: `p${i}${k}`,
      serviceId: s,
      repo: null,
      pipeline: null,
      template: null,
      startedAt: d(i + k),
      finishedAt: null,
      release: k === 0,
      securityStage: 'passed' as const,
    })),
  ),
  pullRequests: ids.map((s, i) => ({
    repo: `r${i}`,
    number: i,
    serviceId: s,
    createdAt: d(i),
    mergedAt: null,
    securityReviewRequestedAt: null,
    firstSecurityReviewAt: null,
  })),
  designReviews: ids.map((s, i) => ({ id: `d${i}`, serviceId: s, requestedAt: d(i), completedAt: null, outcome: null })),
  threatModels: ['s1', 's3', 's3'].map((s, i) => ({ serviceId: s, updatedAt: d(i), link: null })),
  alerts: ids.map((s, i) => ({ id: `a${i}`, rule: null, serviceId: s, firedAt: d(i), dispositionedAt: null, disposition: null, runbook: null })),
  cloudControls: ['acc1', 'acc2', 'acc3', 'acc1'].map((account, i) => ({ account, control: `c${i}`, status: 'pass' as const, checkedAt: d(i) })),
  identity: [{ snapshotAt: d(1), account: 'u1', privileged: true, mfa: true, sso: false }],
  logging: ['s2', 's4', 'gone'].map((s, i) => ({ serviceId: s, at: d(i), shipped: true, retainedDays: 30 })),
  iam: ['s1', 's3'].map((s, i) => ({ serviceId: s, at: d(i), standardRoles: true })),
  surveys: ['t1', 't2', 't3', null, 't9'].map((team, i) => ({ submittedAt: d(i), score: i, scaleMin: 1, scaleMax: 5, team })),
  costs: [{ tool: 'x', annualCost: 1, currency: 'USD', from: d(0), to: d(10) }],
  teamHealth: ['t1', 't2', 't3'].map((team) => ({ month: '2026-07', team, headcount: 5, leavers: 0, oncallPages: null, oncallEngineers: null })),
  milestones: ['A', 'B', 'C', 'Empty', null, 'Elsewhere'].map((area, i) => ({ id: `m${i}`, title: null, area, dueAt: d(i), completedAt: null })),
  commits: ['r1', 'r2', 'r3', 'r4', 'r9'].map((repo, i) => ({ repo, day: `2026-07-0${i + 1}`, count: i })),
};

const facts: Facts = {
  catalog,
  intervals: ['s3', 's1', 'gone', 's2', 's4', 's1', 's3'].map((s, i) =>
    interval({ findingId: i + 1, serviceId: s, openedAt: d(i), severity: 'critical', fixedAt: i % 2 ? d(i + 3) : null }),
  ),
  scans: ['s4', 's1', 's2', 'gone', 's3'].map((s, i) => ({ serviceId: s, tool: 't', category: 'sast' as const, scannedAt: d(i) })),
  exceptions: [],
  loaded: new Set(['catalog', 'findings']),
  records,
  taxonomy: defaultTaxonomy(),
};
const policy = DEFAULT_SETTINGS.policy as Policy;

/** The reference: each group cut from the facts by plain filtering, by the rules of `KpiInput.records`. */
function filteredScope(facts: Facts, services: readonly Service[], scope: KpiInput['scope']): Omit<KpiInput, 'period' | 'policy'> {
  const ids = new Set(services.map((s) => s.id));
  const r = facts.records;
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
  const records: OperationalRecords =
    scope.by === 'company'
      ? r
      : {
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
  return {
    services: new Map(services.map((s) => [s.id, s])),
    intervals: facts.intervals.filter((i) => ids.has(i.serviceId)),
    scans: facts.scans.filter((s) => ids.has(s.serviceId)),
    exceptions: facts.exceptions,
    loaded: facts.loaded,
    scope,
    records,
    taxonomy: facts.taxonomy,
  };
}

describe('scopeSlices', () => {
  it.each([...GROUPINGS, 'cohort' as const])('gives what plain filtering gives, group by group, by %s', (by) => {
    const groups = by === 'cohort' ? [{ key: 'some', services: catalog.services.filter((s) => s.tier === 0) }] : groupServices(catalog.services, by, facts);
    const scopes = groups.map(({ key }) => ({ by, key }));
    const slices = scopeSlices(facts, groups, scopes);
    groups.forEach(({ services }, g) => {
      expect(slices[g]).toEqual(filteredScope(facts, services, scopes[g]!));
      const { period: _p, policy: _q, ...one } = scopeInput(facts, services, P, policy, scopes[g]);
      expect(one).toEqual(slices[g]);
    });
  });
});

describe('scopeSlices, dealing the same lists again', () => {
  it('gives plain filtering for groups sharing a service, and for the same lists dealt to other groupings after', () => {
    const [s1, s2, s3, s4] = catalog.services as [Service, Service, Service, Service];
    const groupings = [
      [
        { key: 'x', services: [s1, s2] },
        { key: 'y', services: [s2, s3] },
      ],
      [{ key: 'z', services: [s4, s1] }],
      groupServices(catalog.services, 'service', facts),
      [
        { key: 'x', services: [s3] },
        { key: 'y', services: [s3, s4] },
      ],
    ];
    for (const groups of groupings) {
      const scopes = groups.map(({ key }) => ({ by: 'cohort' as const, key }));
      const slices = scopeSlices(facts, groups, scopes);
      groups.forEach(({ services }, g) => expect(slices[g]).toEqual(filteredScope(facts, services, scopes[g]!)));
    }
  });
});

describe('kpiSeriesFromFacts', () => {
  it.each(GROUPINGS)('gives kpisFromFacts of each period, by %s', (by) => {
    const periods = periodSeries(P, 3);
    expect(kpiSeriesFromFacts(facts, policy, periods, by)).toEqual(periods.map((p) => kpisFromFacts(facts, policy, p, by)));
  });
});

describe('kpisFromFacts selection', () => {
  it('equals the unfiltered report cut to the named groups', () => {
    const all = kpisFromFacts(facts, policy, P, 'area');
    const some = kpisFromFacts(facts, policy, P, 'area', undefined, { areas: ['C', 'A'] });
    expect(some.groups).toEqual(all.groups.filter((g) => g.key === 'A' || g.key === 'C'));
  });

  it('names the valid choices of an unknown name', () => {
    expect(() => kpisFromFacts(facts, policy, P, 'area', undefined, { areas: ['Z'] })).toThrow(/--area: unknown "Z"; valid areas: A, B, C, Empty/);
  });
});

describe('every KPI reads only the record kinds it declares', () => {
  // computeKpis loads only the records of the chosen KPIs' `inputs`: a KPI reading another kind
  // would silently see it empty there. Here each one is computed with every kind and with only
  // its own, over records of every kind in the period, and both must agree.
  const KIND_OF = RECORD_KIND_OF;
  const everything: Facts = { ...facts, loaded: new Set(['catalog', 'findings', 'exceptions', 'exploitability', ...Object.values(KIND_OF)]) };
  it.each([...KPIS, ...scorecardMetrics()].map((k) => [k.id, k] as const))('%s', (_id, kpi) => {
    const own = Object.fromEntries(
      Object.entries(records).map(([k, list]) => [k, kpi.inputs.includes(KIND_OF[k as keyof OperationalRecords]) ? list : []]),
    ) as unknown as OperationalRecords;
    const only: Facts = { ...everything, records: own };
    for (const [by, key, services] of [
      ['company', 'company', catalog.services],
      ['area', 'A', catalog.services.filter((s) => s.area === 'A')],
    ] as const) {
      const scope = { by, key };
      expect(kpi.compute(scopeInput(only, services, P, policy, scope))).toEqual(kpi.compute(scopeInput(everything, services, P, policy, scope)));
    }
  });
});

describe.each(ENGINES)('computeKpis on %s', (engine) => {
  it('checks the names it is given before it loads any facts', async () => {
    const { store, cleanup } = await openTestStore(engine);
    try {
      await store.saveCatalog(
        { lines: [{ name: 'L', owners: ['team'] }], areas: [{ name: 'A', line: 'L', owners: ['team'] }], services: [service('svc', { area: 'A', line: 'L' })] },
        { kind: 'catalog', format: 'test', file: 'catalog.yaml', sha256: 'x' },
      );
      // Without its intervals the facts cannot be loaded: a name checked after the load would fail on that instead.
      await sql`drop table intervals`.execute(store.db);
      const policy = DEFAULT_SETTINGS.policy;
      await expect(computeKpis(store, policy, P, 'area', undefined, { kpis: ['mttr'] })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('--kpi: unknown "mttr"'),
      });
      await expect(computeKpis(store, policy, P, 'area', undefined, { areas: ['Z'] })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('--area: unknown "Z"; valid areas: A'),
      });
      await expect(computeKpis(store, policy, P, 'area')).rejects.toThrow(/intervals/);
    } finally {
      await cleanup();
    }
  });
});
