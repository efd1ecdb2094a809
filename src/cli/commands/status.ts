import { Command } from 'commander';
import { dataStatus, type DataStatus, type KindReport } from '../../app/data-status.js';
import { GITHUB_FORMAT } from '../../app/sync-github.js';
import { policyOf } from '../../config/load-settings.js';
import { termText } from '../../domain/text.js';
import { table } from '../../renderers/terminal.js';
import { now, withStore } from '../context.js';
import { colour, printJson, println } from '../output.js';

export function statusCommand(): Command {
  return new Command('status')
    .description('what has been loaded, how fresh it is, and which services have no data for what: check this first when a figure looks wrong')
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      `
For every input kind: "never loaded" (nothing was ever imported: its KPIs say no data),
"loaded, empty" (imported, nothing in it) or "loaded", with the records stored, the formats or
connectors they came from, the last import and the latest time a record states. Then the scans
per category, the connectors' last syncs, and per catalog service the required scan categories
(policy.requiredCoverage; iac for services tagged iac) without a scan in the coverage window,
and the per-service records (pipeline runs, threat models, logging for tier 0/1; pull requests;
IAM) that were loaded for other services but not for this one.

Examples:
  $ secscore status
  $ secscore status --json | jq '.gaps.services[] | select(.scans | length > 0) | .service'`,
    )
    .action(async (opts: { json?: boolean }, command: Command) => {
      const at = now();
      const status = await withStore(command, (store, { settings }) => dataStatus(store, policyOf(settings), at), { onlyReads: true });
      if (opts.json) return printJson(status);
      println(render(status));
    });
}

function render(s: DataStatus): string {
  const out: string[] = [colour.bold(`Data status at ${s.now}`), '', colour.bold('Inputs')];
  out.push(
    table(
      ['kind', 'status', 'records', 'from', 'last import', 'latest record', 'age (days)'],
      s.kinds.map((k) => [
        { text: k.kind },
        { text: k.status, paint: k.status === 'loaded' ? colour.good : k.status === 'loaded, empty' ? colour.warn : colour.dim },
        { text: k.status === 'never loaded' ? '—' : String(k.records) },
        { text: sources(k) },
        { text: k.lastImportedAt === null ? '—' : `${k.lastImportedAt.slice(0, 19)}Z` },
        { text: k.latestRecordAt ?? '—' },
        { text: k.ageDays === null ? '—' : String(k.ageDays) },
      ]),
    ),
  );
  out.push('', colour.bold('Scans by category'));
  if (s.scans.length === 0) out.push('no scans: none were ever imported (secscore import <scanner output>)');
  else
    out.push(
      table(
        ['category', 'services', 'scans', 'tools', 'latest scan', 'age (days)'],
        s.scans.map((c) => [
          { text: c.category },
          { text: String(c.services) },
          { text: String(c.scans) },
          { text: clip(termText(c.tools.join(', '))) },
          { text: c.latestScanAt },
          { text: String(c.ageDays) },
        ]),
      ),
    );
  if (s.connectors.length > 0) {
    out.push('', colour.bold('Connectors'));
    for (const c of s.connectors) out.push(`${c.source}: ${c.repos} repositor${c.repos === 1 ? 'y' : 'ies'}, last sync ${c.lastSyncAt}`);
  }
  out.push('', colour.bold(`Gaps per service (scans within ${s.gaps.windowDays} days)`));
  const withGaps = s.gaps.services.filter((g) => g.scans.length > 0 || g.records.length > 0);
  if (s.gaps.services.length === 0) out.push('no services: the catalog is empty (secscore catalog import <catalog>)');
  else if (withGaps.length === 0) out.push('none: every service has what its KPIs need among the kinds loaded');
  else
    out.push(
      table(
        ['service', 'tier', 'no scan', 'stale scan', 'no records of'],
        withGaps.map((g) => [
          { text: termText(g.service) },
          { text: String(g.tier) },
          {
            text:
              g.scans
                .filter((x) => x.state === 'never')
                .map((x) => x.category)
                .join(', ') || '—',
            paint: colour.bad,
          },
          {
            text:
              g.scans
                .filter((x) => x.state === 'stale')
                .map((x) => `${x.category} (${x.ageDays} d ago)`)
                .join(', ') || '—',
            paint: colour.warn,
          },
          { text: g.records.join(', ') || '—' },
        ]),
      ),
    );
  const noRepo = s.gaps.services.filter((g) => g.noRepository).map((g) => g.service);
  if (noRepo.length > 0) out.push(`no repository in the catalog (outside scanning coverage): ${noRepo.map(termText).join(', ')}`);
  if (s.gaps.neverLoaded.length > 0) out.push(`never loaded, so no service has them: ${s.gaps.neverLoaded.join(', ')}`);
  return out.join('\n');
}

function sources(k: KindReport): string {
  if (k.sources.length === 0) return '—';
  const unit = (format: string, n: number) => (format === GITHUB_FORMAT ? (n === 1 ? 'repository' : 'repositories') : n === 1 ? 'file' : 'files');
  return clip(k.sources.map((x) => `${x.format} (${x.files} ${unit(x.format, x.files)})`).join(', '));
}

function clip(s: string): string {
  return s.length > 44 ? `${s.slice(0, 43)}…` : s;
}
