import type { Kysely } from 'kysely';
import type { ExceptionRecord } from '../../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../../domain/facts.js';
import type { OperationalRecords } from '../../domain/records.js';
import type { Catalog, Service } from '../../domain/service.js';
import { exceptionRow } from '../exceptions.js';
import type { DB } from '../schema.js';
import type { Store } from '../store.js';

/** Facts to put in a store directly, below the importers: what a KPI case describes. */
export interface SeedFacts {
  services: readonly Service[];
  intervals?: readonly IntervalFact[];
  scans?: readonly ScanFact[];
  exceptions?: readonly ExceptionRecord[];
  records?: Partial<OperationalRecords>;
  kev?: readonly string[];
  epss?: readonly { cve: string; epss: number }[];
  /** Kinds logged as imported; defaults to catalog and findings. */
  loaded?: readonly InputKind[];
}

const TABLES: (keyof DB)[] = [
  'sightings',
  'intervals',
  'findings',
  'scans',
  'exceptions',
  'incidents',
  'pipeline_runs',
  'pull_requests',
  'design_reviews',
  'threat_models',
  'alerts',
  'cloud_controls',
  'identity_snapshots',
  'logging_records',
  'iam_records',
  'surveys',
  'costs',
  'team_health',
  'milestones',
  'commits',
  'kev',
  'epss',
  'import_log',
  'service_keys',
  'services',
  'areas',
  'product_lines',
];

/** Deletes every row of every data table: one store serves many cases. */
export async function wipeStore(store: Store): Promise<void> {
  for (const t of TABLES) await (store.db as unknown as Kysely<any>).deleteFrom(t).execute();
}

export function catalogOf(services: readonly Service[]): Catalog {
  const lines = [...new Set(services.map((s) => s.line))].sort().map((name) => ({ name, owners: [] }));
  const areas = [...new Map(services.map((s) => [s.area, s.line])).entries()].sort().map(([name, line]) => ({ name, line, owners: [] }));
  return { lines, areas, services: [...services] };
}

