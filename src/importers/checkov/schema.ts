import { z } from 'zod';

/**
 * Checkov `-o json`, only the fields the importer reads. One framework gives one report
 * object; several (`--framework terraform,dockerfile`, or a directory with several kinds of
 * files) give a list of them. A run that found nothing to scan writes only the summary.
 * `code_block` is never read: it holds the source lines, and secrets with them.
 */

const check = z.object({
  check_id: z.string().nullish(),
  bc_check_id: z.string().nullish(),
  check_name: z.string().nullish(),
  file_path: z.string().nullish(),
  repo_file_path: z.string().nullish(),
  file_line_range: z.array(z.number().int()).nullish(),
  resource: z.string().nullish(),
  /** Only with a Prisma Cloud API key; null otherwise. */
  severity: z.string().nullish(),
  guideline: z.string().nullish(),
  description: z.string().nullish(),
  short_description: z.string().nullish(),
  /** The `checkov:skip=<id>:<reason>` comment of a skipped check. */
  suppress_comment: z.string().nullish(),
  /** SCA checks (`sca_package`, `sca_image`): the advisory and the package. */
  vulnerability_details: z
    .object({
      id: z.string().nullish(),
      package_name: z.string().nullish(),
      package_version: z.string().nullish(),
      lowest_fixed_version: z.string().nullish(),
      cvss: z.number().nullish(),
      description: z.string().nullish(),
    })
    .nullish(),
});

export const reportSchema = z.object({
  check_type: z.string().optional(),
  results: z
    .object({
      failed_checks: z.array(check).nullish(),
      skipped_checks: z.array(check).nullish(),
    })
    .nullish(),
});

export const reportListSchema = z.array(reportSchema);

export type CheckovReport = z.infer<typeof reportSchema>;
export type CheckovCheck = z.infer<typeof check>;
