import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { buildReview } from '../../app/build-review.js';
import { SecscoreError } from '../../domain/errors.js';
import { isReportFormat, RENDERERS } from '../../renderers/registry.js';
import type { Audience } from '../../scorecard/review.js';
import { withStore } from '../context.js';
import { periodFrom, periodOptions } from '../options.js';
import { println } from '../output.js';

export function reportCommand(): Command {
  const c = new Command('report').description('the full leadership review: scorecard, product-line view, KPIs with targets and trend, evidence');
  for (const o of periodOptions()) c.addOption(o);
  return c
    .addOption(new Option('--audience <a>', 'who reads it').choices(['vp-eng', 'platform', 'product-eng', 'board']).default('vp-eng'))
    .option('--format <f>', `output format: ${Object.keys(RENDERERS).join(', ')}`, 'md')
    .option('--out <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExamples:\n  $ secscore report --out review.md\n  $ secscore report --period 2026-Q3 --format json --out review.json')
    .action(async (opts: { period?: string; from?: string; to?: string; audience: Audience; format: string; out?: string }, command: Command) => {
      if (!isReportFormat(opts.format)) throw new SecscoreError('USAGE', `--format ${opts.format}: not available; choose one of ${Object.keys(RENDERERS).join(', ')}`);
      const renderer = RENDERERS[opts.format];
      const period = periodFrom(opts);
      const review = await withStore(command, (store, { settings }) => buildReview(store, settings, period, opts.audience));
      const output = await renderer.render(review);
      if (opts.out !== undefined) {
        await writeFile(opts.out, output);
        println(`wrote ${opts.out}`);
      } else if (renderer.binary) throw new SecscoreError('USAGE', `--format ${opts.format} is binary: pass --out <file>`);
      else process.stdout.write(output);
    });
}
