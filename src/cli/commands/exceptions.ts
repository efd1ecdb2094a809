import { Command, Option } from 'commander';
import { describeScope } from '../../app/exception-handlers.js';
import { EXCEPTION_FILTERS, EXPIRING_DAYS, listExceptions, type ExceptionFilter, type ExceptionListing } from '../../app/list-exceptions.js';
import { termText } from '../../domain/text.js';
import { table } from '../../renderers/terminal.js';
import { now, withStore } from '../context.js';
import { colour, printJson, println } from '../output.js';

export function exceptionsCommand(): Command {
  return new Command('exceptions')
    .description('list the risk exceptions (exceptions as code) with where each stands now: active, expiring, expired over open findings, revoked')
    .addOption(
      new Option('--status <s>', 'which exceptions (active includes expiring; expired includes expired-with-open-findings)')
        .choices([...EXCEPTION_FILTERS])
        .default('all'),
    )
    .option('--json', 'print a JSON array, one object per exception; times as ISO 8601 strings')
    .addHelpText(
      'after',
      `
Exceptions come in with \`secscore import exceptions.yaml\` (YAML: one exception per document,
a list of them, or "exceptions:" with a list; fields id, scope, reason, owner, approver,
starts_at, expires_at, backlog, compensating_controls, status). While an approved exception is
active, the findings it covers are "accepted"; once it expires they are open again.

Status, judged now (SECSCORE_NOW fixes "now"):
  active                      approved, started, expires in more than ${EXPIRING_DAYS} days (or never)
  expiring                    active, and expires within ${EXPIRING_DAYS} days
  scheduled                   approved, starts later
  expired-with-open-findings  expired while a finding it covered is still open
  expired                     expired, nothing it covered is open
  revoked                     revoked

Examples:
  $ secscore import security/exceptions.yaml
  $ secscore exceptions
  $ secscore exceptions --status expiring
  $ secscore exceptions --json | jq 'map(select(.status == "expired-with-open-findings")) | length'`,
    )
    .action(async (opts: { status: ExceptionFilter; json?: boolean }, command: Command) => {
      const at = now();
      const { rows, loaded } = await withStore(
        command,
        async (store) => ({
          rows: await listExceptions(store, at, opts.status),
          loaded: (await store.loadedKinds()).has('exceptions'),
        }),
        { onlyReads: true },
      );
      if (opts.json) return printJson(rows);
      if (rows.length === 0) {
        if (!loaded) return println('no exceptions: none were ever imported (secscore import <exceptions.yaml>)');
        return println(opts.status === 'all' ? 'no exceptions' : `no ${opts.status} exceptions`);
      }
      println(
        table(
          ['id', 'status', 'expires', 'days left', 'open', 'owner', 'scope', 'backlog'],
          rows.map((r) => [
            { text: termText(r.id) },
            { text: r.status, paint: paintOf(r) },
            { text: r.expiresAt === null ? 'never' : r.expiresAt.slice(0, 10), ...(r.expiresAt === null ? { paint: colour.warn } : {}) },
            { text: r.daysToExpiry === null ? '—' : String(r.daysToExpiry) },
            { text: String(r.openFindings) },
            r.owner === null ? { text: 'none', paint: colour.warn } : { text: clip(termText(r.owner)) },
            { text: clip(termText(describeScope(r.scope))) },
            r.backlog === null ? { text: 'none', paint: colour.warn } : { text: clip(termText(r.backlog)) },
          ]),
        ),
      );
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      println(`${rows.length} exception${rows.length === 1 ? '' : 's'}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`);
    });
}

function paintOf(r: ExceptionListing): (s: string) => string {
  if (r.status === 'expired-with-open-findings') return colour.bad;
  if (r.status === 'expiring') return colour.warn;
  if (r.status === 'active') return colour.good;
  return colour.dim;
}

function clip(s: string): string {
  return s.length > 48 ? `${s.slice(0, 47)}…` : s;
}
