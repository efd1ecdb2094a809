import { sql, type Kysely } from 'kysely';

/**
 * The full model of the spec: catalog, scans, findings with their open intervals, exceptions,
 * and the operational records of inputs.md §3. Written with types both engines accept:
 * bigint, integer, float8, boolean, text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await sql`create sequence import_log_id_seq`.execute(db);
  await s
    .createTable('import_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().defaultTo(sql`nextval('import_log_id_seq')`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .execute();

  await s
    .createTable('product_lines')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owners', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('areas')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('product_line', 'text', (c) => c.notNull())
    .addColumn('owners', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('product_line', 'text', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('internet_exposed', 'boolean', (c) => c.notNull())
    .addColumn('owners', 'text', (c) => c.notNull())
    .addColumn('repos', 'text', (c) => c.notNull())
    .addColumn('images', 'text', (c) => c.notNull())
    .addColumn('cloud_accounts', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('service_keys')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_keys_pk', ['kind', 'key'])
    .execute();

  await sql`create sequence scans_id_seq`.execute(db);
  await s
    .createTable('scans')
    .addColumn('id', 'bigint', (c) => c.primaryKey().defaultTo(sql`nextval('scans_id_seq')`))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'bigint', (c) => c.notNull())
    .addColumn('partial', 'boolean', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('finding_count', 'integer', (c) => c.notNull())
    .addUniqueConstraint('scans_stream_time', ['service_id', 'tool', 'category', 'scanned_at'])
    .execute();
  await s.createIndex('scans_time').on('scans').column('scanned_at').execute();

  await sql`create sequence findings_id_seq`.execute(db);
  await s
    .createTable('findings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().defaultTo(sql`nextval('findings_id_seq')`))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('vulnerability_ids', 'text', (c) => c.notNull())
    .addColumn('cwes', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text')
    .addColumn('line_number', 'integer')
    .addColumn('component_name', 'text')
    .addColumn('component_version', 'text')
    .addColumn('fix_version', 'text')
    .addColumn('fix_available_at', 'bigint')
    .addColumn('description', 'text')
    .addColumn('false_positive', 'boolean', (c) => c.notNull())
    .addColumn('exploit_available', 'boolean', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('secret_preview', 'text')
    .addColumn('attributes_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('findings_stream_fingerprint', ['service_id', 'tool', 'category', 'fingerprint'])
    .execute();

  await s
    .createTable('sightings')
    .addColumn('scan_id', 'bigint', (c) => c.notNull())
    .addColumn('finding_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sightings_pk', ['scan_id', 'finding_id'])
    .execute();
  await s
    .createTable('intervals')
    .addColumn('finding_id', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('fixed_at', 'bigint')
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('intervals_pk', ['finding_id', 'seq'])
    .execute();
  await s.createIndex('intervals_opened').on('intervals').column('opened_at').execute();

  await s
    .createTable('exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope_fingerprint', 'text')
    .addColumn('scope_service', 'text')
    .addColumn('scope_rule', 'text')
    .addColumn('scope_cve', 'text')
    .addColumn('reason', 'text')
    .addColumn('owner', 'text')
    .addColumn('approver', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('backlog', 'text')
    .addColumn('compensating_controls', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('detected_at', 'bigint')
    .addColumn('contained_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('cause', 'text')
    .addColumn('runbook', 'text')
    .execute();
  await s
    .createTable('pipeline_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text')
    .addColumn('repo', 'text')
    .addColumn('pipeline', 'text')
    .addColumn('template', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('release', 'boolean', (c) => c.notNull())
    .addColumn('security_stage', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('pull_requests')
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('created_at', 'bigint')
    .addColumn('merged_at', 'bigint')
    .addColumn('security_review_requested_at', 'bigint')
    .addColumn('first_security_review_at', 'bigint')
    .addPrimaryKeyConstraint('pull_requests_pk', ['repo', 'number'])
    .execute();
  await s
    .createTable('design_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text')
    .addColumn('requested_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('outcome', 'text')
    .execute();
  await s
    .createTable('threat_models')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('link', 'text')
    .addPrimaryKeyConstraint('threat_models_pk', ['service_id', 'updated_at'])
    .execute();
  await s
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text')
    .addColumn('service_id', 'text')
    .addColumn('fired_at', 'bigint')
    .addColumn('dispositioned_at', 'bigint')
    .addColumn('disposition', 'text')
    .addColumn('runbook', 'text')
    .execute();
  await s
    .createTable('cloud_controls')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('control', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cloud_controls_pk', ['account', 'control', 'checked_at'])
    .execute();
  await s
    .createTable('identity_snapshots')
    .addColumn('snapshot_at', 'bigint', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('privileged', 'boolean', (c) => c.notNull())
    .addColumn('mfa', 'boolean', (c) => c.notNull())
    .addColumn('sso', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_snapshots_pk', ['snapshot_at', 'account'])
    .execute();
  await s
    .createTable('logging_records')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('shipped', 'boolean', (c) => c.notNull())
    .addColumn('retained_days', 'integer')
    .addPrimaryKeyConstraint('logging_records_pk', ['service_id', 'at'])
    .execute();
  await s
    .createTable('iam_records')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('standard_roles', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_records_pk', ['service_id', 'at'])
    .execute();
  await s
    .createTable('surveys')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('score', 'float8', (c) => c.notNull())
    .addColumn('scale_min', 'float8', (c) => c.notNull())
    .addColumn('scale_max', 'float8', (c) => c.notNull())
    .addColumn('team', 'text')
    .addPrimaryKeyConstraint('surveys_pk', ['submitted_at', 'seq'])
    .execute();
  await s
    .createTable('costs')
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('annual_cost', 'float8', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    .addColumn('to_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('costs_pk', ['tool', 'from_at'])
    .execute();
  await s
    .createTable('team_health')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('leavers', 'integer', (c) => c.notNull())
    .addColumn('oncall_pages', 'integer')
    .addColumn('oncall_engineers', 'integer')
    .addPrimaryKeyConstraint('team_health_pk', ['month', 'team'])
    .execute();
  await s
    .createTable('milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('area', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await s
    .createTable('commits')
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('commits_pk', ['repo', 'day'])
    .execute();
  await s
    .createTable('kev')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('added_at', 'bigint')
    .execute();
  await s
    .createTable('epss')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('epss', 'float8', (c) => c.notNull())
    .addColumn('percentile', 'float8')
    .execute();
  await s
    .createTable('sync_state')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_state_pk', ['source', 'key'])
    .execute();
}
