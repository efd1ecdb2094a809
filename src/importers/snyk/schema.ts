import { z } from 'zod';

/**
 * Snyk Open Source and Snyk Container JSON (`snyk test --json`, `snyk container test --json`), one
 * project or a list of them (`--all-projects`), only the fields the importer reads. Snyk Code
 * writes SARIF, which the SARIF importer reads.
 */

const strings = z.array(z.string()).nullish();

export const vulnerabilitySchema = z.object({
  id: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
  cvssScore: z.number().nullish(),
  packageName: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  from: strings,
  fixedIn: strings,
  exploit: z.string().nullish(),
  identifiers: z.record(z.string(), z.array(z.union([z.string(), z.number()])).nullish()).nullish(),
  type: z.string().optional(),
});

export const projectSchema = z.object({
  vulnerabilities: z.array(vulnerabilitySchema),
  projectName: z.string().optional(),
  displayTargetFile: z.string().optional(),
  targetFile: z.string().optional(),
  path: z.string().optional(),
  packageManager: z.string().optional(),
  /** Snyk Container: the scanned image. */
  docker: z.object({ baseImage: z.string().optional() }).passthrough().nullish(),
  /** Issues the project's .snyk policy ignores. */
  filtered: z.object({ ignore: z.array(vulnerabilitySchema).nullish() }).nullish(),
});

export type SnykProject = z.infer<typeof projectSchema>;
export type SnykVulnerability = z.infer<typeof vulnerabilitySchema>;
