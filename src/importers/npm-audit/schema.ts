import { z } from 'zod';

/**
 * `npm audit --json` of npm 7 and later (`auditReportVersion` 2), and `npm audit fix --dry-run
 * --json`, which nests the same report under `audit`. Only the fields the importer reads.
 */

/** An advisory npm found in the package itself; a plain string names a dependency it is vulnerable through. */
const advisory = z.object({
  source: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  severity: z.string().optional(),
  cwe: z.array(z.string()).nullish(),
  cvss: z.object({ score: z.number().nullish(), vectorString: z.string().nullish() }).nullish(),
  range: z.string().optional(),
});

const vulnerability = z.object({
  name: z.string().optional(),
  severity: z.string().optional(),
  isDirect: z.boolean().optional(),
  via: z.array(z.union([z.string(), advisory])).optional(),
  effects: z.array(z.string()).optional(),
  range: z.string().optional(),
  nodes: z.array(z.string()).optional(),
  fixAvailable: z
    .union([z.boolean(), z.object({ name: z.string().optional(), version: z.string().optional(), isSemVerMajor: z.boolean().optional() })])
    .optional(),
});

export const reportSchema = z.object({
  auditReportVersion: z.number().int(),
  vulnerabilities: z.record(z.string(), vulnerability),
});

export type NpmAdvisory = z.infer<typeof advisory>;
export type NpmVulnerability = z.infer<typeof vulnerability>;
