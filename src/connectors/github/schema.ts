import { z } from 'zod';
import { parseTimestamp } from '../../domain/time.js';
import { jsonPath } from '../../importers/json-input.js';
import type { ListedItem } from './client.js';

/**
 * The GitHub REST answers secscore reads, only the fields it uses. An item that does not fit
 * is skipped with a warning that names the request and the JSON path; the others are kept.
 */

const timestamp = z.string().refine((s) => parseTimestamp(s) !== null, 'expected an ISO 8601 timestamp');
const user = z.object({ login: z.string(), type: z.string().nullish() });

export const repoSchema = z.object({
  name: z.string(),
  full_name: z.string(),
  /** Where the repository lives on the web (`https://github.com/acme/billing-api`): the catalog's spelling of it. */
  html_url: z.string().nullish(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string().nullish(),
  archived: z.boolean().nullish(),
});

export const pullSchema = z.object({
  number: z.number().int().positive(),
  created_at: timestamp,
  updated_at: timestamp,
  merged_at: timestamp.nullish(),
  draft: z.boolean().nullish(),
  user: user.nullish(),
  requested_reviewers: z.array(user).nullish(),
  requested_teams: z.array(z.object({ slug: z.string(), name: z.string().nullish() })).nullish(),
});

/** One issue timeline event; only `review_requested` ones are read closely. */
export const timelineEventSchema = z.object({
  event: z.string().nullish(),
  created_at: timestamp.nullish(),
  requested_reviewer: user.nullish(),
  requested_team: z.object({ slug: z.string().nullish(), name: z.string().nullish() }).nullish(),
});

export const reviewSchema = z.object({
  user: user.nullish(),
  state: z.string().nullish(),
  /** Pending reviews have none. */
  submitted_at: timestamp.nullish(),
});

export const workflowRunSchema = z.object({
  id: z.number().int(),
  /** Runs recorded before 2021 have neither `name` nor `path`. */
  name: z.string().nullish(),
  path: z.string().nullish(),
  workflow_id: z.number().int().nullish(),
  event: z.string().nullish(),
  head_branch: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  run_started_at: timestamp.nullish(),
  /** Reusable workflows the run called: `owner/repo/.github/workflows/x.yml@ref`. */
  referenced_workflows: z.array(z.object({ path: z.string() })).nullish(),
});

export const jobSchema = z.object({
  name: z.string(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  steps: z.array(z.object({ name: z.string(), conclusion: z.string().nullish() })).nullish(),
});

const repository = z.object({ full_name: z.string() }).nullish();

export const dependabotAlertSchema = z.object({
  number: z.number().int(),
  state: z.string(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  fixed_at: timestamp.nullish(),
  dismissed_at: timestamp.nullish(),
  auto_dismissed_at: timestamp.nullish(),
  dismissed_reason: z.string().nullish(),
  dependency: z
    .object({
      package: z.object({ ecosystem: z.string().nullish(), name: z.string().nullish() }).nullish(),
      manifest_path: z.string().nullish(),
    })
    .nullish(),
  security_advisory: z
    .object({
      ghsa_id: z.string().nullish(),
      cve_id: z.string().nullish(),
      summary: z.string().nullish(),
      description: z.string().nullish(),
      severity: z.string().nullish(),
      cwes: z.array(z.object({ cwe_id: z.string() })).nullish(),
    })
    .nullish(),
  security_vulnerability: z
    .object({
      severity: z.string().nullish(),
      first_patched_version: z.object({ identifier: z.string().nullish() }).nullish(),
    })
    .nullish(),
  repository,
});

export const codeScanningAlertSchema = z.object({
  number: z.number().int(),
  state: z.string(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  fixed_at: timestamp.nullish(),
  dismissed_at: timestamp.nullish(),
  dismissed_reason: z.string().nullish(),
  rule: z.object({
    id: z.string().nullish(),
    name: z.string().nullish(),
    severity: z.string().nullish(),
    security_severity_level: z.string().nullish(),
    description: z.string().nullish(),
    tags: z.array(z.string()).nullish(),
  }),
  tool: z.object({ name: z.string().nullish() }).nullish(),
  most_recent_instance: z
    .object({
      location: z.object({ path: z.string().nullish(), start_line: z.number().int().nullish() }).nullish(),
      message: z.object({ text: z.string().nullish() }).nullish(),
    })
    .nullish(),
  repository,
});

export const secretScanningAlertSchema = z.object({
  number: z.number().int(),
  state: z.string(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  resolved_at: timestamp.nullish(),
  resolution: z.string().nullish(),
  secret_type: z.string().nullish(),
  secret_type_display_name: z.string().nullish(),
  /** The leaked value: hashed and previewed, never stored or printed. */
  secret: z.string().nullish(),
  validity: z.string().nullish(),
  first_location_detected: z.object({ path: z.string().nullish(), start_line: z.number().int().nullish() }).nullish(),
  repository,
});

/** One code scanning analysis (an upload of results for one ref and tool). */
export const analysisSchema = z.object({
  created_at: timestamp,
  tool: z.object({ name: z.string().nullish() }).nullish(),
  results_count: z.number().int().nullish(),
  /** Non-empty when the analysis failed. */
  error: z.string().nullish(),
});

export const commitSchema = z.object({
  sha: z.string(),
  commit: z.object({
    committer: z.object({ date: timestamp.nullish() }).nullish(),
    author: z.object({ date: timestamp.nullish() }).nullish(),
  }),
  parents: z.array(z.unknown()).nullish(),
});

export type GithubPull = z.infer<typeof pullSchema>;
export type GithubTimelineEvent = z.infer<typeof timelineEventSchema>;
export type GithubReview = z.infer<typeof reviewSchema>;
export type GithubWorkflowRun = z.infer<typeof workflowRunSchema>;
export type GithubJob = z.infer<typeof jobSchema>;
export type DependabotAlert = z.infer<typeof dependabotAlertSchema>;
export type CodeScanningAlert = z.infer<typeof codeScanningAlertSchema>;
export type SecretScanningAlert = z.infer<typeof secretScanningAlertSchema>;
export type GithubCommit = z.infer<typeof commitSchema>;
export type CodeScanningAnalysis = z.infer<typeof analysisSchema>;
export type GithubRepo = z.infer<typeof repoSchema>;

/**
 * Validates listed items one by one: the ones that fit come back parsed; each one that does
 * not is left out with a warning naming the request and the JSON path of the bad field.
 */
export function parseItems<S extends z.ZodType>(schema: S, items: readonly ListedItem[], warnings: string[]): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const item of items) {
    const result = schema.safeParse(item.value);
    if (result.success) {
      out.push(result.data);
      continue;
    }
    const issue = result.error.issues[0]!;
    warnings.push(`GET ${item.url}: ${item.path}${jsonPath(issue.path).slice(1)}: ${issue.message}; item skipped`);
  }
  return out;
}
