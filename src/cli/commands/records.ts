import { Argument, Command } from 'commander';
import { listRecords, RECORD_KIND_IDS, type RecordKindId } from '../../app/record-handlers.js';
import { termText } from '../../domain/text.js';
import { table } from '../../renderers/terminal.js';
import { withStore } from '../context.js';
import { printJson, println } from '../output.js';

export function recordsCommand(): Command {
  return new Command('records')
    .description('list the operational records stored for one kind (incidents, pipeline runs, ...), exactly as imported')
    .addArgument(new Argument('<kind>', 'the record kind').choices(RECORD_KIND_IDS))
    .option('--json', 'print a JSON array, one object per record; times as ISO 8601 strings')
    .addHelpText(
      'after',
      `
Records come in with \`secscore import <file>\` (CSV with a header row, or JSON lines; the kind is
detected from the columns, or named with --format <kind>).

Examples:
  $ secscore import incidents.csv
  $ secscore records incidents
  $ secscore records pipeline-runs --json | jq 'map(select(.security_stage == "bypassed"))'`,
    )
    .action(async (kind: RecordKindId, opts: { json?: boolean }, command: Command) => {
      const { rows, loaded } = await withStore(
        command,
        async (store) => ({
          rows: await listRecords(store, kind),
          loaded: (await store.loadedKinds()).has(kind),
        }),
        { onlyReads: true },
      );
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return println(loaded ? `no ${kind} records` : `no ${kind} records: none were ever imported (secscore import <file>)`);
      const names = Object.keys(rows[0]!);
      println(
        table(
          names,
          rows.map((r) => names.map((n) => ({ text: cellText(r[n] ?? null) }))),
        ),
      );
      println(`${rows.length} ${kind} record${rows.length === 1 ? '' : 's'}`);
    });
}

function cellText(value: string | number | boolean | null): string {
  if (value === null) return '—';
  const text = termText(String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
