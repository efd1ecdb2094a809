import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFacts } from '../../app/load-facts.js';
import { scopeInput } from '../../app/compute-kpis.js';
import { DEFAULT_SETTINGS } from '../../config/defaults.js';
import type { ExceptionRecord } from '../../domain/exception.js';
import type { Taxonomy } from '../../domain/failure-modes.js';
import type { InputKind, IntervalFact, ScanFact } from '../../domain/facts.js';
import type { Period } from '../../domain/period.js';
import type { Policy } from '../../domain/policy.js';
import { emptyRecords, RECORD_KIND_OF, type OperationalRecords } from '../../domain/records.js';
import type { Service } from '../../domain/service.js';
import { ENGINES, openTestStore } from '../../storage/test-support/engines.js';
import { seedFacts, wipeStore } from '../../storage/test-support/seed-facts.js';
import type { Store } from '../../storage/store.js';
import { defaultTaxonomy } from '../../scorecard/taxonomy.js';
import type { KpiDefinition, KpiDetails, KpiInput, KpiResult } from '../define-kpi.js';
import { P, service } from './kpi-input.js';

/**
 * One hand-worked case of a KPI: the facts, and the value worked out by hand from kpis.md.
 * `expect` is a value with its population size, or no data. `details` are matched partially.
 */
export interface KpiCase {
  name: string;
  services?: Service[];
  intervals?: IntervalFact[];
  scans?: ScanFact[];
  exceptions?: ExceptionRecord[];
  records?: Partial<OperationalRecords>;
  kev?: string[];
  epss?: { cve: string; epss: number }[];
  /** Kinds ever loaded; default catalog and findings (plus every record kind the case gives). */
  loaded?: InputKind[];
  policy?: Partial<Policy>;
  period?: Period;
  /** The scope the case is computed for; default the whole company (all its services). */
  scope?: KpiInput['scope'];
  /** The failure-mode taxonomy in force; default the built-in one. */
  taxonomy?: Taxonomy;
  expect:
    { value: number; n: number; unit?: string; details?: KpiDetails; note?: RegExp } | { noData: true; n?: number; reason?: RegExp; details?: KpiDetails };
}

function loadedOf(c: KpiCase): InputKind[] {
  if (c.loaded) return c.loaded;
  const kinds = new Set<InputKind>(['catalog', 'findings']);
  for (const [k, list] of Object.entries(c.records ?? {})) if (list && list.length > 0) kinds.add(RECORD_KIND_OF[k as keyof OperationalRecords]);
  if (c.exceptions && c.exceptions.length > 0) kinds.add('exceptions');
  if ((c.kev && c.kev.length > 0) || (c.epss && c.epss.length > 0)) kinds.add('exploitability');
  return [...kinds];
}

function policyOf(c: KpiCase): Policy {
  return { ...(DEFAULT_SETTINGS.policy as Policy), ...c.policy };
}

function servicesOf(c: KpiCase): Service[] {
  return c.services ?? [service('s1')];
}

/** The scope's services: all for company; else those whose line/area/tier/id is the key. */
function scopeServices(c: KpiCase): Service[] {
  const all = servicesOf(c);
  const scope = c.scope ?? { by: 'company', key: 'company' };
  switch (scope.by) {
    case 'company':
    case 'cohort':
      return all;
    case 'line':
      return all.filter((s) => s.line === scope.key);
    case 'area':
      return all.filter((s) => s.area === scope.key);
    case 'tier':
      return all.filter((s) => String(s.tier) === scope.key);
    case 'service':
      return all.filter((s) => s.id === scope.key);
  }
}

function check(result: KpiResult, c: KpiCase): void {
  const e = c.expect;
  if ('noData' in e) {
    expect(result.kind, `expected no-data, got ${JSON.stringify(result)}`).toBe('no-data');
    if (e.n !== undefined) expect(result.n).toBe(e.n);
    if (e.reason && result.kind === 'no-data') expect(result.reason).toMatch(e.reason);
    if (e.details) expect(result.details).toMatchObject(e.details);
    return;
  }
  expect(result.kind, `expected a value, got ${JSON.stringify(result)}`).toBe('value');
  if (result.kind !== 'value') return;
  expect(result.value).toBeCloseTo(e.value, 6);
  expect(result.n).toBe(e.n);
  if (e.unit) expect(result.unit).toBe(e.unit);
  if (e.details) expect(result.details).toMatchObject(e.details);
  if (e.note) expect(result.note).toMatch(e.note);
}

/** In memory: the KPI over the case's facts as they are, exploitability derived as the store derives it. */
function computeInMemory(kpi: KpiDefinition, c: KpiCase): KpiResult {
  const policy = policyOf(c);
  const kev = new Set((c.kev ?? []).map((x) => x.toUpperCase()));
  const epss = new Set((c.epss ?? []).filter((x) => x.epss >= policy.epssThreshold).map((x) => x.cve.toUpperCase()));
  const intervals = (c.intervals ?? []).map((i) => ({
    ...i,
    exploitAvailable: i.exploitAvailable || i.vulnerabilityIds.some((v) => kev.has(v.toUpperCase()) || epss.has(v.toUpperCase())),
  }));
  const scoped = scopeServices(c);
  const loaded = loadedOf(c);
  const catalogServices = servicesOf(c);
  const facts = {
    catalog: {
      lines: [...new Set(catalogServices.map((s) => s.line))].map((name) => ({ name, owners: [] })),
      areas: [...new Map(catalogServices.map((s) => [s.area, s.line])).entries()].map(([name, line]) => ({ name, line, owners: [] })),
      services: catalogServices,
    },
    intervals,
    scans: c.scans ?? [],
    exceptions: c.exceptions ?? [],
    loaded: new Set(loaded),
    records: { ...emptyRecords(), ...c.records },
    taxonomy: c.taxonomy ?? defaultTaxonomy(),
  };
  return kpi.compute(scopeInput(facts, scoped, c.period ?? P, policy, c.scope));
}

/**
 * Runs a KPI's hand-worked cases in memory and, for real, through every test engine (DuckDB,
 * and PostgreSQL when SECSCORE_TEST_PG names one): the facts are written to the store below
 * the importers, loaded back as `kpis` loads them, and computed for the case's scope.
 */
export function describeKpiCases(kpi: KpiDefinition, cases: readonly KpiCase[]): void {
  describe(`${kpi.id}: hand-worked cases`, () => {
    describe('in memory', () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => check(computeInMemory(kpi, c), c));
    });
    for (const engine of ENGINES) {
      describe(`on ${engine}`, () => {
        let store: Store;
        let cleanup: () => Promise<void>;
        beforeAll(async () => {
          ({ store, cleanup } = await openTestStore(engine));
        }, 60_000);
        afterAll(async () => cleanup?.());
        it.each(cases.map((c) => [c.name, c] as const))(
          '%s',
          async (_name, c) => {
            await wipeStore(store);
            await seedFacts(store, {
              services: servicesOf(c),
              intervals: c.intervals ?? [],
              scans: c.scans ?? [],
              exceptions: c.exceptions ?? [],
              records: c.records ?? {},
              kev: c.kev ?? [],
              epss: c.epss ?? [],
              loaded: loadedOf(c),
            });
            const period = c.period ?? P;
            const policy = policyOf(c);
            const from: Period = { ...period, start: period.start - 800 * 86_400_000 };
            const facts = await loadFacts(store, policy, from, period, c.taxonomy);
            check(kpi.compute(scopeInput(facts, scopeServices(c), period, policy, c.scope)), c);
          },
          60_000,
        );
      });
    }
  });
}
