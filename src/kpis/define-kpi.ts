import type { ExceptionRecord } from '../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../domain/facts.js';
import type { Taxonomy } from '../domain/failure-modes.js';
import type { Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import type { OperationalRecords } from '../domain/records.js';
import type { Service } from '../domain/service.js';
import type { ScopeSubset } from './scope-subsets.js';

export type KpiUnit = 'days' | 'hours' | '%' | 'count' | 'per 1k commits' | 'score' | 'currency per fix' | 'business days' | 'index';

/**
 * A numeric target, or a direction where the seed gives only one ("downward"). `on` names a
 * detail the target applies to instead of the value, where the seed targets a breakdown (the
 * median cycle time of a count KPI, the change against a year earlier of a score).
 */
export type KpiTarget = { op: '<=' | '>='; value: number; on?: string } | { op: 'down' | 'up' };

export type KpiFrequency = 'weekly' | 'monthly' | 'quarterly' | 'per test / quarterly';

/** What a KPI computes over: the data of one scope (company, line, area, tier or service) for one period. */
export interface KpiInput {
  period: Period;
  policy: Policy;
  /** Services of the scope, by id. */
  services: ReadonlyMap<string, Service>;
  /** Open intervals of the scope's findings that overlap the period (or are open at its end). */
  intervals: readonly IntervalFact[];
  /** Scan snapshots of the scope's services. */
  scans: readonly ScanFact[];
  exceptions: readonly ExceptionRecord[];
  /** Input kinds that were ever loaded into this database. */
  loaded: ReadonlySet<InputKind>;
  /** Which scope this is: a `company` scope is the whole catalog; a `cohort` is a set of services (paved road or not). */
  scope: { by: KpiScopeKind; key: string };
  /**
   * Operational records of the scope, of every period loaded (a KPI picks its own by the event
   * time kpis.md names; app/record-windows.ts says which records a span of periods loads). Service-keyed kinds are cut to the scope's services, cloud controls to its
   * accounts, commits to its repositories, surveys and team health to its owning teams,
   * milestones to its areas; identity and costs are company-wide, so they are empty in every
   * narrower scope (`scope.by !== 'company'`) and a KPI over them says so.
   */
  records: OperationalRecords;
  /** The failure-mode taxonomy in force (the default data file, extended by the company's file), as the scorecard classifies with it. */
  taxonomy: Taxonomy;
}

export type KpiScopeKind = 'company' | 'line' | 'area' | 'tier' | 'service' | 'cohort';

export type KpiDetails = Record<string, number | string | boolean | null | Record<string, number | null>>;

/** A computed value with its population size, or an explicit "no data" with the reason. */
export type KpiResult =
  | { kind: 'value'; value: number; n: number; unit?: KpiUnit; details: KpiDetails; note?: string }
  | { kind: 'no-data'; n: number; reason: string; details: KpiDetails };

export interface KpiDefinition {
  id: string;
  name: string;
  /** What it measures (from the seed's KPI framework). */
  measures: string;
  /** Why it matters. */
  why: string;
  /** The formula in words, as kpis.md states it. */
  formula: string;
  unit: KpiUnit;
  /** Which way is better; used for trend and directional targets. */
  better: 'up' | 'down';
  target: KpiTarget;
  frequency: KpiFrequency;
  inputs: readonly InputKind[];
  /** The scope subsets compute reads (subsetOf): kpisFromFacts cuts those of every KPI it computes in one walk per scope. */
  subsets?: readonly ScopeSubset[];
  /** Pure: no I/O, no clock. */
  compute(input: KpiInput): KpiResult;
}

export function defineKpi<const T extends KpiDefinition>(definition: T): T {
  return definition;
}

export function noData(reason: string, details: KpiDetails = {}): KpiResult {
  return { kind: 'no-data', n: 0, reason, details };
}