async function insert(db: Kysely<any>, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Writes the facts as the importers would have left them, then logs their kinds as loaded. */
export async function seedFacts(store: Store, facts: SeedFacts): Promise<void> {
  await store.saveCatalog(catalogOf(facts.services), { kind: 'catalog', format: 'test', file: 'seed', sha256: 'seed-catalog' });
  const db = store.db as unknown as Kysely<any>;
  const byFinding = new Map<number, IntervalFact>();
  for (const i of facts.intervals ?? []) if (!byFinding.has(i.findingId)) byFinding.set(i.findingId, i);
  await insert(
    db,
    'findings',
    [...byFinding.values()].map((i) => ({
      id: i.findingId,
      service_id: i.serviceId,
      tool: i.tool,
      category: i.category,
      fingerprint: i.fingerprint,
      severity: i.severity,
      title: i.title,
      rule_id: i.ruleId,
      vulnerability_ids: JSON.stringify(i.vulnerabilityIds),
      cwes: JSON.stringify(i.cwes.map(String)),
      file_path: i.file,
      line_number: null,
      component_name: null,
      component_version: null,
      fix_version: i.fixVersion,
      fix_available_at: i.fixAvailableAt,
      description: null,
      false_positive: i.falsePositive,
      exploit_available: i.exploitAvailable,
      secret_hash: null,
      secret_preview: null,
      attributes_at: i.openedAt,
    })),
  );
  await insert(
    db,
    'intervals',
    (facts.intervals ?? []).map((i) => ({
      finding_id: i.findingId,
      seq: i.seq,
      opened_at: i.openedAt,
      fixed_at: i.fixedAt,
      last_seen_at: i.fixedAt ?? i.openedAt,
    })),
  );
  await insert(
    db,
    'scans',
    (facts.scans ?? []).map((s, n) => ({
      service_id: s.serviceId,
      tool: s.tool,
      category: s.category,
      scanned_at: s.scannedAt,
      partial: false,
      format: 'test',
      file: `scan-${n}`,
      sha256: `scan-${n}`,
      imported_at: 0,
      finding_count: 0,
    })),
  );
  await insert(
    db,
    'exceptions',
    (facts.exceptions ?? []).map((e) => exceptionRow(e, 'seed')),
  );
  const r = facts.records ?? {};
  await insert(
    db,
    'incidents',
    (r.incidents ?? []).map((x) => ({
      id: x.id,
      title: x.title,
      severity: x.severity,
      service_id: x.serviceId,
      started_at: x.startedAt,
      detected_at: x.detectedAt,
      contained_at: x.containedAt,
      resolved_at: x.resolvedAt,
      cause: x.cause,
      runbook: x.runbook,
    })),
  );
  await insert(
    db,
    'pipeline_runs',
    // Runs are read without their ids (PipelineRunRecord): numbered here in the order given.
    (r.pipelineRuns ?? []).map((x, i) => ({
      id: `run-${String(i).padStart(8, '0')}`,
      service_id: x.serviceId,
      repo: x.repo,
      pipeline: x.pipeline,
      template: x.template,
      started_at: x.startedAt,
      finished_at: x.finishedAt,
      release: x.release,
      security_stage: x.securityStage,
    })),
  );
  await insert(
    db,
    'pull_requests',
    (r.pullRequests ?? []).map((x) => ({
      repo: x.repo,
      number: x.number,
      service_id: x.serviceId,
      created_at: x.createdAt,
      merged_at: x.mergedAt,
      security_review_requested_at: x.securityReviewRequestedAt,
      first_security_review_at: x.firstSecurityReviewAt,
    })),
  );
  await insert(
    db,
    'design_reviews',
    (r.designReviews ?? []).map((x) => ({ id: x.id, service_id: x.serviceId, requested_at: x.requestedAt, completed_at: x.completedAt, outcome: x.outcome })),
  );
  await insert(
    db,
    'threat_models',
    (r.threatModels ?? []).map((x) => ({ service_id: x.serviceId, updated_at: x.updatedAt, link: x.link })),
  );
  await insert(
    db,
    'alerts',
    (r.alerts ?? []).map((x) => ({
      id: x.id,
      rule: x.rule,
      service_id: x.serviceId,
      fired_at: x.firedAt,
      dispositioned_at: x.dispositionedAt,
      disposition: x.disposition,
      runbook: x.runbook,
    })),
  );
  await insert(
    db,
    'cloud_controls',
    (r.cloudControls ?? []).map((x) => ({ account: x.account, control: x.control, status: x.status, checked_at: x.checkedAt })),
  );
  await insert(
    db,
    'identity_snapshots',
    (r.identity ?? []).map((x) => ({ snapshot_at: x.snapshotAt, account: x.account, privileged: x.privileged, mfa: x.mfa, sso: x.sso })),
  );
  await insert(
    db,
    'logging_records',
    (r.logging ?? []).map((x) => ({ service_id: x.serviceId, at: x.at, shipped: x.shipped, retained_days: x.retainedDays })),
  );
  await insert(
    db,
    'iam_records',
    (r.iam ?? []).map((x) => ({ service_id: x.serviceId, at: x.at, standard_roles: x.standardRoles })),
  );
  await insert(
    db,
    'surveys',
    (r.surveys ?? []).map((x, n) => ({ submitted_at: x.submittedAt, score: x.score, scale_min: x.scaleMin, scale_max: x.scaleMax, team: x.team, seq: n + 1 })),
  );
  await insert(
    db,
    'costs',
    (r.costs ?? []).map((x) => ({ tool: x.tool, annual_cost: x.annualCost, currency: x.currency, from_at: x.from, to_at: x.to })),
  );
  await insert(
    db,
    'team_health',
    (r.teamHealth ?? []).map((x) => ({
      month: x.month,
      team: x.team,
      headcount: x.headcount,
      leavers: x.leavers,
      oncall_pages: x.oncallPages,
      oncall_engineers: x.oncallEngineers,
    })),
  );
  await insert(
    db,
    'milestones',
    (r.milestones ?? []).map((x) => ({ id: x.id, title: x.title, area: x.area, due_at: x.dueAt, completed_at: x.completedAt })),
  );
  await insert(
    db,
    'commits',
    (r.commits ?? []).map((x) => ({ repo: x.repo, day: x.day, count: x.count })),
  );
  await insert(
    db,
    'kev',
    (facts.kev ?? []).map((cve) => ({ cve, added_at: null })),
  );
  await insert(
    db,
    'epss',
    (facts.epss ?? []).map((e) => ({ cve: e.cve, epss: e.epss, percentile: null })),
  );
  const kinds = (facts.loaded ?? ['catalog', 'findings']).filter((k) => k !== 'catalog');
  await insert(
    db,
    'import_log',
    kinds.map((k) => ({ kind: k === 'findings' ? 'scan' : k, format: 'test', file: `seed-${k}`, sha256: `seed-${k}`, imported_at: 0, records: 0 })),
  );
}
