import { Option } from 'commander';
import { SecscoreError } from '../domain/errors.js';
import { parsePeriod, type Period } from '../domain/period.js';
import { now } from './context.js';

/** `--period 2026-Q3 | 2026-08`, or `--from/--to`; default: the last complete quarter. */
export function periodOptions(): Option[] {
  return [
    new Option('--period <P>', 'quarter (2026-Q3) or month (2026-08); default: the last complete quarter'),
    new Option('--from <iso>', 'start of an explicit range (with --to)'),
    new Option('--to <iso>', 'end of an explicit range, exclusive (with --from)'),
  ];
}

export function periodFrom(opts: { period?: string; from?: string; to?: string }): Period {
  if ((opts.from === undefined) !== (opts.to === undefined)) throw new SecscoreError('USAGE', '--from and --to go together');
  return parsePeriod(opts, now());
}
