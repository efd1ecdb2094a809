import { z } from 'zod';

/**
 * Trivy JSON, only the fields the importer reads. Trivy writes Go nil slices as `null`, so
 * every list is nullish. Records with a missing identity (no VulnerabilityID, no Severity)
 * pass the schema and are skipped with a reason by the importer instead.
 */

const strings = z.array(z.string()).nullish();

const vulnerability = z.object({
  VulnerabilityID: z.string().optional(),
  VendorIDs: strings,
  PkgName: z.string().optional(),
  PkgPath: z.string().optional(),
  InstalledVersion: z.string().optional(),
  FixedVersion: z.string().optional(),
  Status: z.string().optional(),
  Severity: z.string().optional(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  CweIDs: strings,
});

const misconfiguration = z.object({
  Type: z.string().optional(),
  ID: z.string().optional(),
  AVDID: z.string().optional(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  Message: z.string().optional(),
  Resolution: z.string().optional(),
  Severity: z.string().optional(),
  Status: z.string().optional(),
  CauseMetadata: z
    .object({
      Resource: z.string().optional(),
      StartLine: z.number().int().optional(),
    })
    .optional(),
});

const secret = z.object({
  RuleID: z.string().optional(),
  Category: z.string().optional(),
  Severity: z.string().optional(),
  Title: z.string().optional(),
  StartLine: z.number().int().optional(),
  /** Holds the secret (Trivy masks it, older versions did not): hashed, never copied. */
  Match: z.string().optional(),
});

const license = z.object({
  Severity: z.string().optional(),
  Category: z.string().optional(),
  PkgName: z.string().optional(),
  FilePath: z.string().optional(),
  Name: z.string().optional(),
});

export const resultSchema = z.object({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().optional(),
  Vulnerabilities: z.array(vulnerability).nullish(),
  Misconfigurations: z.array(misconfiguration).nullish(),
  MisconfSummary: z.object({}).nullish(),
  Secrets: z.array(secret).nullish(),
  Licenses: z.array(license).nullish(),
});

/** Trivy before 0.20 (no SchemaVersion): a bare list of results, or `null` when nothing was found. */
export const legacyReportSchema = z.array(resultSchema).nullable();

export const reportSchema = z.object({
  SchemaVersion: z.number().int(),
  CreatedAt: z.string().optional(),
  ArtifactName: z.string().optional(),
  ArtifactType: z.string().optional(),
  Metadata: z
    .object({
      RepoURL: z.string().optional(),
      RepoTags: strings,
    })
    .optional(),
  Results: z.array(resultSchema).nullish(),
});

const k8sResource = z.object({
  Namespace: z.string().optional(),
  Kind: z.string().optional(),
  Name: z.string().optional(),
  Results: z.array(resultSchema).nullish(),
});

/**
 * `trivy k8s --format json`: resources with their results, split into `Vulnerabilities` and
 * `Misconfigurations` lists (older) or one `Resources` list (newer).
 */
export const k8sReportSchema = z.object({
  ClusterName: z.string(),
  CreatedAt: z.string().optional(),
  Vulnerabilities: z.array(k8sResource).nullish(),
  Misconfigurations: z.array(k8sResource).nullish(),
  Resources: z.array(k8sResource).nullish(),
});

export type TrivyResult = z.infer<typeof resultSchema>;
export type TrivyReport = z.infer<typeof reportSchema>;
export type TrivyK8sReport = z.infer<typeof k8sReportSchema>;
export type TrivyK8sResource = z.infer<typeof k8sResource>;
export type TrivyVulnerability = z.infer<typeof vulnerability>;
export type TrivyMisconfiguration = z.infer<typeof misconfiguration>;
export type TrivySecret = z.infer<typeof secret>;
export type TrivyLicense = z.infer<typeof license>;
