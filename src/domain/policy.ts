import type { Category, Severity, Tier } from './severity.js';

/** The tunable policy behind KPIs and judgement; defaults follow the seed (config/defaults.ts). */
export interface Policy {
  /** SLA days per severity per tier; null means no SLA. */
  slaDays: Record<Severity, Record<`${Tier}`, number | null>>;
  /** Relative band around a target that counts as `near` (0.1 = within 10 %). */
  nearBand: number;
  /** Relative change under which a trend is `flat`. */
  flatBand: number;
  epssThreshold: number;
  /** Categories every in-scope service must be scanned for. */
  requiredCoverage: Category[];
  /** Services with this tag must also have IaC scans. */
  iacTag: string;
  coverageWindowDays: number;
  /** A scan of the key category also counts as coverage for the listed ones (a container scan reads language packages: SCA). */
  coverageEquivalents: Partial<Record<Category, Category[]>>;
  /** Approved container base images (container_policy_compliance); empty means the base image is not checked. */
  approvedBaseImages: string[];
  /** Cloud controls `cspm_compliance` is computed over; empty: every control. */
  cspmKeyControls: string[];
  /** Days of log retention a tier 0/1 service needs for `logging_coverage`. */
  loggingMinRetentionDays: number;
  /** Per-KPI target overrides, keyed by KPI id. */
  targets: Record<string, { op: '<=' | '>='; value: number }>;
}

/** SLA due date of an open interval, or null when the policy sets no SLA. */
export function slaDueAt(policy: Policy, severity: Severity, tier: Tier, openedAt: number): number | null {
  const days = policy.slaDays[severity][`${tier}`];
  return days === null ? null : openedAt + days * 86_400_000;
}
