import type { Category, Severity } from './severity.js';
import type { Millis } from './time.js';

/**
 * One open interval of a finding with the finding's attributes: the unit the finding KPIs
 * count over. `seq` 1 is the first interval; `seq` > 1 starts with a reopen event.
 */
export interface IntervalFact {
  findingId: number;
  /**
   * The finding's fingerprint where an exception names it, null for every other finding: an
   * exception's cover is the only measure that reads a fingerprint, and reading every one (a
   * unique text per finding) was ~12% of `kpis` at bench scale 1 (Store.intervalFacts).
   */
  fingerprint: string | null;
  serviceId: string;
  tool: string;
  category: Category;
  severity: Severity;
  ruleId: string | null;
  vulnerabilityIds: string[];
  cwes: number[];
  seq: number;
  openedAt: Millis;
  fixedAt: Millis | null;
  falsePositive: boolean;
  exploitAvailable: boolean;
  fixAvailableAt: Millis | null;
  /** The version that fixes the finding, when the tool names one. */
  fixVersion: string | null;
  title: string;
  file: string | null;
}

/** One imported scan snapshot. */
export interface ScanFact {
  serviceId: string;
  tool: string;
  category: Category;
  scannedAt: Millis;
}

/** The operational record kinds of inputs.md §3, in its order. */
export const RECORD_KINDS = [
  'incidents',
  'pipeline-runs',
  'pull-requests',
  'design-reviews',
  'threat-models',
  'alerts',
  'cloud-controls',
  'identity',
  'logging',
  'iam',
  'surveys',
  'costs',
  'team-health',
  'milestones',
  'commits',
] as const;
export type RecordKindName = (typeof RECORD_KINDS)[number];

/** Every input kind a KPI can read, in the spec's order; `loaded` tells which of them were ever imported. */
export const INPUT_KINDS = ['catalog', 'findings', 'exceptions', 'exploitability', ...RECORD_KINDS] as const;

/** The input kinds a KPI can read; `loaded` tells which of them were ever imported. */
export type InputKind = (typeof INPUT_KINDS)[number];
