import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { dataFileText } from '../../config/data-files.js';
import { DEFAULT_CONFIG_FILE, namedConfigFile } from '../../config/load-settings.js';
import { SecscoreError } from '../../domain/errors.js';
import type { GlobalOptions } from '../context.js';
import { kindOf, writeOutFile } from '../out-file.js';
import { println } from '../output.js';
import { termText } from '../../domain/text.js';

const CATALOG_FILE = 'catalog.yaml';

const CONFIG = `# secscore settings. Every key is optional: what is left out keeps the default shown.
# db: secscore.db                 # DuckDB file, or postgres://user@host/db (env SECSCORE_DB)

policy:
  # SLA days per severity and tier (0 = crown jewels). null = no SLA.
  slaDays:
    critical: { "0": 7, "1": 14, "2": 30 }
    high: { "0": 14, "1": 30, "2": 60 }
    medium: { "0": 60, "1": 90, "2": 180 }
    low: { "0": 180, "1": 365, "2": null }
  nearBand: 0.1                  # within 10 % of a target counts as "near"
  flatBand: 0.05                 # relative change under 5 % is a flat trend
  epssThreshold: 0.1             # EPSS at or above this counts as exploitable
  requiredCoverage: [sast, sca, secrets]
  iacTag: iac                    # services with this tag also need IaC scans
  coverageWindowDays: 30
  coverageEquivalents: { container: [sca] }   # an image scan also counts as SCA coverage
  cspmKeyControls: []            # cloud controls cspm_compliance counts; [] = every control
  loggingMinRetentionDays: 90    # log retention a tier 0/1 service needs (logging_coverage)
  targets: {}                    # e.g. critical_mttr_internet: { op: "<=", value: 10 }

scorecard:
  gate: { goodCoverage: 80, goodBypass: 5, goodToolErrors: 2, poorCoverage: 50, poorBypass: 15, improvingCoverageRise: 10 }
  reviewLatency: { low: 2, moderate: 5 }   # business days
  failureModeJoinRatio: 0.8
  escalationNearBand: 0.1

review:                          # narrative, asks, close and audiences (scorecard.md §2–§5)
  pavedRoadTagPrefix: "paved-road:"            # catalog tags of services on standard platform paths
  standardTemplates: [standard]                # pipeline templates that are the standard ones
  authorizationFamilies: [authorization-consistency, tenant-boundary]
  minCohortServices: 2           # paved road vs the rest needs this many services on each side
  minDifference: 0.1             # ...and this difference before the narrative states it
  frictionRatio: 1.5             # non-standard pipelines: share of trouble ≥ 1.5 × share of runs
  noisyShare: 0.25               # false positives and noisy rules at which signal quality is named
  concentration: { serviceShare: 0.25, riskShare: 0.5 }
  longTailShare: 0.1             # services with a repository and no recent scan
  maxRecommendations: 5
  platformAreas: "platform|foundation|infra|(^|[^a-z])ci([^a-z]|$)"   # shown first to --audience platform

# taxonomy: failure-modes.yaml   # extends the built-in failure-mode taxonomy

# secscore sync github: regular expressions, matched without case.
# github:
#   apiUrl: https://api.github.com           # GitHub Enterprise Server: https://<host>/api/v3
#   securityReviewers: "appsec|security"     # a requested reviewer (login, team) = security review
#   securityStageJob: "secur|sast|codeql|semgrep|trivy|gitleaks"   # the job that is the security stage
#   toolErrorStep: "set ?up|install|download|init|tool|fetch"     # its failing step = tool_error
#   standardTemplate: "standard|paved[-_ ]?road"                   # workflow / reusable workflow = template standard
#   releaseWorkflow: "release|deploy|publish|prod"                 # runs of such workflows ship to production
#   releaseBranch: null                      # null: the default branch or a version tag (v1.2.3)
#   firstSyncDays: 400                       # first sync: days of pulls, runs and commits to read
`;

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented secscore.yaml (or the file --config names) and an example catalog (catalog.yaml)')
    .option('--force', 'overwrite existing files')
    .addHelpText(
      'after',
      `
The settings file is the one every command reads: --config <file> (or SECSCORE_CONFIG) when
given, secscore.yaml here otherwise. The example catalog is catalog.yaml here.

Examples:
  $ secscore init
  $ secscore --config config/secscore.yaml init`,
    )
    .action(async (opts: { force?: boolean }, command: Command) => {
      const { config } = command.optsWithGlobals<GlobalOptions>();
      const named = namedConfigFile(config !== undefined ? { configPath: config } : {});
      const files = [
        { file: named?.file ?? DEFAULT_CONFIG_FILE, named, text: CONFIG },
        { file: CATALOG_FILE, named: null, text: dataFileText('example-catalog.yaml') },
      ] as const;
      // All checked before anything is written: a refusal leaves the folder as it was. A folder
      // (or a device, a pipe) in a file's place is refused with or without --force: overwriting
      // cannot make it a settings file, and a pipe would hold init until something reads it.
      const kinds = files.map((f) => ({ ...f, kind: kindOf(f.file) }));
      for (const { file, named, kind } of kinds) {
        if (named !== null) checkNamedFile(named.named, file, kind);
        else if (kind === 'folder')
          throw new SecscoreError(
            'USAGE',
            `${file} is a directory, not a file: init writes ${file} here; move the directory away, or run init in another folder`,
          );
        else if (kind === 'other')
          throw new SecscoreError('USAGE', `${file} is not a regular file: init writes ${file} here; move it away, or run init in another folder`);
      }
      for (const { file, kind } of kinds) if (kind === 'file' && !opts.force) throw new SecscoreError('USAGE', `${file} exists; pass --force to overwrite it`);
      for (const { file, text } of files) {
        await writeOutFile('', file, text);
        println(`wrote ${termText(file)}`);
      }
      println(`next: edit catalog.yaml, then \`secscore ${configFlag(files[0].file)}catalog import catalog.yaml\``);
    });
}

