import { describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_SETTINGS } from '../../config/github.js';
import { compilePatterns } from './patterns.js';
import { jobSchema, workflowRunSchema, type GithubJob } from './schema.js';
import { jobs, recorded, run } from './test-support/fake-github.js';
import { isRelease, pipelineName, securityStageOf, templateOf } from './workflow-runs.js';

const patterns = compilePatterns(DEFAULT_GITHUB_SETTINGS);
const T = Date.UTC(2026, 8, 1);
const parseRun = (over: Parameters<typeof run>[0]) => workflowRunSchema.parse(run(over));
const parseJobs = (...extra: Parameters<typeof jobs>) => jobs(...extra).map((j) => jobSchema.parse(j));

describe('the security stage of a run', () => {
  it.each<[string, GithubJob[], string | undefined, string]>([
    ['no security job', parseJobs(), 'success', 'absent'],
    ['a security job that succeeded', parseJobs({ name: 'Security / semgrep', conclusion: 'success' }), 'success', 'passed'],
    ['a security job that failed on a finding', parseJobs({ name: 'trivy scan', conclusion: 'failure', failedStep: 'Run trivy' }), 'failure', 'failed'],
    [
      'a security job whose tool could not be installed',
      parseJobs({ name: 'trivy scan', conclusion: 'failure', failedStep: 'Install trivy' }),
      'failure',
      'tool_error',
    ],
    ['a security job that timed out', parseJobs({ name: 'CodeQL analyze', conclusion: 'timed_out' }), 'failure', 'tool_error'],
    ['a security job skipped while the run succeeded', parseJobs({ name: 'gitleaks', conclusion: 'skipped' }), 'success', 'bypassed'],
    ['a security job skipped because the run failed earlier', parseJobs({ name: 'gitleaks', conclusion: 'skipped' }), 'failure', 'absent'],
    [
      'the worst of several security jobs',
      parseJobs({ name: 'sast', conclusion: 'success' }, { name: 'secret-scan', conclusion: 'failure', failedStep: 'Download gitleaks' }),
      'failure',
      'tool_error',
    ],
  ])('%s', (_what, runJobs, conclusion, stage) => {
    expect(securityStageOf(parseRun({ id: 1, createdAt: T, completedAt: T + 60_000, conclusion: conclusion ?? 'success' }), runJobs, patterns)).toBe(stage);
  });

  it('takes every job of a workflow named like a security one (CodeQL’s "Analyze" jobs)', () => {
    const codeql = parseRun({ id: 2, name: 'CodeQL', path: '.github/workflows/codeql.yml', createdAt: T, completedAt: T + 1, conclusion: 'success' });
    expect(securityStageOf(codeql, parseJobs(), patterns)).toBe('passed');
  });

  it('reads the recorded jobs (Python tests, no security job) as absent', () => {
    const recordedRun = workflowRunSchema.parse(recorded<{ workflow_runs: unknown[] }>('actions-runs-list').workflow_runs[0]);
    const recordedJobs = recorded<{ jobs: unknown[] }>('actions-run-jobs').jobs.map((j) => jobSchema.parse(j));
    expect(securityStageOf(recordedRun, recordedJobs, patterns)).toBe('absent');
  });
});

describe('releases', () => {
  it.each([
    ['a deploy workflow on the default branch', { name: 'Deploy', path: '.github/workflows/deploy.yml', event: 'push', branch: 'main' }, true],
    ['a deploy workflow on a version tag', { name: 'Deploy', path: '.github/workflows/deploy.yml', event: 'push', branch: 'v2.14.1' }, true],
    ['a deploy workflow on a feature branch (a preview)', { name: 'Deploy', path: '.github/workflows/deploy.yml', event: 'push', branch: 'feature/x' }, false],
    ['CI on the default branch', { name: 'CI', event: 'push', branch: 'main' }, false],
    ['a run a GitHub release triggered', { name: 'Build', event: 'release', branch: 'v1.0.0' }, true],
    ['a failed deploy (it did not ship)', { name: 'Deploy', event: 'push', branch: 'main', conclusion: 'failure' }, false],
  ])('%s: %s', (_what, over, release) => {
    expect(isRelease(parseRun({ id: 3, createdAt: T, completedAt: T + 1, ...over }), 'main', patterns)).toBe(release);
  });

  it('follows a configured release branch pattern instead of the default branch', () => {
    const custom = compilePatterns({ ...DEFAULT_GITHUB_SETTINGS, releaseWorkflow: '.', releaseBranch: '^release/' });
    expect(isRelease(parseRun({ id: 4, name: 'CI', branch: 'release/2026.09', createdAt: T, completedAt: T + 1 }), 'main', custom)).toBe(true);
    expect(isRelease(parseRun({ id: 4, name: 'CI', branch: 'main', createdAt: T, completedAt: T + 1 }), 'main', custom)).toBe(false);
  });
});

describe('templates and names', () => {
  it('calls a run standard when it calls the paved-road reusable workflow', () => {
    const paved = parseRun({ id: 5, name: 'CI', createdAt: T, completedAt: T + 1, referencedWorkflows: ['acme/platform/.github/workflows/paved-road.yml@v3'] });
    expect(templateOf(paved, patterns.standardTemplate)).toBe('standard');
    expect(
      templateOf(parseRun({ id: 6, name: 'Nightly', path: '.github/workflows/nightly.yml', createdAt: T, completedAt: T + 1 }), patterns.standardTemplate),
    ).toBe('Nightly');
  });

  it('names a run recorded before workflow names existed by its file', () => {
    const old = workflowRunSchema.parse(recorded<{ workflow_runs: unknown[] }>('actions-workflow-runs-list').workflow_runs[0]);
    expect(old.name ?? null).toBeNull();
    expect(pipelineName(old)).toMatch(/^\.github\/workflows\/|^workflow \d+$/);
  });
});
