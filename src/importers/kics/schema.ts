import { z } from 'zod';

/**
 * KICS `--report-formats json` (results.json), only the fields the importer reads. For the
 * secrets queries `search_value`, `value` and `actual_value` may hold the secret: it is
 * only ever hashed.
 */

const file = z.object({
  file_name: z.string().nullish(),
  similarity_id: z.string().nullish(),
  line: z.number().int().nullish(),
  issue_type: z.string().nullish(),
  search_key: z.string().nullish(),
  expected_value: z.string().nullish(),
  actual_value: z.string().nullish(),
  search_value: z.string().nullish(),
  value: z.string().nullish(),
});

const query = z.object({
  query_name: z.string().nullish(),
  query_id: z.string().nullish(),
  query_url: z.string().nullish(),
  severity: z.string().nullish(),
  platform: z.string().nullish(),
  category: z.string().nullish(),
  description: z.string().nullish(),
  /** KICS 2: the query's CWE number, as a string. */
  cwe: z.union([z.string(), z.number()]).nullish(),
  files: z.array(file).nullish(),
});

export const reportSchema = z.object({
  /** When the scan started (KICS 1.5+). */
  start: z.string().nullish(),
  queries: z.array(query).nullable(),
});

export type KicsQuery = z.infer<typeof query>;
export type KicsFile = z.infer<typeof file>;