/**
 * `--config <file> ` for the suggested next commands when they would not read the file init
 * wrote without it: a file other than secscore.yaml here, or secscore.yaml while
 * SECSCORE_CONFIG names another one. Empty otherwise.
 */
function configFlag(written: string): string {
  const fromEnv = process.env['SECSCORE_CONFIG'] || undefined;
  const readWithoutFlag = resolve(fromEnv ?? DEFAULT_CONFIG_FILE);
  // Printed inert (termText): a name holding control characters cannot be pasted back as shown anyway.
  return resolve(written) === resolve(DEFAULT_CONFIG_FILE) && readWithoutFlag === resolve(written) ? '' : `--config ${termText(shellWord(written))} `;
}

/** A word a POSIX shell reads back as `raw`: as it is when it is plain, else in single quotes (a `'` as `'\''`). */
export function shellWord(raw: string): string {
  return /^[\w./:@%+,=-]+$/.test(raw) ? raw : `'${raw.replaceAll("'", "'\\''")}'`;
}

/**
 * The settings file `--config` (or SECSCORE_CONFIG) names: a file that can be written, in a
 * folder that exists, and not the example catalog (the one would overwrite the other).
 */
function checkNamedFile(named: string, file: string, kind: ReturnType<typeof kindOf>): void {
  if (kind === 'folder')
    throw new SecscoreError(
      'USAGE',
      `${named}: is a directory, not a file: init writes the settings file there; name a file in it, e.g. ${join(file, DEFAULT_CONFIG_FILE)}`,
    );
  if (kind === 'other') throw new SecscoreError('USAGE', `${named}: is not a regular file: init writes the settings file there; name another file`);
  if (resolve(file) === resolve(CATALOG_FILE)) throw new SecscoreError('USAGE', `${named}: init writes the example catalog there; name another file`);
  const folder = dirname(file);
  const parent = kindOf(folder);
  if (parent === 'missing') throw new SecscoreError('USAGE', `${named}: the folder ${folder} does not exist`);
  if (parent !== 'folder') throw new SecscoreError('USAGE', `${named}: ${folder} is not a folder`);
}
