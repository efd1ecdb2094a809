import type { Insertable, Kysely } from 'kysely';
import type { RawFinding } from '../domain/finding.js';
import { storableText, storableTextOrNull } from '../domain/text.js';
import type { Category } from '../domain/severity.js';
import type { Millis } from '../domain/time.js';
import type { DB } from './schema.js';
import type { Store } from './store.js';

/** A (service, tool, category) stream an alert source was read for. */
export interface AlertStream {
  serviceId: string;
  tool: string;
  category: Category;
}

/** A scan the source attests: a stream scanned at a time (a code scanning analysis, or the sync of an always-on source). */
export interface CoverageScan extends AlertStream {
  at: Millis;
  /** What the scan found, where the source says (an analysis's result count); else the alerts written for the stream. */
  findings?: number;
}

/** One alert as a finding: it carries its own open and close times (alert APIs know them). */
export interface AlertRecord {
  serviceId: string;
  finding: RawFinding & { tool: string; category: Category; toolOpenedAt: Millis; toolFixedAt: Millis | null };
}

export interface AlertFindingsWrite {
  /** When the alerts were read: the attributes' time. */
  syncedAt: Millis;
  /**
   * Scans the sources attest, with or without alerts: each is a scans row, so that coverage
   * counts it. A stream of alerts without one gets none: an alert says a finding exists, not
   * that the code was scanned recently.
   */
  scans: readonly CoverageScan[];
  alerts: readonly AlertRecord[];
  /** What the import log and the scans rows record: `format` (`github-api`), `file` (the source), content hash. */
  source: { format: string; file: string; sha256: string };
  /** Writes no import log row: the caller's import logs the file itself (a scanner file's tool-closed findings). */
  unlogged?: boolean;
}

export interface AlertFindingsOutcome {
  alerts: number;
  /** New findings. */
  inserted: number;
  /** Findings whose attributes or interval changed. */
  updated: number;
  unchanged: number;
  /** Of the alerts written, those open and those closed (fixed or dismissed). */
  open: number;
  closed: number;
}

const CHUNK = 500;

/**
 * Stores alerts of GitHub's alert APIs (Dependabot, code scanning, secret scanning) as findings
 * in one transaction. Unlike a scan snapshot, an alert says itself when it opened and when it
 * was fixed or dismissed, so its one open interval is `[toolOpenedAt, toolFixedAt)` and is
 * written as such rather than derived from sightings. The same alert keeps its fingerprint, so
 * syncing again updates it in place. The scans rows are partial snapshots without sightings:
 * they record coverage and never fix anything in the lifecycle of other imports.
 */
export async function saveAlertFindings(store: Store, write: AlertFindingsWrite): Promise<AlertFindingsOutcome> {
  return store.db.transaction().execute((trx) => writeAlertFindings(trx, write));
}

/** As `saveAlertFindings`, inside the caller's transaction (to commit a sync cursor with the data). */
export async function writeAlertFindings(trx: Kysely<DB>, write: AlertFindingsWrite): Promise<AlertFindingsOutcome> {
  const outcome: AlertFindingsOutcome = { alerts: write.alerts.length, inserted: 0, updated: 0, unchanged: 0, open: 0, closed: 0 };
  const streams = new Map<string, AlertStream>();
  const streamKey = (s: AlertStream) => JSON.stringify([s.serviceId, s.tool, s.category]);
  // Later alerts with the same fingerprint win, as a later answer would.
  const byStream = new Map<string, Map<string, AlertRecord>>();
  for (const a of write.alerts) {
    const key = streamKey({ serviceId: a.serviceId, tool: a.finding.tool, category: a.finding.category });
    if (!streams.has(key)) streams.set(key, { serviceId: a.serviceId, tool: a.finding.tool, category: a.finding.category });
    const list = byStream.get(key) ?? new Map<string, AlertRecord>();
    // Keyed by the fingerprint as stored (domain/text.ts), so that the lookup below finds it.
    list.set(storableText(a.finding.fingerprint), a);
    byStream.set(key, list);
  }
  for (const scan of write.scans) await upsertCoverageScan(trx, scan, scan.findings ?? byStream.get(streamKey(scan))?.size ?? 0, write);

  for (const [key, stream] of streams) {
    const alerts = byStream.get(key)!;
    const fingerprints = [...alerts.keys()];
    const existing = new Map<string, DB['findings'] & { id: number }>();
    for (let i = 0; i < fingerprints.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('findings')
        .selectAll()
        .where('service_id', '=', stream.serviceId)
        .where('tool', '=', stream.tool)
        .where('category', '=', stream.category)
        .where('fingerprint', 'in', fingerprints.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) existing.set(r.fingerprint, r as DB['findings'] & { id: number });
    }
    const ids = [...existing.values()].map((r) => r.id);
    const intervals = new Map<number, { seq: number; opened_at: number; fixed_at: number | null; last_seen_at: number }[]>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('intervals')
        .selectAll()
        .where('finding_id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) intervals.set(r.finding_id, [...(intervals.get(r.finding_id) ?? []), r]);
    }

    for (const [fingerprint, alert] of alerts) {
      const f = alert.finding;
      if (f.toolFixedAt === null) outcome.open++;
      else outcome.closed++;
      const values = findingValues(alert, write.syncedAt);
      const interval = { seq: 1, opened_at: f.toolOpenedAt, fixed_at: f.toolFixedAt, last_seen_at: f.toolFixedAt ?? write.syncedAt };
      const row = existing.get(fingerprint);
      if (!row) {
        const inserted = await trx.insertInto('findings').values(values).returning('id').executeTakeFirstOrThrow();
        await trx
          .insertInto('intervals')
          .values({ finding_id: inserted.id, ...interval })
          .execute();
        outcome.inserted++;
        continue;
      }
      const attributesChanged = ATTRIBUTE_COLUMNS.some((c) => (row[c] ?? null) !== (values[c] ?? null));
      const old = intervals.get(row.id) ?? [];
      const intervalChanged = old.length !== 1 || old[0]!.opened_at !== interval.opened_at || old[0]!.fixed_at !== interval.fixed_at;
      if (!attributesChanged && !intervalChanged) {
        outcome.unchanged++;
        continue;
      }
      await trx.updateTable('findings').set(values).where('id', '=', row.id).execute();
      if (intervalChanged) {
        await trx.deleteFrom('intervals').where('finding_id', '=', row.id).execute();
        await trx
          .insertInto('intervals')
          .values({ finding_id: row.id, ...interval })
          .execute();
      }
      outcome.updated++;
    }
  }
  if (write.unlogged !== true)
    await trx
      .insertInto('import_log')
      .values({
        kind: 'findings',
        format: write.source.format,
        file: write.source.file,
        sha256: write.source.sha256,
        imported_at: Date.now(),
        records: write.alerts.length,
      })
      .execute();
  return outcome;
}

