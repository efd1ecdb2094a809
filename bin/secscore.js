#!/usr/bin/env node
import { main } from '../dist/bundle/main.js';

// Output piped into a reader that stops early (`secscore findings --json | head`): end quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
