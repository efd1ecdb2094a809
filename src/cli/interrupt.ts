import { tmpdir } from 'node:os';
import { SecscoreError } from '../domain/errors.js';
import { STALE_AFTER_MS } from '../storage/temp-dirs.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `work` so that Ctrl-C (SIGINT) or SIGTERM stops it cleanly rather than killing the
 * process where it stands (which left an import's staged copy of the file, hundreds of MB, in
 * the temporary directory). The first signal:
 * - aborts `signal`, which the work checks as it goes (between batches, between files);
 * - calls `stop`, which interrupts the statements running in the database;
 * - and, once the work has unwound (its transaction rolled back, its temporary files removed),
 *   makes the command fail with INTERRUPTED (exit code 130), saying `undone`.
 * A second signal exits at once. Only for work that yields to the event loop often (imports,
 * syncs): a signal is handled when JavaScript is free, so a command that computes for seconds
 * without yielding keeps the default (the process ends at once; it has nothing to undo).
 */
export async function interruptible<T>(undone: string, stop: () => void, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(
        `secscore: ${name} again: exiting now (temporary files may be left in ${tmpdir()}; an import ${STALE_AFTER_MS / 60_000} minutes later or more removes them)\n`,
      );
      process.exit(130);
    } else {
      process.stderr.write(`secscore: ${name}: stopping (press Ctrl-C again to exit at once)…\n`);
      controller.abort(new SecscoreError('INTERRUPTED', `stopped by ${name}; ${undone}`));
      stop();
    }
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const done = await work(controller.signal);
    // The signal came as the work was committing: it is in, and the command says so (exit 0).
    if (controller.signal.aborted) process.stderr.write('secscore: too late to stop: the work had finished\n');
    return done;
  } catch (err) {
    // Whatever the stop made the work throw (DuckDB's INTERRUPT error, PostgreSQL's cancel), the command was stopped.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw err;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
