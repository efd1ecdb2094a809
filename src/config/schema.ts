import { z } from 'zod';
import { CATEGORIES } from '../domain/severity.js';
import { githubSettingsSchema } from './github.js';

const days = z.number().nonnegative().nullable();
const tierDays = z.strictObject({ '0': days, '1': days, '2': days });
const category = z.enum(CATEGORIES);
const percent = z.number().min(0).max(100);

/**
 * The leadership review beyond the scorecard cells (scorecard.md §2–§5 and "Audiences"): what
 * counts as a standard path, which families are authorization logic, and the thresholds at
 * which the narrative, the asks and the close state something. Defaults beside the schema.
 */
const share = z.number().min(0).max(1);
export const reviewSettingsSchema = z.strictObject({
  /** Catalog tags starting with this mark a service on a standard platform path. */
  pavedRoadTagPrefix: z.string().min(1),
  /** Pipeline `template` values that are the standard templates; any other is custom or legacy. */
  standardTemplates: z.array(z.string().min(1)).min(1),
  /** Failure-mode family ids whose findings are authorization logic (shared-service ownership friction). */
  authorizationFamilies: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1),
  /** A cohort comparison (paved road vs not) needs at least this many services on each side. */
  minCohortServices: z.number().int().positive(),
  /** Relative difference under which two cohorts count as the same (no statement). */
  minDifference: share,
  /** Non-standard pipelines are friction when their share of problems is at least this multiple of their share of runs. */
  frictionRatio: z.number().min(1),
  /** Share of findings that are false positives or from noisy rules at which signal quality is named. */
  noisyShare: share,
  /** Risk concentrates when services making up at most `serviceShare` of the catalog hold at least `riskShare` of the risk index. */
  concentration: z.strictObject({ serviceShare: share, riskShare: share }),
  /** Share of services with repositories but no recent scan at which the long tail is named. */
  longTailShare: share,
  maxRecommendations: z.number().int().positive(),
  /** Areas shown first to the Director of Platform Engineering: a case-insensitive regular expression on the area name. */
  platformAreas: z
    .string()
    .min(1)
    .refine((s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'expected a valid regular expression'),
});

export const DEFAULT_REVIEW_SETTINGS: z.infer<typeof reviewSettingsSchema> = {
  pavedRoadTagPrefix: 'paved-road:',
  standardTemplates: ['standard'],
  authorizationFamilies: ['authorization-consistency', 'tenant-boundary'],
  minCohortServices: 2,
  minDifference: 0.1,
  frictionRatio: 1.5,
  noisyShare: 0.25,
  concentration: { serviceShare: 0.25, riskShare: 0.5 },
  longTailShare: 0.1,
  maxRecommendations: 5,
  platformAreas: 'platform|foundation|infra|(^|[^a-z])ci([^a-z]|$)',
};

/**
 * The one schema for settings from the config file, the environment and the flags (merged
 * in that order over the defaults, then validated once). Unknown keys are rejected.
 */
export const settingsSchema = z.strictObject({
  /** DuckDB file path or postgres:// URL. */
  db: z.string().min(1),
  policy: z.strictObject({
    slaDays: z.strictObject({ critical: tierDays, high: tierDays, medium: tierDays, low: tierDays, info: tierDays }),
    nearBand: z.number().min(0).max(1),
    flatBand: z.number().min(0).max(1),
    epssThreshold: z.number().min(0).max(1),
    requiredCoverage: z.array(category).min(1),
    iacTag: z.string().min(1),
    coverageWindowDays: z.number().int().positive(),
    coverageEquivalents: z.partialRecord(category, z.array(category)),
    approvedBaseImages: z.array(z.string().min(1)),
    cspmKeyControls: z.array(z.string().min(1)),
    loggingMinRetentionDays: z.number().int().nonnegative(),
    targets: z.record(z.string(), z.strictObject({ op: z.enum(['<=', '>=']), value: z.number() })),
  }),
  scorecard: z.strictObject({
    gate: z.strictObject({
      goodCoverage: percent,
      goodBypass: percent,
      goodToolErrors: percent,
      poorCoverage: percent,
      poorBypass: percent,
      improvingCoverageRise: percent,
    }),
    reviewLatency: z.strictObject({ low: z.number().nonnegative(), moderate: z.number().nonnegative() }),
    failureModeJoinRatio: z.number().min(0).max(1),
    escalationNearBand: z.number().min(0).max(1),
  }),
  review: reviewSettingsSchema,
  /** Path of a failure-mode taxonomy file that extends the default one. */
  taxonomy: z.string().nullable(),
  /** `secscore sync github`: patterns for security reviews, security stages and releases. */
  github: githubSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;
