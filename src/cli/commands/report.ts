import { Command, Option } from 'commander';
import { buildReview } from '../../app/build-review.js';
import { SecscoreError } from '../../domain/errors.js';
import { periodJson } from '../../domain/period.js';
import { EMPTY_CATALOG } from '../../renderers/format.js';
import { isReportFormat, REPORT_FORMATS, RENDERERS } from '../../renderers/registry.js';
import { AUDIENCES, type Audience } from '../../scorecard/review.js';
import { now, withStore } from '../context.js';
import { periodFrom, periodOptions } from '../options.js';
import { checkOutFile, writeOutFile } from '../out-file.js';
import { isTty, printJson, println } from '../output.js';

export function reportCommand(): Command {
  const c = new Command('report').description(
    'the leadership review: scorecard, product-line view, narrative, asks and close, with the KPIs and the evidence behind every statement',
  );
  for (const o of periodOptions()) c.addOption(o);
  return c
    .addOption(new Option('--audience <a>', 'who reads it').choices([...AUDIENCES]).default('vp-eng'))
    .addOption(new Option('--area <name...>', 'with --audience product-eng: the product areas of the director (one or more)'))
    .option('--format <f>', `output format: ${REPORT_FORMATS.join(', ')}`, 'md')
    .option('--out <file>', 'write to a file instead of standard output (required for pptx)')
    .addHelpText(
      'after',
      `
Formats: md (tables that paste into GitHub and Confluence, evidence as footnotes), html (one
self-contained file with SVG charts, no script, prints cleanly), pptx (a deck), json
(everything the others show), terminal (colours with text labels).

Audiences: vp-eng (all), platform (platform areas first, pipeline and paved-road detail),
product-eng --area <name>... (a director's own areas, with drill-down by service), board
(posture, material risk themes and asks, in plain words).

Examples:
  $ secscore report --out review.md
  $ secscore report --format html --out review.html
  $ secscore report --format pptx --out review.pptx --period 2026-Q3
  $ secscore report --audience product-eng --area "Reporting services" --format terminal
  $ secscore report --audience board --format pptx --out board.pptx`,
    )
    .action(
      async (opts: { period?: string; from?: string; to?: string; audience: Audience; area?: string[]; format: string; out?: string }, command: Command) => {
        if (!isReportFormat(opts.format))
          throw new SecscoreError('USAGE', `--format ${opts.format}: not available; choose one of ${REPORT_FORMATS.join(', ')}`);
        const renderer = RENDERERS[opts.format];
        if (renderer.binary && opts.out === undefined) throw new SecscoreError('USAGE', `--format ${opts.format} is binary: pass --out <file>`);
        if (opts.out !== undefined) checkOutFile('--out', opts.out, `review.${opts.format === 'terminal' ? 'txt' : opts.format}`);
        const period = periodFrom(opts);
        const review = await withStore(
          command,
          (store, { settings }) => buildReview(store, settings, period, { audience: opts.audience, ...(opts.area !== undefined ? { areas: opts.area } : {}) }),
          { onlyReads: true },
        );
        if (review === null) {
          // As the scorecard: a plain sentence instead of empty tables, and no file written. On
          // stdout, --format json stays JSON for the script reading it: no data, as a KPI without
          // any says it (status no-data, with the reason), and a stable code to test.
          if (opts.out === undefined && opts.format === 'json') {
            printJson({ status: 'no-data', code: 'EMPTY_CATALOG', reason: EMPTY_CATALOG, period: periodJson(period), audience: opts.audience });
            return;
          }
          println(EMPTY_CATALOG);
          if (opts.out !== undefined) println(`No review written to ${opts.out}.`);
          return;
        }
        const output = await renderer.render(review, { colour: opts.out === undefined && isTty(), now: now() });
        if (opts.out !== undefined) {
          await writeOutFile('--out', opts.out, output);
          println(`wrote ${opts.out}`);
        } else process.stdout.write(output);
      },
    );
}
