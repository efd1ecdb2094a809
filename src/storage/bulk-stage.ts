import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely } from 'kysely';

/**
 * Bulk loading of the staging table, the one write that differs by engine. A file's findings
 * are staged in batches (`import_stage`: group, order, fingerprint and the finding's attributes,
 * one typed column each), inside the file's transaction, before the lifecycle is derived in SQL.
 *
 * Why a branch at all: on DuckDB, parameterised INSERTs cost a prepare and a bind per value
 * (minutes for millions of rows) while the Appender writes straight into the table's vectors;
 * on PostgreSQL, one INSERT … SELECT FROM unnest() of one array parameter per column loads a
 * batch in one round trip. The columns are typed on both, so that nothing is parsed again in
 * SQL (an earlier JSON text of the attributes cost more in `from_json` than the Appender saved).
 *
 * Where the staged rows live: on PostgreSQL in temporary tables (per session, and a pool has
 * several); on DuckDB in ordinary tables of the database file, emptied before the transaction
 * commits, because DuckDB keeps temporary tables in memory whole while an ordinary table's
 * blocks can be written out and evicted under the memory limit (open-database.ts): a 1 GB file
 * staged in a temporary table was most of the import's memory.
 */
export const STAGE_COLUMNS = [
  ['grp', 'integer'],
  ['ord', 'integer'],
  ['fingerprint', 'text'],
  ['severity', 'text'],
  ['title', 'text'],
  ['rule_id', 'text'],
  ['vulnerability_ids', 'text'],
  ['cwes', 'text'],
  ['file_path', 'text'],
  ['line_number', 'integer'],
  ['component_name', 'text'],
  ['component_version', 'text'],
  ['fix_version', 'text'],
  ['fix_available_at', 'bigint'],
  ['description', 'text'],
  ['false_positive', 'boolean'],
  ['exploit_available', 'boolean'],
  ['secret_hash', 'text'],
  ['secret_preview', 'text'],
] as const;

export type StageColumn = (typeof STAGE_COLUMNS)[number][0];
type SqlType = (typeof STAGE_COLUMNS)[number][1];
type JsOf<T extends SqlType> = T extends 'integer' | 'bigint' ? number : T extends 'boolean' ? boolean : string;

/** A batch of staged rows, column by column (the NOT NULL ones never hold null). */
export type StageRows = { [K in (typeof STAGE_COLUMNS)[number] as K[0]]: (JsOf<K[1]> | null)[] };

export function emptyStageRows(): StageRows {
  return Object.fromEntries(STAGE_COLUMNS.map(([c]) => [c, []])) as unknown as StageRows;
}

export interface Stager {
  /** `create temporary table` or `create table`: where the staging tables live (see above). */
  readonly createTable: string;
  /** The staging tables must be emptied before commit (they are ordinary tables). */
  readonly persistent: boolean;
  /** Appends rows to `import_stage` inside the transaction `trx` is running. */
  append(trx: Kysely<any>, rows: StageRows): Promise<void>;
  /** Runs `create` (the staging tables) where the connection may lack them: once on DuckDB's one connection, every time on PostgreSQL's pool. */
  ensureTables(create: () => Promise<void>): Promise<void>;
  /** A transaction failed: tables it created are gone with it. */
  rolledBack(): void;
}

const text = (a: DuckDBAppender, v: string | null): void => (v === null ? a.appendNull() : a.appendVarchar(v));
const int = (a: DuckDBAppender, v: number | null): void => (v === null ? a.appendNull() : a.appendInteger(v));

/**
 * DuckDB: the Appender on the store's one connection. The caller is inside the transaction that
 * holds that connection (the dialect hands it to one user at a time), so the appended rows are
 * part of that transaction and go away with a rollback.
 */
export function duckDbStager(connection: () => DuckDBConnection): Stager {
  let created: DuckDBConnection | null = null;
  return {
    createTable: 'create table',
    persistent: true,
    async ensureTables(create) {
      const current = connection();
      if (created === current) return;
      await create();
      created = current;
    },
    rolledBack() {
      created = null;
    },
    async append(_trx, rows) {
      const appender = await connection().createAppender('import_stage', 'main');
      try {
        const r = rows;
        // Written out column by column, in STAGE_COLUMNS order: this loop runs once per finding.
        for (let i = 0; i < r.grp.length; i++) {
          appender.appendInteger(r.grp[i]!);
          appender.appendInteger(r.ord[i]!);
          appender.appendVarchar(r.fingerprint[i]!);
          appender.appendVarchar(r.severity[i]!);
          appender.appendVarchar(r.title[i]!);
          text(appender, r.rule_id[i]!);
          appender.appendVarchar(r.vulnerability_ids[i]!);
          appender.appendVarchar(r.cwes[i]!);
          text(appender, r.file_path[i]!);
          int(appender, r.line_number[i]!);
          text(appender, r.component_name[i]!);
          text(appender, r.component_version[i]!);
          text(appender, r.fix_version[i]!);
          const fixAt = r.fix_available_at[i]!;
          if (fixAt === null) appender.appendNull();
          else appender.appendBigInt(BigInt(fixAt));
          text(appender, r.description[i]!);
          appender.appendBoolean(r.false_positive[i]!);
          appender.appendBoolean(r.exploit_available[i]!);
          text(appender, r.secret_hash[i]!);
          text(appender, r.secret_preview[i]!);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
  };
}

export const postgresStager: Stager = {
  createTable: 'create temporary table',
  persistent: false,
  ensureTables: (create) => create(),
  rolledBack() {},
  async append(trx, rows) {
    const arrays = STAGE_COLUMNS.map(([c, type]) => sql`${rows[c]}::${sql.raw(type)}[]`);
    await sql`insert into import_stage (${sql.raw(STAGE_COLUMNS.map(([c]) => c).join(', '))})
      select * from unnest(${sql.join(arrays)})`.execute(trx);
  },
};
