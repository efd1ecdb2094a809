import { sql, type Kysely } from 'kysely';
import type { CoverableFinding, ExceptionRecord } from '../domain/exception.js';
import type { Millis } from '../domain/time.js';
import { upsertRows, type UpsertCounts } from './records.js';
import type { DB } from './schema.js';
import type { FileRecord } from './store.js';

const CHUNK = 500;

/**
 * Stores the exceptions of one file in one transaction, keyed by id: re-importing a file (or
 * another file naming the same id) updates the exception. Exceptions are never deleted by an
 * import: one is ended by revoking it or letting it expire, which keeps its history visible.
 */
export async function saveExceptions(db: Kysely<DB>, exceptions: readonly ExceptionRecord[], record: FileRecord): Promise<UpsertCounts> {
  return db.transaction().execute(async (trx) => {
    const counts = await upsertRows(
      trx,
      'exceptions',
      ['id'],
      exceptions.map((e) => exceptionRow(e, record.file)),
    );
    await trx
      .insertInto('import_log')
      .values({ kind: record.kind, format: record.format, file: record.file, sha256: record.sha256, imported_at: Date.now(), records: exceptions.length })
      .execute();
    return counts;
  });
}

/** The stored row of an exception record. */
export function exceptionRow(e: ExceptionRecord, file: string): DB['exceptions'] {
  return {
    id: e.id,
    scope_fingerprint: e.scope.fingerprint ?? null,
    scope_service: e.scope.service ?? null,
    scope_rule: e.scope.rule ?? null,
    scope_cve: e.scope.cve ?? null,
    reason: e.reason,
    owner: e.owner,
    approver: e.approver,
    starts_at: e.startsAt,
    expires_at: e.expiresAt,
    backlog: e.backlog,
    compensating_controls: e.compensatingControls,
    status: e.status,
    source_file: file,
  };
}

/** The file each exception was last imported from, by id. */
export async function exceptionSources(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('exceptions').select(['id', 'source_file']).execute();
  return new Map(rows.map((r) => [r.id, r.source_file]));
}

/** A stored finding an exception scope may name, and whether it is open at the time asked. */
export interface ScopedFinding extends CoverableFinding {
  falsePositive: boolean;
  /** An open interval holds the time asked: opened at or before it, not fixed by then. */
  open: boolean;
}

/**
 * The stored findings the scopes could cover: those with a scoped fingerprint, or of a scoped
 * service. Whether a scope covers one is decided by `exceptionCovers` (domain/exception.ts);
 * this only narrows what is read.
 */
export async function findingsInScopes(db: Kysely<DB>, scopes: readonly ExceptionRecord['scope'][], at: Millis): Promise<ScopedFinding[]> {
  const fingerprints = [...new Set(scopes.flatMap((s) => (s.fingerprint !== undefined ? [s.fingerprint] : [])))];
  const services = [...new Set(scopes.flatMap((s) => (s.fingerprint === undefined && s.service !== undefined ? [s.service] : [])))];
  const out = new Map<number, ScopedFinding>();
  const read = async (column: 'fingerprint' | 'service_id', values: string[]) => {
    for (let i = 0; i < values.length; i += CHUNK) {
      const rows = await db
        .selectFrom('findings as f')
        .select((eb) => [
          'f.id',
          'f.fingerprint',
          'f.service_id',
          'f.rule_id',
          'f.vulnerability_ids',
          'f.false_positive',
          eb
            .exists(
              eb
                .selectFrom('intervals as i')
                .select(sql<number>`1`.as('one'))
                .whereRef('i.finding_id', '=', 'f.id')
                .where('i.opened_at', '<=', at)
                .where((w) => w.or([w('i.fixed_at', 'is', null), w('i.fixed_at', '>', at)])),
            )
            .as('open_now'),
        ])
        .where(`f.${column}`, 'in', values.slice(i, i + CHUNK))
        .orderBy('f.id')
        .execute();
      for (const r of rows) {
        out.set(r.id, {
          fingerprint: r.fingerprint,
          serviceId: r.service_id,
          ruleId: r.rule_id,
          vulnerabilityIds: (JSON.parse(r.vulnerability_ids) as unknown[]).map(String),
          falsePositive: r.false_positive,
          open: Boolean(r.open_now),
        });
      }
    }
  };
  await read('fingerprint', fingerprints);
  await read('service_id', services);
  return [...out.values()];
}
