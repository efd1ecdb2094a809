import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { INPUT_KINDS } from '../domain/facts.js';
import { monthPeriod, periodSeries, quarterPeriod, yearEarlier, type Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { emptyRecords, type OperationalRecords, type SecurityStage } from '../domain/records.js';
import { DAY_MS, HOUR_MS, toIso } from '../domain/time.js';
import type { KpiInput } from '../kpis/define-kpi.js';
import { service } from '../kpis/test-support/kpi-input.js';
import { ENGINES, openTestStore } from '../storage/test-support/engines.js';
import { seedFacts } from '../storage/test-support/seed-facts.js';
import type { Store } from '../storage/store.js';
import { judgedMetrics, operationalInputs } from './build-review.js';
import { scopeInput } from './compute-kpis.js';
import { loadFacts, type Facts } from './load-facts.js';

// The windows of record-windows.ts against reading every record: on records placed on every
// window edge (exactly at it, a millisecond and a day either side), in the year before, long
// before and after the span, every KPI and the review's record inputs must come out the same
// for every period of the span, in every scope, on every engine.

const policy = DEFAULT_SETTINGS.policy as Policy;
const services = [
  service('s1', { area: 'A', tier: 0, owners: ['t1'], repos: ['r1'], cloudAccounts: ['acc1'] }),
  service('s2', { area: 'A', tier: 1, owners: ['t1', 't2'], repos: ['r2'], cloudAccounts: ['acc1', 'acc2'] }),
  service('s3', { area: 'B', tier: 2, owners: ['t2'], repos: ['r3'], cloudAccounts: ['acc2'] }),
  service('s4', { area: 'B', tier: 0, owners: ['t3'], repos: ['r4'], cloudAccounts: ['acc3'] }),
];

/**
 * The spans commands load: `kpis` for a quarter and for a month (P and the period before), and
 * a review's (or scorecard's) five quarters, the only span whose record inputs the review reads.
 */
const SPANS: { name: string; periods: Period[]; review: boolean }[] = [
  { name: 'kpis 2026-Q3', periods: periodSeries(quarterPeriod(2026, 3), 2), review: false },
  { name: 'kpis 2026-08', periods: periodSeries(monthPeriod(2026, 8), 2), review: false },
  { name: 'review 2026-Q3', periods: periodSeries(quarterPeriod(2026, 3), 5), review: true },
];

/** Every instant a window or a KPI turns on, and a millisecond and a day either side; a few far away. */
function edgeTimes(): number[] {
  const edges = new Set<number>();
  for (const { periods } of SPANS) {
    const first = periods[0]!;
    const last = periods[periods.length - 1]!;
    edges.add(first.start - 800 * DAY_MS).add(last.end + 40 * DAY_MS);
    for (const p of periods) {
      const y = yearEarlier(p);
      for (const b of [p.start, p.end, y.start, y.end, p.end - 30 * DAY_MS, p.end - 365 * DAY_MS])
        for (const t of [b - DAY_MS, b - 1, b, b + 1, b + DAY_MS]) edges.add(t);
    }
  }
  return [...edges].sort((a, b) => a - b);
}

const STAGES: SecurityStage[] = ['passed', 'failed', 'bypassed', 'tool_error', 'absent'];
const SERVICE_IDS = ['s1', 's2', 's3', 's4', 'gone', null];
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

function recordsAt(times: readonly number[]): OperationalRecords {
  const r = emptyRecords();
  const days = new Set<string>();
  times.forEach((t, i) => {
    const serviceId = pick(SERVICE_IDS, i);
    const owned = pick(['s1', 's2', 's3', 's4'], i);
    // Each incident time is on an edge in turn, the others before it (or missing).
    r.incidents.push(
      {
        id: `i${i}s`,
        title: null,
        severity: pick(['sev1', 'sev2', 'sev3', 'sev4'] as const, i),
        serviceId,
        startedAt: t,
        detectedAt: null,
        containedAt: null,
        resolvedAt: null,
        cause: 'c',
        runbook: null,
      },
      {
        id: `i${i}d`,
        title: null,
        severity: 'sev2',
        serviceId,
        startedAt: i % 3 === 0 ? null : t - 5 * DAY_MS,
        detectedAt: t,
        containedAt: null,
        resolvedAt: null,
        cause: null,
        runbook: 'rb',
      },
      {
        id: `i${i}c`,
        title: null,
        severity: 'sev1',
        serviceId,
        startedAt: t - DAY_MS,
        detectedAt: i % 4 === 0 ? null : t - 2 * HOUR_MS,
        containedAt: t,
        resolvedAt: t + DAY_MS,
        cause: null,
        runbook: null,
      },
    );
    r.pipelineRuns.push({
      serviceId,
      repo: null,
      pipeline: 'ci',
      template: pick(['t-a', 't-b', null], i),
      startedAt: t,
      finishedAt: t + HOUR_MS,
      release: i % 2 === 0,
      securityStage: pick(STAGES, i),
    });
    r.pullRequests.push(
      {
        repo: pick(['r1', 'r2'], i),
        number: 2 * i,
        serviceId,
        createdAt: t - 9 * DAY_MS,
        mergedAt: null,
        securityReviewRequestedAt: i % 5 === 0 ? null : t - (i % 4) * DAY_MS,
        firstSecurityReviewAt: t,
      },
      { repo: 'r3', number: 2 * i + 1, serviceId, createdAt: t, mergedAt: t, securityReviewRequestedAt: t, firstSecurityReviewAt: null },
    );
    r.designReviews.push({
      id: `d${i}`,
      serviceId,
      requestedAt: i % 6 === 0 ? null : t - (i % 20) * DAY_MS,
      completedAt: i % 7 === 0 ? null : t,
      outcome: null,
    });
    r.threatModels.push({ serviceId: owned, updatedAt: t, link: null });
    r.alerts.push({
      id: `a${i}`,
      rule: pick(['r-x', 'r-y'], i),
      serviceId,
      firedAt: t - HOUR_MS,
      dispositionedAt: i % 9 === 0 ? null : t,
      disposition: pick(['true_positive', 'false_positive', 'benign', null] as const, i),
      runbook: pick(['', 'rb', null], i),
    });
    r.cloudControls.push({
      account: pick(['acc1', 'acc2', 'acc3'], i),
      control: pick(['c1', 'c2'], i >> 1),
      status: i % 3 === 0 ? 'fail' : 'pass',
      checkedAt: t,
    });
    r.logging.push({ serviceId: owned, at: t, shipped: i % 4 !== 0, retainedDays: pick([30, 90, 365, null], i) });
    r.iam.push({ serviceId: owned, at: t, standardRoles: i % 3 !== 1 });
    r.surveys.push({ submittedAt: t, score: (i * 7) % 11, scaleMin: 0, scaleMax: 10, team: pick(['t1', 't2', 't3', null], i) });
    r.milestones.push({ id: `m${i}`, title: null, area: pick(['A', 'B', null], i), dueAt: t, completedAt: pick([t - DAY_MS, t + 1, null], i) });
    for (const repo of ['r1', 'r2', 'r3', 'r4']) {
      const day = toIso(t).slice(0, 10);
      if (!days.has(`${repo} ${day}`)) r.commits.push({ repo, day, count: 1 + (i % 5) });
      days.add(`${repo} ${day}`);
    }
    // A snapshot on every edge, of one to three accounts, privileged or not, with MFA or not.
    for (const account of ['u1', 'u2', 'u3'].slice(0, 1 + (i % 3)))
      r.identity.push({ snapshotAt: t, account, privileged: account !== 'u3', mfa: (i + account.length) % 3 !== 0, sso: i % 2 === 0 });
    if (i % 2 === 0) r.costs.push({ tool: pick(['semgrep', 'trivy'], i >> 1), annualCost: 1000 + i, currency: 'EUR', from: t, to: t + 90 * DAY_MS });
  });
  // Team health: every month from long before the spans to after them.
  for (let y = 2023; y <= 2026; y++)
    for (let m = 1; m <= 12; m++)
      for (const team of ['t1', 't2', 't3'])
        r.teamHealth.push({
          month: `${y}-${String(m).padStart(2, '0')}`,
          team,
          headcount: 10 + m,
          leavers: (y + m) % 3,
          oncallPages: m % 2 === 0 ? m : null,
          oncallEngineers: 2,
        });
  return r;
}

const RECORDS = recordsAt(edgeTimes());

/** Everything a KPI or the review reads from records, for each period of the span, in each scope. */
function readings(facts: Facts, { periods, review }: (typeof SPANS)[number]): unknown[] {
  const scopes: { scope: KpiInput['scope']; ids: string[] }[] = [
    { scope: { by: 'company', key: 'company' }, ids: services.map((s) => s.id) },
    { scope: { by: 'area', key: 'A' }, ids: ['s1', 's2'] },
    { scope: { by: 'area', key: 'B' }, ids: ['s3', 's4'] },
    ...services.map((s) => ({ scope: { by: 'service' as const, key: s.id }, ids: [s.id] })),
  ];
  const out: unknown[] = [];
  for (const period of periods)
    for (const { scope, ids } of scopes) {
      const input = scopeInput(
        facts,
        services.filter((s) => ids.includes(s.id)),
        period,
        policy,
        scope,
      );
      for (const k of judgedMetrics()) out.push([period.label, scope.key, k.id, k.compute(input)]);
    }
  if (review) out.push(operationalInputs(facts, periods[periods.length - 1]!));
  return out;
}

/** Compares the windowed facts of `span` with all records, and checks the comparison has something to compare. */
async function checkSpan(store: Store, span: (typeof SPANS)[number]): Promise<void> {
  const { name, periods } = span;
  const windowed = await loadFacts(store, policy, periods[0]!, periods[periods.length - 1]!);
  const all = { ...windowed, records: await store.operationalRecords() };
  // The seeded records are read back whole, and every window leaves some of them out.
  for (const [key, list] of Object.entries(all.records)) {
    expect(list.length, `${name}: ${key}`).toBe(RECORDS[key as keyof OperationalRecords].length);
    const kept = windowed.records[key as keyof OperationalRecords].length;
    expect(kept, `${name}: ${key}`).toBeGreaterThan(0);
    expect(kept, `${name}: ${key}`).toBeLessThan(list.length);
  }
  const got = readings(windowed, span);
  expect(got, name).toEqual(readings(all, span));
  // Not vacuous: the KPIs over snapshots and surveys have values to compare.
  const values = new Set(got.flatMap((x) => (Array.isArray(x) && (x[3] as { kind: string }).kind === 'value' ? [x[2]] : [])));
  for (const id of ['cspm_compliance', 'mfa_sso_coverage', 'logging_coverage', 'iam_least_privilege', 'threat_model_adoption', 'developer_satisfaction'])
    expect(values, `${name}: ${id}`).toContain(id);
}

describe('record windows', () => {
  it.each(ENGINES)(
    'on %s: for the spans of kpis and of the review, every KPI and the review read the same from the windowed records as from all of them',
    async (engine) => {
      const { store, cleanup } = await openTestStore(engine);
      try {
        await seedFacts(store, { services, records: RECORDS, loaded: INPUT_KINDS });
        for (const span of SPANS) await checkSpan(store, span);
      } finally {
        await cleanup();
      }
    },
    180_000,
  );
});