/** The coverage row of one scan; the same stream and time again updates it. */
async function upsertCoverageScan(trx: Kysely<DB>, stream: CoverageScan, findings: number, write: AlertFindingsWrite): Promise<void> {
  const values = {
    partial: true,
    format: write.source.format,
    file: write.source.file,
    sha256: write.source.sha256,
    imported_at: Date.now(),
    finding_count: findings,
  };
  const found = await trx
    .selectFrom('scans')
    .select('id')
    .where('service_id', '=', stream.serviceId)
    .where('tool', '=', stream.tool)
    .where('category', '=', stream.category)
    .where('scanned_at', '=', stream.at)
    .executeTakeFirst();
  if (found) await trx.updateTable('scans').set(values).where('id', '=', found.id).execute();
  else
    await trx
      .insertInto('scans')
      .values({ service_id: stream.serviceId, tool: stream.tool, category: stream.category, scanned_at: stream.at, ...values })
      .execute();
}

const ATTRIBUTE_COLUMNS = [
  'severity',
  'title',
  'rule_id',
  'vulnerability_ids',
  'cwes',
  'file_path',
  'line_number',
  'component_name',
  'component_version',
  'fix_version',
  'fix_available_at',
  'description',
  'false_positive',
  'exploit_available',
  'secret_hash',
  'secret_preview',
] as const;

/**
 * A finding's description as stored: null where it is its title's text (a SARIF message short
 * enough to be the title whole, most of them), so that the same text is not parsed and stored
 * twice; `coalesce(description, title)` reads it back. Both in their stored form.
 */
export function storedDescription(title: string, description: string | null): string | null {
  return description === title ? null : description;
}

function findingValues(alert: AlertRecord, syncedAt: Millis): Insertable<DB['findings']> & Record<(typeof ATTRIBUTE_COLUMNS)[number], unknown> {
  const f = alert.finding;
  return {
    service_id: alert.serviceId,
    tool: f.tool,
    category: f.category,
    fingerprint: storableText(f.fingerprint),
    severity: f.severity,
    title: storableText(f.title),
    rule_id: storableTextOrNull(f.ruleId),
    vulnerability_ids: JSON.stringify(f.vulnerabilityIds),
    cwes: JSON.stringify(f.cwes),
    file_path: storableTextOrNull(f.file),
    line_number: f.line,
    component_name: storableTextOrNull(f.component.name),
    component_version: storableTextOrNull(f.component.version),
    fix_version: storableTextOrNull(f.fixVersion),
    fix_available_at: f.fixAvailableAt,
    description: storedDescription(storableText(f.title), storableTextOrNull(f.description)),
    false_positive: f.falsePositive,
    exploit_available: f.exploitAvailable,
    secret_hash: storableTextOrNull(f.secret?.hash),
    secret_preview: storableTextOrNull(f.secret?.preview),
    attributes_at: syncedAt,
  };
}
