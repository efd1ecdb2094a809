#!/usr/bin/env node
import { main } from '../dist/bundle/main.js';

// Output piped into a reader that stops early (`secscore import scans/ | head -1`): the command
// goes on to its end without printing more, and exits with its own code. Ending at once would
// leave an import or a sync half done (each file is whole or not at all, but the files after it
// would not be read) and say it succeeded. Any other failure to write the output (a full disk:
// `> /dev/full`) is one line and exit code 1, not a stack.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') {
    // Later writes are dropped, their callbacks (if any) still called.
    process.stdout.write = (_chunk, encoding, callback) => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    };
    return;
  }
  process.stderr.write(`secscore: could not write the output: ${err.code ?? err.message}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
