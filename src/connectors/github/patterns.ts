/** The patterns of the `github:` settings (config/github.ts): regular expressions as text, matched without case. */
export interface GithubPatternSettings {
  securityReviewers: string;
  securityStageJob: string;
  toolErrorStep: string;
  standardTemplate: string;
  releaseWorkflow: string;
  releaseBranch: string | null;
}

export interface GithubPatterns {
  /** A requested reviewer (user login, team slug or name) that makes a pull request need a security review. */
  securityReviewers: RegExp;
  /** A job (or, when no job matches, a workflow) that is the security stage of a run. */
  securityStageJob: RegExp;
  /** A failed step with such a name means the tool could not run, not that it found something. */
  toolErrorStep: RegExp;
  /** A workflow file or name, or a reusable workflow it calls, built on the standard template. */
  standardTemplate: RegExp;
  /** A workflow whose runs on a release branch ship to production. */
  releaseWorkflow: RegExp;
  /** Release branches or tags; null: the repository's default branch or a version tag. */
  releaseBranch: RegExp | null;
}

export function compilePatterns(settings: GithubPatternSettings): GithubPatterns {
  return {
    securityReviewers: new RegExp(settings.securityReviewers, 'i'),
    securityStageJob: new RegExp(settings.securityStageJob, 'i'),
    toolErrorStep: new RegExp(settings.toolErrorStep, 'i'),
    standardTemplate: new RegExp(settings.standardTemplate, 'i'),
    releaseWorkflow: new RegExp(settings.releaseWorkflow, 'i'),
    releaseBranch: settings.releaseBranch === null ? null : new RegExp(settings.releaseBranch, 'i'),
  };
}
