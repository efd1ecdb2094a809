import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine.js';

/**
 * PostgreSQL only: `intervals` pages are filled to half when written (fillfactor 50), so that
 * the daily import's update of every open interval (`last_seen_at`, write-snapshots.ts
 * appendLatest) finds room on the row's own page: a heap-only (HOT) update, without a new entry
 * in either of the table's indexes. Full pages made each of those updates a new row version
 * elsewhere and two index entries: the next day's 200 MB SARIF (356,000 open intervals) took
 * 14.5 s to import with full pages, 13.4 s at fillfactor 70 (43% of the updates HOT) and 11.4 s
 * at 50 (all of them), and the table with its indexes came out smaller (58 MB against 68 MB),
 * its indexes no longer growing with each day's updates. Pages written before this migration
 * keep their fill until the table is rewritten (VACUUM FULL). DuckDB stores its tables by
 * column and has no such setting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(await onPostgres(db))) return;
  await sql`alter table intervals set (fillfactor = 50)`.execute(db);
}
