import type { InputKind } from '../domain/facts.js';
import type { Policy } from '../domain/policy.js';
import type { Service } from '../domain/service.js';
import type { Category } from '../domain/severity.js';
import { DAY_MS, parseTimestamp, toIso, type Millis } from '../domain/time.js';
import type { DB } from '../storage/schema.js';
import { importSummary, latestScans, latestValues, rowCounts, scanSummary, servicesWithRows } from '../storage/status.js';
import type { Store } from '../storage/store.js';
import { syncStates } from '../storage/sync-state.js';

/**
 * `secscore status`: what has been loaded, how fresh it is, and where the holes are — the first
 * thing to check when a figure looks wrong. "Never loaded" (nothing was ever imported of a
 * kind: its KPIs say no data) reads differently from "loaded, empty" (imported, and nothing in
 * it: a count KPI is 0).
 */

export type KindStatus = 'loaded' | 'loaded, empty' | 'never loaded';

export interface KindReport {
  kind: InputKind;
  status: KindStatus;
  /** Rows stored now (findings: findings; exploitability: KEV and EPSS entries). */
  records: number;
  /** What brought them in: a format or a connector, with its files (or repositories) and imports. */
  sources: { format: string; files: number; imports: number; lastImportedAt: string }[];
  lastImportedAt: string | null;
  /** The latest time any record states (findings: the latest scan), and how long ago that is. */
  latestRecordAt: string | null;
  ageDays: number | null;
}

export interface ScanCategoryReport {
  category: string;
  services: number;
  scans: number;
  tools: string[];
  latestScanAt: string;
  ageDays: number;
}

export interface ServiceGap {
  service: string;
  area: string;
  tier: number;
  /** No repository in the catalog: outside scanning coverage, and no pull requests to expect. */
  noRepository: boolean;
  /** Required categories without a scan in the window: never scanned, or only before it. */
  scans: { category: Category; state: 'never' | 'stale'; latestScanAt: string | null; ageDays: number | null }[];
  /** Per-service record kinds that were loaded but hold nothing for this service. */
  records: InputKind[];
}

export interface DataStatus {
  now: string;
  kinds: KindReport[];
  scans: ScanCategoryReport[];
  connectors: { source: string; repos: number; lastSyncAt: string }[];
  gaps: {
    windowDays: number;
    /** Per-service kinds never loaded at all: every service lacks them, so they are named once. */
    neverLoaded: InputKind[];
    services: ServiceGap[];
  };
}

/** Where each kind is stored, and which of its columns say when a record happened (kpis.md, event times). */
const KINDS: readonly { kind: InputKind; tables: (keyof DB & string)[]; times: string[] }[] = [
  { kind: 'catalog', tables: ['services'], times: [] },
  { kind: 'findings', tables: ['findings'], times: [] },
  { kind: 'exceptions', tables: ['exceptions'], times: ['starts_at'] },
  { kind: 'exploitability', tables: ['kev', 'epss'], times: ['added_at'] },
  { kind: 'incidents', tables: ['incidents'], times: ['started_at', 'detected_at', 'contained_at', 'resolved_at'] },
  { kind: 'pipeline-runs', tables: ['pipeline_runs'], times: ['started_at', 'finished_at'] },
  { kind: 'pull-requests', tables: ['pull_requests'], times: ['created_at', 'merged_at', 'security_review_requested_at', 'first_security_review_at'] },
  { kind: 'design-reviews', tables: ['design_reviews'], times: ['requested_at', 'completed_at'] },
  { kind: 'threat-models', tables: ['threat_models'], times: ['updated_at'] },
  { kind: 'alerts', tables: ['alerts'], times: ['fired_at', 'dispositioned_at'] },
  { kind: 'cloud-controls', tables: ['cloud_controls'], times: ['checked_at'] },
  { kind: 'identity', tables: ['identity_snapshots'], times: ['snapshot_at'] },
  { kind: 'logging', tables: ['logging_records'], times: ['at'] },
  { kind: 'iam', tables: ['iam_records'], times: ['at'] },
  { kind: 'surveys', tables: ['surveys'], times: ['submitted_at'] },
  { kind: 'costs', tables: ['costs'], times: ['from_at'] },
  { kind: 'team-health', tables: ['team_health'], times: ['month'] },
  { kind: 'milestones', tables: ['milestones'], times: ['completed_at'] },
  { kind: 'commits', tables: ['commits'], times: ['day'] },
];

/**
 * Record kinds kept per service, and the services a KPI expects them of: release gates,
 * threat models and logging are asked of tier 0 and 1 (kpis.md), pull requests of services
 * with a repository, IAM records of every service.
 */
const PER_SERVICE: readonly { kind: InputKind; table: keyof DB & string; expected: (s: Service) => boolean }[] = [
  { kind: 'pipeline-runs', table: 'pipeline_runs', expected: (s) => s.tier <= 1 },
  { kind: 'pull-requests', table: 'pull_requests', expected: (s) => s.repos.length > 0 },
  { kind: 'threat-models', table: 'threat_models', expected: (s) => s.tier <= 1 },
  { kind: 'logging', table: 'logging_records', expected: (s) => s.tier <= 1 },
  { kind: 'iam', table: 'iam_records', expected: () => true },
];

