import type { Generated } from 'kysely';

/**
 * The database schema as Kysely sees it. Times are epoch milliseconds (UTC) in BIGINT columns
 * on both engines, so that the same query returns the same numbers on DuckDB and PostgreSQL.
 * Lists are JSON text.
 */
export interface DB {
  meta: { key: string; value: string };
  import_log: {
    id: Generated<number>;
    kind: string;
    format: string;
    file: string;
    sha256: string;
    imported_at: number;
    records: number;
  };
  product_lines: { name: string; owners: string };
  areas: { name: string; product_line: string; owners: string };
  services: {
    id: string;
    name: string;
    area: string;
    product_line: string;
    tier: number;
    internet_exposed: boolean;
    owners: string;
    repos: string;
    images: string;
    cloud_accounts: string;
    tags: string;
  };
  service_keys: { kind: string; key: string; service_id: string };
  scans: {
    id: Generated<number>;
    service_id: string;
    tool: string;
    category: string;
    scanned_at: number;
    partial: boolean;
    format: string;
    file: string;
    sha256: string;
    imported_at: number;
    finding_count: number;
  };
  findings: {
    id: Generated<number>;
    service_id: string;
    tool: string;
    category: string;
    fingerprint: string;
    severity: string;
    title: string;
    rule_id: string | null;
    vulnerability_ids: string;
    cwes: string;
    file_path: string | null;
    line_number: number | null;
    component_name: string | null;
    component_version: string | null;
    fix_version: string | null;
    fix_available_at: number | null;
    /** The finding's longer text; null where there is none or where it is the title's text (alert-findings.ts, storedDescription): `coalesce(description, title)`. */
    description: string | null;
    false_positive: boolean;
    exploit_available: boolean;
    secret_hash: string | null;
    secret_preview: string | null;
    /** When the attributes above were written: the scan time of the snapshot they were taken from (later snapshots that sight the finding unchanged leave it; see attributesOlderThan), or an alert's sync time. */
    attributes_at: number;
  };
  sightings: { scan_id: number; finding_id: number };
  intervals: { finding_id: number; seq: number; opened_at: number; fixed_at: number | null; last_seen_at: number };
  exceptions: {
    id: string;
    scope_fingerprint: string | null;
    scope_service: string | null;
    scope_rule: string | null;
    scope_cve: string | null;
    reason: string | null;
    owner: string | null;
    approver: string | null;
    starts_at: number;
    expires_at: number | null;
    backlog: string | null;
    compensating_controls: string | null;
    status: string;
    source_file: string;
  };
  // Operational records (inputs.md §3). Keyed by their id or natural key so re-imports update.
  incidents: {
    id: string;
    title: string | null;
    severity: string;
    service_id: string | null;
    started_at: number | null;
    detected_at: number | null;
    contained_at: number | null;
    resolved_at: number | null;
    cause: string | null;
    runbook: string | null;
  };
  pipeline_runs: {
    id: string;
    service_id: string | null;
    repo: string | null;
    pipeline: string | null;
    template: string | null;
    started_at: number;
    finished_at: number | null;
    release: boolean;
    security_stage: string;
  };
  pull_requests: {
    repo: string;
    number: number;
    service_id: string | null;
    created_at: number | null;
    merged_at: number | null;
    security_review_requested_at: number | null;
    first_security_review_at: number | null;
  };
  design_reviews: {
    id: string;
    service_id: string | null;
    requested_at: number | null;
    completed_at: number | null;
    outcome: string | null;
  };
  threat_models: { service_id: string; updated_at: number; link: string | null };
  alerts: {
    id: string;
    rule: string | null;
    service_id: string | null;
    fired_at: number | null;
    dispositioned_at: number | null;
    disposition: string | null;
    runbook: string | null;
  };
  cloud_controls: { account: string; control: string; status: string; checked_at: number };
  identity_snapshots: { snapshot_at: number; account: string; privileged: boolean; mfa: boolean; sso: boolean };
  logging_records: { service_id: string; at: number; shipped: boolean; retained_days: number | null };
  iam_records: { service_id: string; at: number; standard_roles: boolean };
  surveys: { submitted_at: number; score: number; scale_min: number; scale_max: number; team: string | null; seq: number };
  costs: { tool: string; annual_cost: number; currency: string; from_at: number; to_at: number };
  team_health: {
    month: string;
    team: string;
    headcount: number;
    leavers: number;
    oncall_pages: number | null;
    oncall_engineers: number | null;
  };
  milestones: { id: string; title: string | null; area: string | null; due_at: number; completed_at: number | null };
  commits: { repo: string; day: string; count: number };
  kev: { cve: string; added_at: number | null };
  epss: { cve: string; epss: number; percentile: number | null };
  sync_state: { source: string; key: string; cursor: string; updated_at: number };
}
