import { z } from 'zod';

/**
 * DefectDojo's Generic Findings Import, JSON form, only the fields the importer reads. Files are
 * often written by hand or by scripts, so numbers may come as strings ("42", "N/A") and flags
 * as "true"; the importer interprets them. `title`, `severity` and `description` are required,
 * as DefectDojo requires them; the importer checks their presence itself to name all that are
 * missing at once.
 */

const text = z.string().nullish();
const numberish = z.union([z.number(), z.string()]).nullish();
const flag = z.union([z.boolean(), z.string()]).nullish();

const endpoint = z.union([
  z.string(),
  z.object({
    protocol: text,
    userinfo: text,
    host: text,
    port: numberish,
    path: text,
    query: text,
    fragment: text,
  }),
]);

export const findingSchema = z.object({
  title: z.string(),
  severity: z.string(),
  description: z.string().nullable(),
  date: text,
  cve: text,
  vulnerability_ids: z.array(z.union([z.string(), z.object({ vulnerability_id: z.string() })])).nullish(),
  cwe: numberish,
  cwes: z.array(z.union([z.number(), z.string()])).nullish(),
  file_path: text,
  line: numberish,
  component_name: text,
  component_version: text,
  vuln_id_from_tool: text,
  unique_id_from_tool: z.union([z.string(), z.number()]).nullish(),
  mitigation: text,
  impact: text,
  steps_to_reproduce: text,
  references: text,
  active: flag,
  false_p: flag,
  out_of_scope: flag,
  is_mitigated: flag,
  mitigated: text,
  known_exploited: flag,
  fix_version: text,
  endpoints: z.array(endpoint).nullish(),
});

export const reportSchema = z.object({
  name: text,
  type: text,
  /** Not DefectDojo's: secscore's category of the file's findings (`sast`, `dast`, `pentest`, ...). */
  category: text,
  findings: z.array(z.unknown()),
});

export type GenericFinding = z.infer<typeof findingSchema>;
export type GenericEndpoint = z.infer<typeof endpoint>;
