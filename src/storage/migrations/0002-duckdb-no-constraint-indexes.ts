import { sql, type Kysely } from 'kysely';

/**
 * DuckDB only: `findings`, `sightings` and `intervals` without their PRIMARY KEY / UNIQUE
 * constraints and without the `intervals_opened` index. PostgreSQL keeps all of them.
 *
 * Why: DuckDB backs every PRIMARY KEY, UNIQUE and CREATE INDEX with an ART index, and an ART
 * index is held in memory, whole, for as long as the database is open (and is built in memory
 * by the transaction that inserts the rows). For the millions of rows of a large import, these
 * three tables' indexes were most of the process's memory (3.5 GB peak for a 1 GB SARIF). DuckDB
 * needs none of them to be fast: its joins are hash joins and its scans are pruned by min/max
 * zone maps, which also serve `intervals.opened_at` ranges.
 *
 * What guarantees uniqueness instead, on DuckDB: the write paths themselves, which never rely on
 * ON CONFLICT for these tables (write-snapshots.ts, alert-findings.ts):
 * - `findings.id` comes from the sequence `findings_id_seq` (the default kept here);
 * - (service_id, tool, category, fingerprint): a snapshot's findings are first reduced to one
 *   per fingerprint, and only those without a finding of that stream are inserted; alerts are
 *   reduced per stream and fingerprint, and inserted only where none is found;
 * - sightings (scan_id, finding_id): one per finding of that one snapshot, after the scan's
 *   old sightings are deleted;
 * - intervals (finding_id, seq): a new interval takes max(seq) + 1 and only where the finding
 *   has no open one; re-derived ones replace all of a finding's intervals.
 * The store contract suite (store.test.ts) checks these keys after every write on both
 * engines, and a DuckDB file is held by one process at a time, so no other writer can race.
 *
 * DuckDB cannot drop a constraint with ALTER TABLE: each table is rebuilt (create without the
 * constraint, copy, drop, rename), in the migration's one transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(await isDuckDb(db))) return;
  await rebuild(
    db,
    'findings',
    `id bigint not null default nextval('findings_id_seq'),
    service_id text not null,
    tool text not null,
    category text not null,
    fingerprint text not null,
    severity text not null,
    title text not null,
    rule_id text,
    vulnerability_ids text not null,
    cwes text not null,
    file_path text,
    line_number integer,
    component_name text,
    component_version text,
    fix_version text,
    fix_available_at bigint,
    description text,
    false_positive boolean not null,
    exploit_available boolean not null,
    secret_hash text,
    secret_preview text,
    attributes_at bigint not null`,
  );
  await rebuild(db, 'sightings', 'scan_id bigint not null, finding_id bigint not null');
  await rebuild(db, 'intervals', 'finding_id bigint not null, seq integer not null, opened_at bigint not null, fixed_at bigint, last_seen_at bigint not null');
}

async function rebuild(db: Kysely<any>, table: string, columns: string): Promise<void> {
  const next = `${table}_rebuilt`;
  await sql.raw(`create table ${next} (${columns})`).execute(db);
  await sql.raw(`insert into ${next} select * from ${table} order by 1`).execute(db);
  await sql.raw(`drop table ${table}`).execute(db);
  await sql.raw(`alter table ${next} rename to ${table}`).execute(db);
}

/** Both engines answer `version()`: PostgreSQL's names itself, DuckDB's is a bare version number. */
async function isDuckDb(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return !/postgres/i.test(String(rows[0]?.v ?? ''));
}
