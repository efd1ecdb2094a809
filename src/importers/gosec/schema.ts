import { z } from 'zod';

/**
 * gosec `-fmt=json`, only the fields the importer reads. gosec writes numbers as strings
 * (`"line": "36-39"`, `"cwe": {"id": "89"}`); both spellings are accepted. Records with a
 * missing identity (no rule_id, details, file or severity) pass the schema and are skipped
 * with a reason by the importer instead.
 */

const numberish = z.union([z.string(), z.number()]);

const issue = z.object({
  severity: z.string().optional(),
  confidence: z.string().optional(),
  cwe: z.object({ id: numberish.optional() }).nullish(),
  rule_id: z.string().optional(),
  details: z.string().optional(),
  file: z.string().optional(),
  /** The offending lines, each prefixed by its number in gosec 2 (`"79: s.ListenAndServe()\n"`). */
  code: z.string().optional(),
  line: numberish.optional(),
  column: numberish.optional(),
  /** `#nosec` on the line (reported with `-track-suppressions` or `-nosec=false`). */
  nosec: z.boolean().optional(),
  suppressions: z.array(z.object({ kind: z.string().optional(), justification: z.string().optional() })).nullish(),
});

export const reportSchema = z.object({
  Issues: z.array(issue).nullable(),
});

export type GosecIssue = z.infer<typeof issue>;
