import { Command } from 'commander';
import { buildScorecard } from '../../app/build-scorecard.js';
import { renderScorecardText } from '../../renderers/terminal.js';
import { withStore } from '../context.js';
import { periodFrom, periodOptions } from '../options.js';
import { colour, printJson, println } from '../output.js';

export function scorecardCommand(): Command {
  const c = new Command('scorecard').description('the engineering leadership scorecard by product area, and the product-line view');
  for (const o of periodOptions()) c.addOption(o);
  return c
    .option('--json', 'print JSON: every cell with its evidence and rule')
    .addHelpText('after', '\nExamples:\n  $ secscore scorecard\n  $ secscore scorecard --period 2026-Q3 --json')
    .action(async (opts: { period?: string; from?: string; to?: string; json?: boolean }, command: Command) => {
      const period = periodFrom(opts);
      const scorecard = await withStore(command, (store, { settings }) => buildScorecard(store, settings, period), { onlyReads: true });
      if (opts.json) printJson(scorecard);
      else println(renderScorecardText(scorecard, colour));
    });
}
