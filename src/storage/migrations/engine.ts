import { sql, type Kysely } from 'kysely';

/** Whether a migration runs on PostgreSQL: its `version()` names itself, DuckDB's is a bare version number. */
export async function onPostgres(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return /postgres/i.test(String(rows[0]?.v ?? ''));
}
