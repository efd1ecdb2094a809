import { z } from 'zod';

/**
 * tfsec `--format json`, only the fields the importer reads. tfsec writes `"results": null`
 * when it finds nothing (a Go nil slice); a file without `results` is not a tfsec report.
 * Records without a location or a severity pass the schema and are skipped with a reason.
 */

const result = z.object({
  rule_id: z.string().nullish(),
  long_id: z.string().nullish(),
  rule_description: z.string().nullish(),
  rule_provider: z.string().nullish(),
  impact: z.string().nullish(),
  resolution: z.string().nullish(),
  description: z.string().nullish(),
  severity: z.string().nullish(),
  /**
   * tfsec 1.x: failed, passed (with --include-passed) or ignored (with --include-ignored),
   * as the words `failed`, `passed`, `ignored` or (later versions) the numbers 0, 1, 2.
   */
  status: z.union([z.string(), z.number()]).nullish(),
  /** tfsec 0.x. */
  passed: z.boolean().nullish(),
  resource: z.string().nullish(),
  location: z
    .object({
      filename: z.string().nullish(),
      start_line: z.number().int().nullish(),
      end_line: z.number().int().nullish(),
    })
    .nullish(),
});

export const reportSchema = z.object({
  results: z.array(result).nullable(),
});

export type TfsecResult = z.infer<typeof result>;
