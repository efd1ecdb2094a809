import { z } from 'zod';

/**
 * Grype JSON (`grype -o json`), only the fields the importer reads. Old Grype (before 0.30)
 * wrote `fixedInVersion` and a `matchDetails` object; newer versions a `fix` object, CWEs, KEV and
 * fix dates. Records with a missing identity pass the schema and are skipped with a reason.
 */

const strings = z.array(z.string()).nullish();

const cwe = z.object({ cwe: z.string().optional() });
const knownExploited = z.object({ cve: z.string().optional() });

const related = z.object({
  id: z.string().optional(),
  cwes: z.array(cwe).nullish(),
  knownExploited: z.array(knownExploited).nullish(),
});

const vulnerability = related.extend({
  severity: z.string().optional(),
  namespace: z.string().optional(),
  dataSource: z.string().optional(),
  description: z.string().optional(),
  /** Grype before 0.30. */
  fixedInVersion: z.string().nullish(),
  fix: z
    .object({
      versions: strings,
      state: z.string().optional(),
      /** When each fix version was first seen (Grype 0.92+). */
      available: z.array(z.object({ version: z.string().optional(), date: z.string().nullish() })).nullish(),
    })
    .nullish(),
});

const artifact = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  type: z.string().optional(),
  purl: z.string().optional(),
  locations: z.array(z.object({ path: z.string().optional() })).nullish(),
});

const match = z.object({
  vulnerability: vulnerability.optional(),
  relatedVulnerabilities: z.array(related).nullish(),
  artifact: artifact.optional(),
});

const imageTarget = z.object({ userInput: z.string().optional(), tags: strings, repoDigests: strings });

export const reportSchema = z.object({
  matches: z.array(match).nullable(),
  /** Matches the project's ignore rules suppressed (`--show-suppressed`, or always in the JSON of newer Grype). */
  ignoredMatches: z.array(match).nullish(),
  source: z
    .object({
      type: z.string().optional(),
      target: z.union([z.string(), imageTarget]).optional(),
    })
    .nullish(),
  descriptor: z.object({ name: z.string().optional(), timestamp: z.string().optional() }).nullish(),
});

export type GrypeMatch = z.infer<typeof match>;
export type GrypeReport = z.infer<typeof reportSchema>;
