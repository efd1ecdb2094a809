import { Command, CommanderError } from 'commander';
import { SecscoreError } from '../domain/errors.js';
import { termText } from '../domain/text.js';
import { VERSION } from './version.js';

/**
 * The commands, each loaded only when it runs: the modules behind them differ a lot in weight
 * (the report renderers pull in ECharts, about 0.45 s to load), and `secscore kpis` or
 * `secscore --version` should not pay for `secscore report`. The order is the help's order.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./commands/init.js')).initCommand(),
  catalog: async () => (await import('./commands/catalog.js')).catalogCommand(),
  import: async () => (await import('./commands/import.js')).importCommand(),
  findings: async () => (await import('./commands/findings.js')).findingsCommand(),
  records: async () => (await import('./commands/records.js')).recordsCommand(),
  exceptions: async () => (await import('./commands/exceptions.js')).exceptionsCommand(),
  sync: async () => (await import('./commands/sync.js')).syncCommand(),
  status: async () => (await import('./commands/status.js')).statusCommand(),
  kpis: async () => (await import('./commands/kpis.js')).kpisCommand(),
  scorecard: async () => (await import('./commands/scorecard.js')).scorecardCommand(),
  report: async () => (await import('./commands/report.js')).reportCommand(),
  demo: async () => (await import('./commands/demo.js')).demoCommand(),
};

/** Global options that take a value (so that the value is not taken for the command's name). */
const VALUED_GLOBALS = new Set(['--db', '--config']);

/**
 * The commands to load for `argv`: the one it names before anything else; none for the
 * version; every one (`null`) for help, a misspelt command and the like, so that commander
 * can list them all.
 */
export function commandsFor(argv: readonly string[]): string[] | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED_GLOBALS.has(a)) i++;
    else if (a === '-V' || a === '--version') return [];
    else if (a.startsWith('-')) {
      if (!VALUED_GLOBALS.has(a.split('=')[0]!)) return null;
    } else return Object.hasOwn(COMMANDS, a) ? [a] : null;
  }
  return null;
}

/** The program with every command, or only those named (what `main` runs: the others are not loaded). */
export async function buildProgram(only: readonly string[] | null = null): Promise<Command> {
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

DuckDB: SECSCORE_DUCKDB_MEMORY_LIMIT (a size with its unit, at least 64MB; default 256MB) and
SECSCORE_DUCKDB_THREADS (default: one per core) override how the embedded database runs.

Exit codes: 0 success, 1 runtime failure, 2 usage or input error, 130 stopped by Ctrl-C
(import, sync, catalog import and demo roll back the file, repository or catalog in progress).`,
    );
  const names = only ?? Object.keys(COMMANDS);
  for (const command of await Promise.all(names.map((n) => COMMANDS[n]!()))) program.addCommand(command);
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(commandsFor(argv));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      // Help asked for (`secscore help`) is a success, on stdout; help shown because no command
      // was given (`secscore`, `secscore catalog`) is a usage error, on stderr, as git and npm do.
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      return 2;
    }
    return printFailure(err);
  }
}

/**
 * Prints a failure on stderr and returns its exit code. A message can quote untrusted text (a
 * file's name, a scanner's or an API's string): it is printed inert (termText), on one line.
 * An unexpected failure's stack keeps its line breaks, each line made inert.
 */
export async function printFailure(err: unknown): Promise<number> {
  if (err instanceof SecscoreError) {
    process.stderr.write(`secscore: ${termText(err.message)}\n`);
    return err.exitCode;
  }
  const { outOfMemoryError } = await import('../storage/open-database.js');
  const known = outOfMemoryError(err);
  if (known) {
    process.stderr.write(`secscore: ${termText(known.message)}\n`);
    return known.exitCode;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`secscore: unexpected failure: ${text.split('\n').map(termText).join('\n')}\n`);
  return 1;
}
