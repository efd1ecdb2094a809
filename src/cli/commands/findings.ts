import { Command, Option } from 'commander';
import { listFindings } from '../../app/list-findings.js';
import { toIso } from '../../domain/time.js';
import { termText } from '../../domain/text.js';
import { now, withStore } from '../context.js';
import { printJson, println } from '../output.js';

export function findingsCommand(): Command {
  return new Command('findings')
    .description('list normalized findings: the drill-down behind every figure')
    .option('--service <id>', 'only this service')
    .addOption(new Option('--status <s>', 'which findings').choices(['open', 'fixed', 'accepted', 'false_positive', 'all']).default('open'))
    .option('--json', 'print JSON (cli.md contract)')
    .addHelpText('after', '\nExamples:\n  $ secscore findings --service billing-api\n  $ secscore findings --status all --json | jq length')
    .action(async (opts: { service?: string; status: 'open' | 'fixed' | 'accepted' | 'false_positive' | 'all'; json?: boolean }, command: Command) => {
      const { rows, loaded } = await withStore(
        command,
        async (store) => ({
          rows: await listFindings(store, { ...(opts.service !== undefined ? { serviceId: opts.service } : {}), status: opts.status, at: now() }),
          loaded: (await store.loadedKinds()).has('findings'),
        }),
        { onlyReads: true },
      );
      if (opts.json) {
        printJson(
          rows.map((f) => ({
            fingerprint: f.fingerprint,
            service: f.service,
            tool: f.tool,
            category: f.category,
            severity: f.severity,
            title: f.title,
            ruleId: f.ruleId,
            vulnerabilityIds: f.vulnerabilityIds,
            cwes: f.cwes,
            file: f.file,
            line: f.line,
            component: f.component,
            fixVersion: f.fixVersion,
            secretPreview: f.secretPreview,
            status: f.status,
            openedAt: toIso(f.openedAt),
            fixedAt: f.fixedAt === null ? null : toIso(f.fixedAt),
            reopenCount: f.reopenCount,
          })),
        );
        return;
      }
      if (rows.length === 0 && !loaded) return println('no findings: no scanner output was ever imported (secscore import <scanner output>)');
      if (rows.length === 0) return println(`no ${opts.status === 'all' ? '' : `${opts.status} `}findings`);
      for (const f of rows) {
        println(
          `${f.severity.padEnd(8)} ${f.status.padEnd(8)} ${termText(f.service)}  ${termText(f.title)}${f.file ? `  ${termText(f.file)}${f.line ? `:${f.line}` : ''}` : ''}`,
        );
      }
      println(`${rows.length} finding${rows.length === 1 ? '' : 's'}`);
    });
}
