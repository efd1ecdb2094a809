import { Command, CommanderError } from 'commander';
import { SecscoreError } from '../domain/errors.js';
import { catalogCommand } from './commands/catalog.js';
import { demoCommand } from './commands/demo.js';
import { exceptionsCommand } from './commands/exceptions.js';
import { findingsCommand } from './commands/findings.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { kpisCommand } from './commands/kpis.js';
import { recordsCommand } from './commands/records.js';
import { reportCommand } from './commands/report.js';
import { scorecardCommand } from './commands/scorecard.js';
import { statusCommand } from './commands/status.js';
import { syncCommand } from './commands/sync.js';
import { VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command('secscore')
    .description('Security and delivery signals in; the engineering leadership review out.')
    .version(VERSION)
    .option('--db <path|url>', 'DuckDB file or postgres:// URL (env SECSCORE_DB; default secscore.db)')
    .option('--config <file>', 'settings file (env SECSCORE_CONFIG; default secscore.yaml when present)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ secscore demo                                  build an example company and its review
  $ secscore catalog import catalog-info.yaml
  $ secscore import scans/*.sarif scans/*.json
  $ secscore kpis --period 2026-Q3 --by area
  $ secscore report --format md --out review.md

Exit codes: 0 success, 1 runtime failure, 2 usage or input error.`,
    );
  for (const make of [
    initCommand,
    catalogCommand,
    importCommand,
    findingsCommand,
    recordsCommand,
    exceptionsCommand,
    syncCommand,
    statusCommand,
    kpisCommand,
    scorecardCommand,
    reportCommand,
    demoCommand,
  ]) {
    program.addCommand(make());
  }
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof SecscoreError) {
      process.stderr.write(`secscore: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`secscore: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
