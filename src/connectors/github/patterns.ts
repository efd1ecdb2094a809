/** The `github:` settings: regular expressions (case-insensitive) as text. */
export interface GithubPatternSettings {
  /** A requested reviewer (user login or team slug/name) that makes a pull request need a security review. */
  securityReviewers: string;
  /** A job (or, when no job matches, a workflow) that is the security stage of a run. */
  securityStageJob: string;
  /** A workflow path or name built on the standard (paved-road) template. */
  standardTemplate: string;
  /** A workflow whose runs ship to production, besides pushes to the default branch and releases. */
  releaseWorkflow: string;
}

export interface GithubPatterns {
  securityReviewers: RegExp;
  securityStageJob: RegExp;
  standardTemplate: RegExp;
  releaseWorkflow: RegExp;
}

/** A failed step with such a name means the tool could not run, not that it found something. */
export const TOOL_ERROR_STEP = /set ?up|install|download|tool/i;

export function compilePatterns(settings: GithubPatternSettings): GithubPatterns {
  return {
    securityReviewers: new RegExp(settings.securityReviewers, 'i'),
    securityStageJob: new RegExp(settings.securityStageJob, 'i'),
    standardTemplate: new RegExp(settings.standardTemplate, 'i'),
    releaseWorkflow: new RegExp(settings.releaseWorkflow, 'i'),
  };
}
