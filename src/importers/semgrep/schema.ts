import { z } from 'zod';

/**
 * Semgrep JSON, only the fields the importer reads: the CLI's `semgrep --json` (`results[]`)
 * and the Semgrep App API's supply-chain export (`vulns[]`). Records with a missing identity
 * pass the schema and are skipped with a reason by the importer instead. Rule metadata is
 * whatever a rule's author wrote, so it is read loosely.
 */

const strings = z.array(z.string()).nullish();
const numberish = z.union([z.string(), z.number()]);

const result = z.object({
  check_id: z.string().optional(),
  path: z.string().optional(),
  start: z.object({ line: z.number().int().optional(), col: z.number().int().optional() }).optional(),
  extra: z
    .object({
      message: z.string().optional(),
      severity: z.string().optional(),
      metadata: z.record(z.string(), z.unknown()).nullish(),
      /** The matched source lines; `"requires login"` when semgrep.dev hides them. */
      lines: z.string().optional(),
      /** Semgrep's own match fingerprint (`<hash>_<n>`); `"requires login"` when hidden. */
      fingerprint: z.string().optional(),
      /** Matched a `nosemgrep` comment (reported with `--disable-nosem`). */
      is_ignored: z.boolean().optional(),
      validation_state: z.string().optional(),
      /** What each metavariable matched: a secret rule's message may quote the secret through one. */
      metavars: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
});

export const cliReportSchema = z.object({
  results: z.array(result),
  version: z.string().optional(),
});

const dependency = z.object({ name: z.string().optional(), versionSpecifier: z.string().optional() });

const vuln = z.object({
  title: z.string().optional(),
  advisory: z
    .object({
      ruleId: z.string().optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      severity: z.string().optional(),
      references: z.object({ cveIds: strings, ghsaIds: strings, cweIds: strings }).nullish(),
    })
    .optional(),
  exposureType: z.string().optional(),
  repositoryId: numberish.optional(),
  repositoryName: z.string().optional(),
  matchedDependency: dependency.nullish(),
  closestSafeDependency: dependency.nullish(),
  dependencyFileLocation: z.object({ path: z.string().optional(), startLine: numberish.optional() }).optional(),
  triage: z.object({ status: z.string().optional() }).nullish(),
  openedAt: z.string().nullish(),
  transitivity: z.string().optional(),
});

export const appExportSchema = z.object({
  vulns: z.array(vuln),
});

export type SemgrepResult = z.infer<typeof result>;
export type SemgrepVuln = z.infer<typeof vuln>;
