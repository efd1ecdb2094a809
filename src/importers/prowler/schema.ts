import { z } from 'zod';

/**
 * Prowler's JSON outputs, only the fields the importer reads: the v3 JSON list
 * (`-M json`) and the v4+ OCSF list (`-M json-ocsf`). Both are lists of check results, PASS
 * ones included.
 */

const text = z.string().nullish();
const epochOrText = z.union([z.number(), z.string()]).nullish();

/** Prowler 3 `-M json`: one flat object per check result. */
export const v3ResultSchema = z.object({
  AssessmentStartTime: text,
  FindingUniqueId: text,
  Provider: text,
  CheckID: text,
  CheckTitle: text,
  Status: z.string(),
  StatusExtended: text,
  Severity: text,
  Description: text,
  Risk: text,
  Remediation: z.object({ Recommendation: z.object({ Text: text, Url: text }).nullish() }).nullish(),
  /** Prowler 3.11+: the result matched a mutelist entry. */
  Muted: z.boolean().nullish(),
  AccountId: text,
  /** Azure: the subscription; GCP: the project. */
  Subscription: text,
  ProjectId: text,
  Region: text,
  ResourceId: text,
  ResourceArn: text,
});

const resource = z.object({
  uid: text,
  name: text,
  region: text,
});

/** Prowler 4+ `-M json-ocsf`: OCSF 1.x Detection Findings. */
export const v4ResultSchema = z.object({
  metadata: z.object({ event_code: text }).nullish(),
  severity: text,
  /** `New`, or `Suppressed` for a muted result. */
  status: text,
  status_code: z.string(),
  status_detail: text,
  /**
   * Times: Prowler 4.0–4.2 wrote `event_time` and `finding_info.created_time` as ISO 8601 text;
   * later versions write `time` and `finding_info.created_time` as epoch seconds, with the same
   * times as ISO 8601 text in `time_dt` and `finding_info.created_time_dt`.
   */
  finding_info: z.object({ uid: text, title: text, desc: text, created_time: epochOrText, created_time_dt: text }).nullish(),
  resources: z.array(resource).nullish(),
  cloud: z.object({ provider: text, region: text, account: z.object({ uid: text }).nullish() }).nullish(),
  event_time: text,
  time: epochOrText,
  time_dt: text,
  risk_details: text,
  remediation: z.object({ desc: text }).nullish(),
});

export type ProwlerV3Result = z.infer<typeof v3ResultSchema>;
export type ProwlerV4Result = z.infer<typeof v4ResultSchema>;
