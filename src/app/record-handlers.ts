import { toIso } from '../domain/time.js';
import { detectRecordKind } from '../importers/records/detect.js';
import { RECORD_KINDS } from '../importers/records/kinds.js';
import { isProwlerList, readProwlerControls } from '../importers/records/prowler-controls.js';
import { readRecords, type RecordLookup, type RecordsRead } from '../importers/records/read-records.js';
import type { ImportSource } from '../importers/types.js';
import { listedColumns, type RecordKind, type RecordKindId } from '../importers/records/record-kind.js';
import { listRows, upsertRows, type RecordTable } from '../storage/records.js';
import type { Store } from '../storage/store.js';
import type { InputHandler, InputImportContext } from './input-handler.js';

/** Where each record kind is stored. */
export const RECORD_TABLES = {
  incidents: 'incidents',
  'pipeline-runs': 'pipeline_runs',
  'pull-requests': 'pull_requests',
  'design-reviews': 'design_reviews',
  'threat-models': 'threat_models',
  alerts: 'alerts',
  'cloud-controls': 'cloud_controls',
  identity: 'identity_snapshots',
  logging: 'logging_records',
  iam: 'iam_records',
  surveys: 'surveys',
  costs: 'costs',
  'team-health': 'team_health',
  milestones: 'milestones',
  commits: 'commits',
} as const satisfies Record<RecordKindId, RecordTable>;

export type { RecordKindId };

export const RECORD_KIND_IDS = Object.keys(RECORD_KINDS) as RecordKindId[];

/**
 * The `secscore import` handler of one record kind: CSV or JSON lines, `--format <kind>`.
 * Cloud controls also read Prowler's JSON output, with `--format cloud-controls` (detection
 * leaves a Prowler file to the `prowler` scanner importer, which reads it as cspm findings).
 */
export function recordHandler(kind: RecordKind): InputHandler {
  const prowler = kind.kind === 'cloud-controls';
  const reader = (source: ImportSource, ctx: InputImportContext): Promise<RecordsRead> =>
    prowler && isProwlerList(source) ? readProwlerControls(source) : readRecords(source, kind, lookupOf(ctx));
  return {
    id: kind.kind,
    name: `${kind.name} (CSV or JSON lines${prowler ? '; Prowler JSON with --format cloud-controls' : ''})`,
    kind: kind.kind,
    detect: (input) => detectRecordKind(kind, input),
    async importFile(source, ctx) {
      const read = await reader(source, ctx);
      ctx.options.signal?.throwIfAborted();
      const table = RECORD_TABLES[kind.kind];
      const counts = await ctx.store.db.transaction().execute(async (trx) => {
        // The kind's key names columns of its table; RecordKind keeps them as plain strings.
        const stored = await upsertRows(trx, table, kind.key as never, read.rows);
        await trx
          .insertInto('import_log')
          .values({ kind: kind.kind, format: kind.kind, file: source.path, sha256: ctx.sha256, imported_at: Date.now(), records: read.rows.length })
          .execute();
        return stored;
      });
      return { file: source.path, format: kind.kind, kind: kind.kind, records: read.rows.length, ...counts, warnings: read.warnings };
    },
  };
}

/** Every record kind's handler, in the order of inputs.md §3. */
export const RECORD_HANDLERS: readonly InputHandler[] = Object.values(RECORD_KINDS).map(recordHandler);

function lookupOf(ctx: InputImportContext): RecordLookup {
  return {
    services: new Set(ctx.catalog.services.map((s) => s.id)),
    areas: new Set(ctx.catalog.areas.map((a) => a.name)),
    serviceOfRepo: (repo) => ctx.serviceKeys.get(`repo:${repo}`),
  };
}

export type ListedRecord = Record<string, string | number | boolean | null>;

/**
 * What is stored for a kind, in its listing order, under the names inputs.md gives the columns
 * (`service`, `from`, ...) plus the fields secscore derives (`service` of a pull request's
 * repository, a survey response's `seq`); times as ISO 8601 strings.
 */
export async function listRecords(store: Store, kindId: RecordKindId): Promise<ListedRecord[]> {
  const kind: RecordKind = RECORD_KINDS[kindId];
  const rows = await listRows(store.db, RECORD_TABLES[kindId], kind.order as never);
  const columns = listedColumns(kind);
  return rows.map((row) => {
    const out: ListedRecord = {};
    for (const c of columns) {
      const value = (row[c.column] ?? null) as string | number | boolean | null;
      out[c.name] = c.value?.type === 'timestamp' && typeof value === 'number' ? toIso(value) : value;
    }
    return out;
  });
}
