import { Command, Option } from 'commander';
import { taxonomyOf } from '../../app/build-scorecard.js';
import { computeKpis, GROUPINGS, type Grouping, type KpiSelection } from '../../app/compute-kpis.js';
import { SecscoreError } from '../../domain/errors.js';
import { renderKpisText } from '../../renderers/terminal.js';
import { withStore } from '../context.js';
import { periodFrom, periodOptions } from '../options.js';
import { colour, printJson, println } from '../output.js';

interface KpisOptions {
  period?: string;
  from?: string;
  to?: string;
  by: Grouping;
  line?: string[];
  area?: string[];
  tier?: string[];
  service?: string[];
  kpi?: string[];
  json?: boolean;
}

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

export function kpisCommand(): Command {
  const c = new Command('kpis').description('the KPI catalog for a period, by scope, with targets, status and trend');
  for (const o of periodOptions()) c.addOption(o);
  return c
    .addOption(new Option('--by <scope>', 'grouping').choices([...GROUPINGS]).default('company'))
    .addOption(new Option('--line <name>', 'only this product line (repeatable)').argParser(repeat))
    .addOption(new Option('--area <name>', 'only this product area (repeatable)').argParser(repeat))
    .addOption(new Option('--tier <0|1|2>', 'only services of this tier (repeatable)').argParser(repeat))
    .addOption(new Option('--service <id>', 'only this service (repeatable)').argParser(repeat))
    .addOption(new Option('--kpi <id>', 'only this KPI (repeatable)').argParser(repeat))
    .option('--json', 'print JSON (cli.md contract)')
    .addHelpText(
      'after',
      `
Filters of different kinds combine (--area Payments --tier 0: the tier-0 services of Payments);
a filter given twice takes either name. Unknown names are an error listing the valid ones.

Examples:
  $ secscore kpis
  $ secscore kpis --period 2026-Q3 --by area --json
  $ secscore kpis --period 2026-08 --by service --area Payments --area Identity
  $ secscore kpis --by area --line Commerce --tier 0 --tier 1
  $ secscore kpis --kpi critical_sla_compliance --kpi reopen_rate --by line
  $ secscore kpis --from 2026-07-01 --to 2026-08-15 --service billing-api`,
    )
    .action(async (opts: KpisOptions, command: Command) => {
      const period = periodFrom(opts);
      const selection: KpiSelection = {
        ...(opts.line ? { lines: opts.line } : {}),
        ...(opts.area ? { areas: opts.area } : {}),
        ...(opts.tier ? { tiers: opts.tier.map(tierOf) } : {}),
        ...(opts.service ? { services: opts.service } : {}),
        ...(opts.kpi ? { kpis: opts.kpi } : {}),
      };
      const report = await withStore(command, (store, { settings }) => computeKpis(store, settings.policy, period, opts.by, taxonomyOf(settings), selection), {
        onlyReads: true,
      });
      if (opts.json) printJson(report);
      else println(renderKpisText(report, colour));
    });
}

function tierOf(t: string): number {
  if (!/^[0-9]+$/.test(t)) throw new SecscoreError('USAGE', `--tier: expected a tier number (0, 1 or 2), got "${t}"`);
  return Number(t);
}
