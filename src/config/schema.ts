import { z } from 'zod';
import { CATEGORIES } from '../domain/severity.js';
import { githubSettingsSchema } from './github.js';

const days = z.number().nonnegative().nullable();
const tierDays = z.strictObject({ '0': days, '1': days, '2': days });
const category = z.enum(CATEGORIES);
const percent = z.number().min(0).max(100);

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
  /** Path of a failure-mode taxonomy file that extends the default one. */
  taxonomy: z.string().nullable(),
  /** `secscore sync github`: patterns for security reviews, security stages and releases. */
  github: githubSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;
