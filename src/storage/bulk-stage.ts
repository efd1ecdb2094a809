import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Bulk loading of the staging table, the one write that differs by engine. A file's findings
 * are staged in batches (`import_stage`: group, order, fingerprint, and the other attributes as
 * one JSON array text), inside the file's transaction, before the lifecycle is derived in SQL.
 *
 * Why a branch at all: on DuckDB, parameterised INSERTs cost a prepare and a bind per value
 * (minutes for millions of rows) while the Appender writes straight into the table's vectors;
 * on PostgreSQL, one INSERT … SELECT FROM unnest() of four array parameters loads a batch in
 * one round trip. Both put the attributes in one JSON text column so that a row is four
 * values, not twenty (the Appender's cost is per value).
 */
export interface StageRows {
  grp: number[];
  ord: number[];
  fingerprint: string[];
  attrs: string[];
}

export interface Stager {
  /** Appends rows to `import_stage` inside the transaction `trx` is running. */
  append(trx: Kysely<any>, rows: StageRows): Promise<void>;
  /** The SQL that turns `import_stage.attrs`-like JSON array text into a 1-based array of text. */
  attrsArray(column: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Runs `create` (the temporary tables) where the connection may lack them: once on DuckDB's one connection, every time on PostgreSQL's pool. */
  ensureTables(create: () => Promise<void>): Promise<void>;
  /** A transaction failed: tables it created are gone with it. */
  rolledBack(): void;
}

/**
 * DuckDB: the Appender on the store's one connection. The caller is inside the transaction that
 * holds that connection (the dialect hands it to one user at a time), so the appended rows are
 * part of that transaction and go away with a rollback.
 */
export function duckDbStager(connection: () => DuckDBConnection): Stager {
  let created: DuckDBConnection | null = null;
  return {
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
      const appender = await connection().createAppender('import_stage', 'main', 'temp');
      try {
        for (let i = 0; i < rows.grp.length; i++) {
          appender.appendInteger(rows.grp[i]!);
          appender.appendInteger(rows.ord[i]!);
          appender.appendVarchar(rows.fingerprint[i]!);
          appender.appendVarchar(rows.attrs[i]!);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    attrsArray: (column) => sql`from_json(${column}, '["VARCHAR"]')`,
  };
}

export const postgresStager: Stager = {
  ensureTables: (create) => create(),
  rolledBack() {},
  async append(trx, rows) {
    await sql`insert into import_stage (grp, ord, fingerprint, attrs)
      select * from unnest(${rows.grp}::integer[], ${rows.ord}::integer[], ${rows.fingerprint}::text[], ${rows.attrs}::text[])`.execute(trx);
  },
  attrsArray: (column) => sql`array(select e from json_array_elements_text(${column}::json) with ordinality as x(e, n) order by n)`,
};
