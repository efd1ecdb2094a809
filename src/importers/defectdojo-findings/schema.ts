import { z } from 'zod';

/**
 * DefectDojo's API v2 findings list (`GET /api/v2/findings/`, optionally with
 * `?related_fields=true`): `{count, next, previous, results}`, or the `results` saved alone. Field
 * names are those of DefectDojo's FindingSerializer (dojo/api_v2/serializers.py) as its OpenAPI
 * schema documents them; only the fields the importer reads.
 */

const flag = z.boolean().nullish();
const loose = z.string().nullish();

const product = z.object({ id: z.number().int().optional(), name: loose }).passthrough();

export const findingSchema = z.object({
  id: z.number().int().optional(),
  title: z.string(),
  date: loose,
  severity: z.string(),
  description: loose,
  mitigation: loose,
  cwe: z.number().int().nullish(),
  cve: loose,
  vulnerability_ids: z.array(z.object({ vulnerability_id: z.string() })).nullish(),
  file_path: loose,
  line: z.number().int().nullish(),
  component_name: loose,
  component_version: loose,
  fix_version: loose,
  fix_available: flag,
  known_exploited: flag,
  active: flag,
  verified: flag,
  false_p: flag,
  duplicate: flag,
  duplicate_finding: z.number().int().nullish(),
  out_of_scope: flag,
  risk_accepted: flag,
  is_mitigated: flag,
  mitigated: loose,
  static_finding: flag,
  dynamic_finding: flag,
  unique_id_from_tool: loose,
  vuln_id_from_tool: loose,
  hash_code: loose,
  nb_occurences: z.number().int().nullish(),
  /** The test's id, or with `related_fields=true` a summary of the test, its engagement and product. */
  test: z.union([z.number().int(), z.object({}).passthrough()]).nullish(),
  related_fields: z
    .object({
      test: z
        .object({
          id: z.number().int().optional(),
          title: loose,
          test_type: z.object({ name: loose }).passthrough().nullish(),
          engagement: z
            .object({
              id: z.number().int().optional(),
              name: loose,
              source_code_management_uri: loose,
              product: product.nullish(),
            })
            .passthrough()
            .nullish(),
        })
        .passthrough()
        .nullish(),
    })
    .passthrough()
    .nullish(),
});

export const pageSchema = z.object({
  count: z.number().int().nullish(),
  next: loose,
  results: z.array(z.unknown()),
});

export type DojoFinding = z.infer<typeof findingSchema>;
