import { z } from 'zod';

/**
 * Dependency-Track findings, only the fields the importer reads: the list that
 * `GET /api/v1/finding/project/{uuid}` returns, and the Finding Packaging Format export
 * (`GET /api/v1/finding/project/{uuid}/export`: `{version, meta, project, findings}`). Field names
 * are those of Dependency-Track's `Finding` model (org.dependencytrack.model.Finding), which fills
 * the `component`, `vulnerability`, `analysis` and `attribution` maps of each finding.
 */

const loose = z.string().nullish();
const score = z.union([z.number(), z.string()]).nullish();

export const findingSchema = z.object({
  component: z.object({
    uuid: loose,
    name: loose,
    group: loose,
    version: loose,
    purl: loose,
    project: loose,
    projectName: loose,
    projectVersion: loose,
  }),
  vulnerability: z.object({
    uuid: loose,
    source: loose,
    vulnId: loose,
    title: loose,
    description: loose,
    recommendation: loose,
    severity: loose,
    cvssV2BaseScore: score,
    cvssV3BaseScore: score,
    /** Dependency-Track before 4.5 gives one CWE. */
    cweId: z.union([z.number(), z.string()]).nullish(),
    cwes: z.array(z.object({ cweId: z.union([z.number(), z.string()]).nullish() })).nullish(),
    aliases: z.array(z.record(z.string(), z.unknown())).nullish(),
    patchedVersions: loose,
  }),
  analysis: z.object({ state: loose, isSuppressed: z.boolean().nullish() }).nullish(),
  attribution: z.object({ analyzerIdentity: loose, attributedOn: z.union([z.number(), z.string()]).nullish() }).nullish(),
  matrix: loose,
});

export const fpfSchema = z.object({
  version: loose,
  meta: z.object({ application: loose, timestamp: loose }).passthrough().nullish(),
  project: z.object({ uuid: loose, name: loose, version: loose }).passthrough().nullish(),
  findings: z.array(z.unknown()),
});

export type DtFinding = z.infer<typeof findingSchema>;
