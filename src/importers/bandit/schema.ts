import { z } from 'zod';

/**
 * Bandit `-f json`, only the fields the importer reads. Records with a missing identity (no
 * test_id, filename or issue_severity) pass the schema and are skipped with a reason by the
 * importer instead.
 */

const result = z.object({
  /** The flagged lines, each prefixed by its number (`"27     except:\n"`). */
  code: z.string().optional(),
  filename: z.string().optional(),
  issue_confidence: z.string().optional(),
  issue_severity: z.string().optional(),
  /** Bandit 1.7.5+. */
  issue_cwe: z.object({ id: z.union([z.number(), z.string()]).optional() }).nullish(),
  issue_text: z.string().optional(),
  line_number: z.number().int().optional(),
  col_offset: z.number().int().optional(),
  more_info: z.string().optional(),
  test_id: z.string().optional(),
  test_name: z.string().optional(),
});

export const reportSchema = z.object({
  generated_at: z.string().optional(),
  results: z.array(result),
});

export type BanditResult = z.infer<typeof result>;
