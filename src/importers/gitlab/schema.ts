import { z } from 'zod';

/**
 * GitLab security reports (the schema shared by SAST, secret detection, dependency scanning,
 * container scanning and DAST: https://gitlab.com/gitlab-org/security-products/security-report-schemas),
 * only the fields the importer reads. Reports before schema 15 put `category`, `message`,
 * `confidence` and `scanner` on every vulnerability and may lack `scan`.
 */

const scanner = z.object({ id: z.string().optional(), name: z.string().optional() });

const identifier = z.object({
  type: z.string().optional(),
  name: z.string().optional(),
  value: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
});

const vulnerability = z.object({
  id: z.string().optional(),
  /** The legacy identity (`file:fingerprint:rule`), used where there is no `id`. */
  cve: z.string().optional(),
  category: z.string().optional(),
  name: z.string().optional(),
  message: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
  solution: z.string().optional(),
  scanner: scanner.optional(),
  location: z
    .object({
      file: z.string().optional(),
      start_line: z.number().int().optional(),
      dependency: z.object({ package: z.object({ name: z.string().optional() }).nullish(), version: z.string().optional() }).nullish(),
      /** Container scanning. */
      image: z.string().optional(),
      operating_system: z.string().optional(),
      /** DAST. */
      hostname: z.string().optional(),
      path: z.string().optional(),
    })
    .optional(),
  identifiers: z.array(identifier).nullish(),
  /** Secret detection: the matched text, which holds the secret. Hashed, never copied. */
  raw_source_code_extract: z.string().optional(),
  flags: z.array(z.object({ type: z.string().optional() })).nullish(),
});

export const reportSchema = z.object({
  version: z.string().optional(),
  vulnerabilities: z.array(vulnerability),
  scan: z
    .object({
      type: z.string().optional(),
      scanner: scanner.optional(),
      start_time: z.string().optional(),
      end_time: z.string().optional(),
    })
    .optional(),
});

export type GitlabVulnerability = z.infer<typeof vulnerability>;
export type GitlabIdentifier = z.infer<typeof identifier>;
