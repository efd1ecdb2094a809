import { z } from 'zod';

/**
 * GitHub alert exports, only the fields the importer reads: Dependabot alerts from the GraphQL API
 * (`vulnerabilityAlerts` of a repository, or of each repository of a search), and the REST lists of
 * Dependabot, code scanning and secret scanning alerts (`GET /repos/{owner}/{repo}/…/alerts`, or
 * the organization-level lists, whose alerts name their repository). Timestamps are text here:
 * the importer reads them (statedTime), where some exports write `"None"` for a missing one.
 */

const loose = z.string().nullish();

export const graphqlAlertSchema = z.object({
  id: z.string().optional(),
  number: z.number().int().optional(),
  state: loose,
  createdAt: loose,
  fixedAt: loose,
  dismissedAt: loose,
  autoDismissedAt: loose,
  dismissReason: loose,
  vulnerableManifestPath: loose,
  vulnerableRequirements: loose,
  securityVulnerability: z
    .object({
      severity: loose,
      package: z.object({ name: loose, ecosystem: loose }).nullish(),
      firstPatchedVersion: z.object({ identifier: loose }).nullish(),
      advisory: z
        .object({
          summary: loose,
          description: loose,
          identifiers: z.array(z.object({ type: loose, value: loose })).nullish(),
          cwes: z.object({ nodes: z.array(z.object({ cweId: loose })).nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  repository: z.object({ nameWithOwner: loose, url: loose }).nullish(),
});

const repository = z.object({ full_name: loose, html_url: loose }).nullish();

export const dependabotAlertSchema = z.object({
  number: z.number().int().optional(),
  state: loose,
  html_url: loose,
  created_at: loose,
  fixed_at: loose,
  dismissed_at: loose,
  auto_dismissed_at: loose,
  dismissed_reason: loose,
  dependency: z.object({ package: z.object({ ecosystem: loose, name: loose }).nullish(), manifest_path: loose }).nullish(),
  security_advisory: z
    .object({
      ghsa_id: loose,
      cve_id: loose,
      summary: loose,
      description: loose,
      severity: loose,
      identifiers: z.array(z.object({ type: loose, value: loose })).nullish(),
      cwes: z.array(z.object({ cwe_id: loose })).nullish(),
    })
    .nullish(),
  security_vulnerability: z.object({ severity: loose, first_patched_version: z.object({ identifier: loose }).nullish() }).nullish(),
  repository,
});

export const codeScanningAlertSchema = z.object({
  number: z.number().int().optional(),
  state: loose,
  html_url: loose,
  created_at: loose,
  fixed_at: loose,
  dismissed_at: loose,
  dismissed_reason: loose,
  rule: z.object({
    id: loose,
    name: loose,
    severity: loose,
    security_severity_level: loose,
    description: loose,
    tags: z.array(z.string()).nullish(),
  }),
  tool: z.object({ name: loose }).nullish(),
  most_recent_instance: z
    .object({
      location: z.object({ path: loose, start_line: z.number().int().nullish() }).nullish(),
      message: z.object({ text: loose }).nullish(),
    })
    .nullish(),
  repository,
});

export const secretScanningAlertSchema = z.object({
  number: z.number().int().optional(),
  state: loose,
  html_url: loose,
  created_at: loose,
  resolved_at: loose,
  resolution: loose,
  secret_type: loose,
  secret_type_display_name: loose,
  /** The leaked value: hashed and previewed, never stored or printed. */
  secret: loose,
  validity: loose,
  publicly_leaked: z.boolean().nullish(),
  first_location_detected: z.object({ path: loose, start_line: z.number().int().nullish() }).nullish(),
  repository,
});

export type GraphqlAlert = z.infer<typeof graphqlAlertSchema>;
export type DependabotAlert = z.infer<typeof dependabotAlertSchema>;
export type CodeScanningAlert = z.infer<typeof codeScanningAlertSchema>;
export type SecretScanningAlert = z.infer<typeof secretScanningAlertSchema>;
