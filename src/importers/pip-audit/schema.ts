import { z } from 'zod';

/**
 * pip-audit JSON (`pip-audit -f json`): a list of dependencies (pip-audit before 2.0) or
 * `{"dependencies": [...], "fixes": [...]}`. Only the fields the importer reads.
 */

const strings = z.array(z.string()).nullish();

const dependency = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  vulns: z
    .array(
      z.object({
        id: z.string().optional(),
        fix_versions: strings,
        aliases: strings,
        description: z.string().nullish(),
      }),
    )
    .nullish(),
  /** Why pip-audit could not audit the dependency (not on PyPI, an editable install...). */
  skip_reason: z.string().optional(),
});

export const listSchema = z.array(dependency);
export const objectSchema = z.object({ dependencies: z.array(dependency) });

export type PipAuditDependency = z.infer<typeof dependency>;