export async function dataStatus(store: Store, policy: Policy, now: Millis): Promise<DataStatus> {
  const db = store.db;
  const [catalog, loaded, imports, scans, latest, counts, states] = await Promise.all([
    store.catalog(),
    store.loadedKinds(),
    importSummary(db),
    scanSummary(db),
    latestScans(db),
    rowCounts(db, [...new Set(KINDS.flatMap((k) => k.tables))]),
    syncStates(db),
  ]);
  const age = (t: Millis) => Math.round(((now - t) / DAY_MS) * 10) / 10;
  const latestScanAt = scans.reduce<Millis | null>((m, s) => (m === null || s.latestScanAt > m ? s.latestScanAt : m), null);

  const kinds: KindReport[] = [];
  for (const k of KINDS) {
    const sources = imports
      .filter((i) => (i.kind === 'scan' ? 'findings' : i.kind) === k.kind)
      .map((i) => ({ format: i.format, files: i.files, imports: i.imports, lastImportedAt: toIso(i.lastImportedAt) }));
    const records = k.tables.reduce((n, t) => n + (counts.get(t) ?? 0), 0);
    const times = k.kind === 'findings' ? [latestScanAt] : (await latestValues(db, k.tables[0]!, k.times)).map(timeOf);
    const latestTime = times.reduce<Millis | null>((m, t) => (t === null ? m : m === null || t > m ? t : m), null);
    const lastImport = sources.reduce<string | null>((m, s) => (m === null || s.lastImportedAt > m ? s.lastImportedAt : m), null);
    kinds.push({
      kind: k.kind,
      status: !loaded.has(k.kind) ? 'never loaded' : records === 0 ? 'loaded, empty' : 'loaded',
      records,
      sources,
      lastImportedAt: lastImport,
      latestRecordAt: latestTime === null ? null : toIso(latestTime),
      ageDays: latestTime === null ? null : age(latestTime),
    });
  }

  const repos = new Map<string, { repos: Set<string>; last: Millis }>();
  for (const s of states) {
    const entry = repos.get(s.source) ?? { repos: new Set<string>(), last: 0 };
    entry.repos.add(s.key.split('#')[0]!);
    entry.last = Math.max(entry.last, s.updatedAt);
    repos.set(s.source, entry);
  }

  return {
    now: toIso(now),
    kinds,
    scans: scans.map((s) => ({
      category: s.category,
      services: s.services,
      scans: s.scans,
      tools: s.tools,
      latestScanAt: toIso(s.latestScanAt),
      ageDays: age(s.latestScanAt),
    })),
    connectors: [...repos].map(([source, e]) => ({ source, repos: e.repos.size, lastSyncAt: toIso(e.last) })),
    gaps: await gaps(store, catalog.services, policy, now, loaded, latest, age),
  };
}

async function gaps(
  store: Store,
  services: readonly Service[],
  policy: Policy,
  now: Millis,
  loaded: ReadonlySet<InputKind>,
  latest: readonly { serviceId: string; category: string; latestScanAt: Millis }[],
  age: (t: Millis) => number,
): Promise<DataStatus['gaps']> {
  const windowStart = now - policy.coverageWindowDays * DAY_MS;
  // The latest scan of each (service, category), a scan also counting for its equivalents (container → sca).
  const scanned = new Map<string, Millis>();
  const note = (service: string, category: string, at: Millis) => {
    const key = `${service}\u0000${category}`;
    if ((scanned.get(key) ?? -Infinity) < at) scanned.set(key, at);
  };
  for (const l of latest) {
    note(l.serviceId, l.category, l.latestScanAt);
    for (const c of policy.coverageEquivalents[l.category as Category] ?? []) note(l.serviceId, c, l.latestScanAt);
  }
  const perService = PER_SERVICE.filter((p) => loaded.has(p.kind));
  const present = new Map(await Promise.all(perService.map(async (p) => [p.kind, await servicesWithRows(store.db, p.table)] as const)));

  const out: ServiceGap[] = [];
  for (const s of services) {
    const required = new Set<Category>(policy.requiredCoverage);
    if (s.tags.includes(policy.iacTag)) required.add('iac');
    const scans: ServiceGap['scans'] = [];
    if (s.repos.length > 0) {
      for (const category of required) {
        const at = scanned.get(`${s.id}\u0000${category}`);
        if (at === undefined) scans.push({ category, state: 'never', latestScanAt: null, ageDays: null });
        else if (at < windowStart) scans.push({ category, state: 'stale', latestScanAt: toIso(at), ageDays: age(at) });
      }
    }
    const records = perService.filter((p) => p.expected(s) && !present.get(p.kind)!.has(s.id)).map((p) => p.kind);
    if (scans.length > 0 || records.length > 0 || s.repos.length === 0)
      out.push({ service: s.id, area: s.area, tier: s.tier, noRepository: s.repos.length === 0, scans, records });
  }
  return { windowDays: policy.coverageWindowDays, neverLoaded: PER_SERVICE.filter((p) => !loaded.has(p.kind)).map((p) => p.kind), services: out };
}

/** A stored time: epoch ms, or the text of a `month` (2026-08) or `day` (2026-08-31) column. */
function timeOf(v: number | string | null): Millis | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  return parseTimestamp(/^\d{4}-\d{2}$/.test(v) ? `${v}-01` : v);
}
