import { z } from 'zod';

/**
 * Nuclei `-jsonl` / `-json-export` results, only the fields the importer reads. Nuclei
 * renamed its keys over time (`templateID` → `template-id`, `matched` → `matched-at`,
 * `matcher_name` → `matcher-name`), so both spellings are read. `request`, `response`,
 * `curl-command` and `meta` are never read: they carry credentials (default-login templates
 * send them) and session cookies.
 */

const stringOrList = z.union([z.string(), z.array(z.string())]).nullish();

export const resultSchema = z.object({
  templateID: z.string().nullish(),
  'template-id': z.string().nullish(),
  template: z.string().nullish(),
  info: z
    .object({
      name: z.string().nullish(),
      severity: z.string().nullish(),
      description: z.string().nullish(),
      remediation: z.string().nullish(),
      reference: stringOrList,
      tags: stringOrList,
      classification: z
        .object({
          'cve-id': stringOrList,
          'cwe-id': stringOrList,
        })
        .nullish(),
    })
    .nullish(),
  type: z.string().nullish(),
  host: z.string().nullish(),
  matched: z.string().nullish(),
  'matched-at': z.string().nullish(),
  /** Newer Nuclei: the target as given, behind a slash (`/http://host/`). */
  url: z.string().nullish(),
  ip: z.string().nullish(),
  matcher_name: z.string().nullish(),
  'matcher-name': z.string().nullish(),
  /** `false` only with `-matcher-status`, for templates that did not match. */
  'matcher-status': z.boolean().nullish(),
  extracted_results: z.array(z.unknown()).nullish(),
  'extracted-results': z.array(z.unknown()).nullish(),
  timestamp: z.string().nullish(),
});

export type NucleiResult = z.infer<typeof resultSchema>;
