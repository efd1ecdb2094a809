import { z } from 'zod';

/**
 * Gitleaks JSON reports, only the fields the importer reads: a list of leaks (Gitleaks 7 and
 * earlier, lower-case keys) or of findings (Gitleaks 8, capitalised keys), or `null` when an
 * old version found nothing. `offender`, `line` (7) and `Secret`, `Match` (8) hold the secret:
 * they are hashed, never copied.
 */

export const reportSchema = z.array(z.unknown()).nullable();

/** Gitleaks 7 and earlier. */
export const legacyLeakSchema = z.object({
  rule: z.string(),
  file: z.string().optional(),
  lineNumber: z.number().int().optional(),
  offender: z.string().optional(),
  line: z.string().optional(),
  commit: z.string().optional(),
  date: z.string().optional(),
  repoURL: z.string().optional(),
  leakURL: z.string().optional(),
});

/** Gitleaks 8. */
export const findingSchema = z.object({
  Description: z.string().optional(),
  RuleID: z.string().optional(),
  File: z.string().optional(),
  StartLine: z.number().int().optional(),
  StartColumn: z.number().int().optional(),
  Secret: z.string().optional(),
  Match: z.string().optional(),
  Commit: z.string().optional(),
  Date: z.string().optional(),
  Entropy: z.number().optional(),
  Link: z.string().optional(),
});

export type GitleaksLegacyLeak = z.infer<typeof legacyLeakSchema>;
export type GitleaksFinding = z.infer<typeof findingSchema>;
