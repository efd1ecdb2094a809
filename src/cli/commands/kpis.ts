import { Command, Option } from 'commander';
import { taxonomyOf } from '../../app/build-scorecard.js';
import { computeKpis, GROUPINGS, type Grouping } from '../../app/compute-kpis.js';
import { renderKpisText } from '../../renderers/terminal.js';
import { withStore } from '../context.js';
import { periodFrom, periodOptions } from '../options.js';
import { colour, printJson, println } from '../output.js';

export function kpisCommand(): Command {
  const c = new Command('kpis').description('the KPI catalog for a period, by scope, with targets, status and trend');
  for (const o of periodOptions()) c.addOption(o);
  return c
    .addOption(new Option('--by <scope>', 'grouping').choices([...GROUPINGS]).default('company'))
    .option('--json', 'print JSON (cli.md contract)')
    .addHelpText('after', '\nExamples:\n  $ secscore kpis\n  $ secscore kpis --period 2026-Q3 --by area --json\n  $ secscore kpis --from 2026-07-01 --to 2026-08-15')
    .action(async (opts: { period?: string; from?: string; to?: string; by: Grouping; json?: boolean }, command: Command) => {
      const period = periodFrom(opts);
      const report = await withStore(command, (store, { settings }) => computeKpis(store, settings.policy, period, opts.by, taxonomyOf(settings)));
      if (opts.json) printJson(report);
      else println(renderKpisText(report, colour));
    });
}
