import { z } from 'zod';

/** A regular expression as text, matched case-insensitively; one that does not compile is an error naming its key. */
const pattern = z
  .string()
  .min(1)
  .refine(
    (s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/**
 * The `github:` block of secscore.yaml: how `secscore sync github` reads delivery signals.
 * Self-contained so that it can be added to the one settings schema as a single key.
 */
export const githubSettingsSchema = z.strictObject({
  /** https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server; `--api-url` overrides it. */
  apiUrl: z.url({ protocol: /^https?$/ }),
  /** A requested reviewer (user login, team slug or team name) that makes a pull request need a security review. */
  securityReviewers: pattern,
  /** A job name (or, when no job matches, a workflow name or file) that is the security stage of a run. */
  securityStageJob: pattern,
  /** A failed step of a security job with such a name means the tool could not run (tool_error), not that it found something. */
  toolErrorStep: pattern,
  /** A workflow file, name or reusable workflow it calls that is the standard (paved-road) template. */
  standardTemplate: pattern,
  /** A workflow (name or file) whose runs ship to production, on a release branch; runs triggered by a GitHub release always do. */
  releaseWorkflow: pattern,
  /** The branches (or tags) a release workflow ships from; null: the repository's default branch, or a version tag such as v1.2.3. */
  releaseBranch: pattern.nullable(),
  /** The first sync of a repository reads this many days of pull requests, runs and commits (alerts are read in full); `--since` overrides. */
  firstSyncDays: z.number().int().positive(),
});

export type GithubSettings = z.infer<typeof githubSettingsSchema>;

export const DEFAULT_GITHUB_SETTINGS: GithubSettings = {
  apiUrl: 'https://api.github.com',
  securityReviewers: '(^|[-_/ ])(app|product|platform)?-?sec(urity)?([-_/ ]|$)|appsec|security',
  securityStageJob:
    'secur|sast|codeql|semgrep|snyk|trivy|grype|gitleaks|trufflehog|checkov|tfsec|kics|zap|dependency[-_ ]?(review|check|scan)|secret[-_ ]?scan',
  toolErrorStep: 'set ?up|install|download|init|tool|fetch',
  standardTemplate: 'standard|paved[-_ ]?road|golden[-_ ]?path|secure[-_ ]?pipeline',
  releaseWorkflow: 'release|deploy|publish|prod',
  releaseBranch: null,
  firstSyncDays: 400,
};
