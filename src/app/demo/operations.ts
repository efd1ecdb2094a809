import type { RecordKindName } from '../../domain/facts.js';
import { periodSeries, type Period } from '../../domain/period.js';
import { DAY_MS, HOUR_MS, toIso, type Millis } from '../../domain/time.js';
import { cloudAccountOf, repoUrlOf, type AreaKey, type DemoCompany, type DemoService } from './company.js';
import { createRng, hashString, type Rng } from './random.js';
import { presentAt, type DemoScenario, type SimFinding } from './scenario.js';

/**
 * The demo company's operations beyond its scanners, over the five quarters ending with the
 * scenario's last one (the fifth gives the oldest quarter its trend and the year-earlier
 * survey): every operational record kind of inputs.md §3 as rows, exceptions as code, the
 * exploitability feeds for the CVEs the scanners report, pen-test reports and ZAP baseline
 * scans. Pure and deterministic (seeded by the last quarter); the writers in generate.ts turn
 * it into files in their native formats.
 *
 * The behaviour follows the seed's worked example, as tendencies, never as text:
 * - services on the paved road (`paved-road:*` tags) run the standard pipeline template and get
 *   security reviews faster; custom and legacy templates fail, get bypassed and hit tool errors
 *   more often, and some releases carry no security stage at all;
 * - CI runners migrate from the legacy runner template to the standard one over the year;
 * - the shared export service has the severity-1 incident, the slowest reviews and the
 *   exceptions without a backlog link; an exception over the legacy runner's git critical
 *   expires while the finding stays open;
 * - runtime alerts in the instrumented data and CI clusters mostly name no runbook.
 */

/** A record row keyed by inputs.md's column names; null is an empty cell. */
export type Row = Record<string, string | number | boolean | null>;

export type { RecordKindName };

export interface ExceptionDoc {
  id: string;
  scope: { service: string; rule?: string; cve?: string };
  reason: string;
  owner: string;
  approver: string;
  starts_at: string;
  expires_at?: string;
  backlog?: string;
  compensating_controls?: string[];
  status: 'approved' | 'revoked';
}

export interface PentestFinding {
  title: string;
  severity: 'Critical' | 'High' | 'Medium' | 'Low';
  cwe: number;
  endpoint: string;
  uid: string;
}

/** One pen-test report (DefectDojo generic JSON): a test, or the retest that confirms fixes. */
export interface PentestReport {
  service: string;
  at: Millis;
  name: string;
  findings: PentestFinding[];
}

export interface ZapAlert {
  pluginid: string;
  alertRef: string;
  name: string;
  riskcode: 0 | 1 | 2 | 3;
  confidence: 1 | 2 | 3;
  cweid: number;
  uris: string[];
}

/** One ZAP baseline scan of a service's public site. */
export interface ZapScan {
  service: string;
  at: Millis;
  site: string;
  alerts: ZapAlert[];
}

export interface DemoOperations {
  periods: Period[];
  records: Record<RecordKindName, Row[]>;
  exceptions: ExceptionDoc[];
  pentests: PentestReport[];
  zap: ZapScan[];
  /** CVEs the scanners report that are in CISA's catalog, with the date CISA added them. */
  kev: { cve: string; dateAdded: string; vendor: string; product: string; name: string }[];
  /** EPSS scores for every CVE the scanners report. */
  epss: { cve: string; epss: number; percentile: number }[];
  /** The day the EPSS scores are of. */
  epssDate: Millis;
}

const PAVED = 'paved-road:';
const isPaved = (s: DemoService): boolean => s.tags.some((t) => t.startsWith(PAVED));
const QUARTERS = 5;

// ---- per-service operating profiles --------------------------------------------------------

interface OpsProfile {
  /** Releases to production per week; every release run has a pipeline run beside it that does not ship. */
  releasesPerWeek: number;
  /** Median business days from security review request to first review (pull requests). */
  reviewDays: number;
  /** Pull requests per quarter that ask for a security reviewer. */
  reviewedPrs: number;
  /** Mean commits per weekday. */
  commitsPerDay: number;
}

// prettier-ignore
const OPS: Record<string, OpsProfile> = {
  'billing-api':       { releasesPerWeek: 4,   reviewDays: 3.0, reviewedPrs: 9,  commitsPerDay: 7 },
  'auth-gateway':      { releasesPerWeek: 3,   reviewDays: 3.4, reviewedPrs: 8,  commitsPerDay: 5 },
  'tenant-api':        { releasesPerWeek: 4,   reviewDays: 3.8, reviewedPrs: 8,  commitsPerDay: 6 },
  'legacy-sso-bridge': { releasesPerWeek: 0.5, reviewDays: 8.0, reviewedPrs: 3,  commitsPerDay: 1 },
  'report-builder':    { releasesPerWeek: 3,   reviewDays: 4.6, reviewedPrs: 7,  commitsPerDay: 5 },
  'export-service':    { releasesPerWeek: 5,   reviewDays: 8.5, reviewedPrs: 10, commitsPerDay: 6 },
  'scheduler':         { releasesPerWeek: 2,   reviewDays: 7.0, reviewedPrs: 5,  commitsPerDay: 3 },
  'pdf-renderer':      { releasesPerWeek: 1,   reviewDays: 9.0, reviewedPrs: 3,  commitsPerDay: 1 },
  'web-app':           { releasesPerWeek: 6,   reviewDays: 1.1, reviewedPrs: 9,  commitsPerDay: 9 },
  'checkout-ui':       { releasesPerWeek: 5,   reviewDays: 1.4, reviewedPrs: 8,  commitsPerDay: 7 },
  'design-system':     { releasesPerWeek: 2,   reviewDays: 0.9, reviewedPrs: 4,  commitsPerDay: 4 },
  'ingest-worker':     { releasesPerWeek: 3,   reviewDays: 2.7, reviewedPrs: 7,  commitsPerDay: 5 },
  'enrichment-worker': { releasesPerWeek: 3,   reviewDays: 4.6, reviewedPrs: 6,  commitsPerDay: 4 },
  'etl-jobs':          { releasesPerWeek: 2,   reviewDays: 5.2, reviewedPrs: 4,  commitsPerDay: 3 },
  'ci-runners':        { releasesPerWeek: 8,   reviewDays: 4.8, reviewedPrs: 9,  commitsPerDay: 6 },
  'build-images':      { releasesPerWeek: 2,   reviewDays: 2.8, reviewedPrs: 5,  commitsPerDay: 3 },
  'artifact-registry': { releasesPerWeek: 2,   reviewDays: 3.0, reviewedPrs: 5,  commitsPerDay: 3 },
};

/** Pipeline templates off the paved road, by service. */
const CUSTOM_TEMPLATE: Record<string, string> = {
  'legacy-sso-bridge': 'legacy-jenkins',
  'export-service': 'legacy-jenkins',
  scheduler: 'custom-python-batch',
  'pdf-renderer': 'custom-node-docker',
  'enrichment-worker': 'custom-python-batch',
  'etl-jobs': 'custom-python-batch',
  'ci-runners': 'legacy-runner-v1',
};

/** Share of the CI runners' runs already moved to the standard template, per quarter (oldest first). */
const CI_MIGRATION = [0, 0, 0.05, 0.1, 0.65] as const;

type Stage = 'passed' | 'failed' | 'bypassed' | 'tool_error' | 'absent';

/** Security-stage outcomes as shares of a template's runs; the rest pass. */
// prettier-ignore
const STAGE_SHARES: Record<string, Partial<Record<Stage, number>>> = {
  standard:              { absent: 0.01, tool_error: 0.004, bypassed: 0.01, failed: 0.06 },
  'legacy-jenkins':      { absent: 0.3,  tool_error: 0.06,  bypassed: 0.15, failed: 0.1 },
  'legacy-runner-v1':    { absent: 0.45, tool_error: 0.15,  bypassed: 0.12, failed: 0.08 },
  'custom-python-batch': { absent: 0.05, tool_error: 0.08,  bypassed: 0.04, failed: 0.12 },
  'custom-node-docker':  { absent: 0.5,  tool_error: 0.05,  bypassed: 0.05, failed: 0.05 },
};

/** Services whose pipeline never ran a security stage, or stopped running one at their coverage gap. */
const NO_STAGE = new Set(['legacy-sso-bridge']);

export function buildOperations(scenario: DemoScenario): DemoOperations {
  const periods = periodSeries(scenario.last, QUARTERS);
  const start = periods[0]!.start;
  const end = scenario.last.end;
  const root = createRng(`secscore-demo-ops:${scenario.last.label}`);
  const company = scenario.company;
  const quarterOf = (t: Millis): number =>
    Math.max(
      0,
      periods.findIndex((p) => t >= p.start && t < p.end),
    );
  const ctx: Ctx = { periods, start, end, company, quarterOf, scenario };

  const records: Record<RecordKindName, Row[]> = {
    incidents: incidents(ctx, root.fork('incidents')),
    'pipeline-runs': pipelineRuns(ctx, root.fork('pipelines')),
    'pull-requests': pullRequests(ctx, root.fork('prs')),
    'design-reviews': designReviews(ctx, root.fork('design')),
    'threat-models': threatModels(ctx),
    alerts: alerts(ctx, root.fork('alerts')),
    'cloud-controls': cloudControls(ctx, root.fork('cloud')),
    identity: identity(ctx, root.fork('identity')),
    logging: logging(ctx),
    iam: iam(ctx),
    surveys: surveys(ctx, root.fork('surveys')),
    costs: costs(ctx),
    'team-health': teamHealth(ctx, root.fork('team-health')),
    milestones: milestones(ctx, root.fork('milestones')),
    commits: commits(ctx, root.fork('commits')),
  };
  const cves = scenarioCves(scenario.findings);
  return {
    periods,
    records,
    exceptions: exceptions(ctx),
    pentests: pentests(ctx),
    zap: zapScans(ctx, root.fork('zap')),
    kev: KEV.filter((k) => cves.has(k.cve)),
    epss: [...cves].sort().map((cve) => epssOf(cve)),
    epssDate: end - DAY_MS,
  };
}

interface Ctx {
  periods: Period[];
  start: Millis;
  end: Millis;
  company: DemoCompany;
  quarterOf: (t: Millis) => number;
  scenario: DemoScenario;
}

// ---- helpers ---------------------------------------------------------------------------------

function iso(t: Millis): string {
  return toIso(Math.round(t / 1000) * 1000);
}

function isWeekend(t: Millis): boolean {
  const d = new Date(t).getUTCDay();
  return d === 0 || d === 6;
}

/** The next weekday working moment at or after t (09:00–17:00 UTC). */
function workingTime(t: Millis, rng: Rng): Millis {
  let day = Math.floor(t / DAY_MS) * DAY_MS;
  while (isWeekend(day)) day += DAY_MS;
  return day + rng.int(9, 16) * HOUR_MS + rng.int(0, 59) * 60_000;
}

/** t plus `days` business days (Mon–Fri, UTC), fractional. */
export function addBusinessDays(t: Millis, days: number): Millis {
  let remaining = days;
  let cursor = t;
  for (;;) {
    const dayStart = Math.floor(cursor / DAY_MS) * DAY_MS;
    if (isWeekend(dayStart)) {
      cursor = dayStart + DAY_MS;
      continue;
    }
    const left = (dayStart + DAY_MS - cursor) / DAY_MS;
    if (remaining <= left) return cursor + remaining * DAY_MS;
    remaining -= left;
    cursor = dayStart + DAY_MS;
  }
}

/** A log-normal draw around a median (sigma in log space): review times and durations. */
function around(rng: Rng, median: number, sigma = 0.35): number {
  const u = Math.max(1e-9, rng.next());
  const v = rng.next();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}

/** Exactly round(n × share) of each outcome (largest remainders), shuffled: rates that hold at demo scale. */
function quota<T extends string, R extends string>(n: number, shares: Partial<Record<T, number>>, rest: R, rng: Rng): (T | R)[] {
  const entries = Object.entries(shares) as [T, number][];
  const exact = entries.map(([k, s]) => ({ k, x: n * s }));
  const counts = exact.map((e) => ({ k: e.k, c: Math.floor(e.x), r: e.x - Math.floor(e.x) }));
  let left = Math.round(exact.reduce((a, e) => a + e.x, 0)) - counts.reduce((a, e) => a + e.c, 0);
  for (const e of [...counts].sort((a, b) => b.r - a.r || (a.k < b.k ? -1 : 1))) {
    if (left <= 0) break;
    e.c++;
    left--;
  }
  const out: (T | R)[] = counts.flatMap((e) => Array<T>(e.c).fill(e.k));
  while (out.length < n) out.push(rest);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, n);
}

function serviceOf(ctx: Ctx, id: string): DemoService {
  const s = ctx.company.services.find((x) => x.id === id);
  if (!s) throw new Error(`demo: no service ${id}`);
  return s;
}

/** Whether a service's pipeline ran its security stage at t: not where its code scanning stopped or paused. */
function stageRuns(ctx: Ctx, id: string, t: Millis): boolean {
  return !ctx.scenario.gaps.some(
    (g) => g.service === id && g.runs.includes('semgrep') && (g.stopsAt === null || (t >= g.stopsAt && (g.resumesAt === undefined || t < g.resumesAt))),
  );
}

// ---- pipeline runs ---------------------------------------------------------------------------

function pipelineRuns(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.company.services) {
    const ops = OPS[s.id]!;
    const r = rng.fork(s.id);
    for (const [q, p] of ctx.periods.entries()) {
      const weeks = (p.end - p.start) / (7 * DAY_MS);
      const releases = Math.max(1, Math.round(ops.releasesPerWeek * weeks));
      const total = releases * 2;
      // Run times spread over the quarter, on weekdays.
      const times = Array.from({ length: total }, (_, i) => workingTime(p.start + ((i + r.next()) / total) * (p.end - p.start - DAY_MS), r)).sort(
        (a, b) => a - b,
      );
      const isRelease = quota(total, { yes: 0.5 }, 'no', r);
      const migrated = s.id === 'ci-runners' ? CI_MIGRATION[q]! : 0;
      const templateOf = (): string => (isPaved(s) ? 'standard' : migrated > 0 && r.chance(migrated) ? 'standard' : CUSTOM_TEMPLATE[s.id]!);
      const templates = times.map(() => templateOf());
      // Outcomes by exact shares per (template, release or not), so that each area's gate rates hold.
      const stages: Stage[] = new Array<Stage>(total);
      for (const template of new Set(templates)) {
        for (const rel of ['yes', 'no'] as const) {
          const idx = times.flatMap((_, i) => (templates[i] === template && isRelease[i] === rel ? [i] : []));
          const outcomes = quota(idx.length, STAGE_SHARES[template]!, 'passed', r);
          idx.forEach((i, k) => (stages[i] = outcomes[k]!));
        }
      }
      times.forEach((t, i) => {
        const noStage = NO_STAGE.has(s.id) || !stageRuns(ctx, s.id, t);
        const minutes = 6 + r.int(0, 20);
        rows.push({
          id: `${s.id}-${toIso(t).slice(0, 10).replaceAll('-', '')}-${String(i + 1).padStart(3, '0')}`,
          // Runs name their repository, as a CI export does; the catalog maps it to the service.
          repo: repoUrlOf(s.id),
          pipeline: isRelease[i] === 'yes' ? 'deploy-production' : 'build-and-test',
          template: templates[i]!,
          started_at: iso(t),
          finished_at: iso(t + minutes * 60_000),
          release: isRelease[i] === 'yes',
          security_stage: noStage ? 'absent' : stages[i]!,
        });
      });
    }
  }
  return rows.sort((a, b) => cmp(String(a['started_at']), String(b['started_at'])) || cmp(String(a['id']), String(b['id'])));
}

// ---- security reviews ------------------------------------------------------------------------

function pullRequests(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.company.services) {
    const ops = OPS[s.id]!;
    const r = rng.fork(s.id);
    let number = 100 + (hashString(s.id) % 400);
    for (const p of ctx.periods) {
      const span = p.end - p.start - 10 * DAY_MS;
      // Pull requests without a security reviewer, then those that asked for one.
      const plain = Math.round(ops.reviewedPrs * 1.5);
      for (let i = 0; i < plain + ops.reviewedPrs; i++) {
        const created = workingTime(p.start + r.next() * span, r);
        const reviewed = i >= plain;
        const requested = reviewed ? created + r.int(1, 90) * 60_000 : null;
        const first = requested === null ? null : addBusinessDays(requested, Math.max(0.05, around(r, ops.reviewDays)));
        const merged = (first ?? created) + r.int(2, 30) * HOUR_MS;
        number++;
        rows.push({
          repo: repoUrlOf(s.id),
          number,
          created_at: iso(created),
          merged_at: merged < ctx.end ? iso(merged) : null,
          security_review_requested_at: requested === null ? null : iso(requested),
          first_security_review_at: first === null || first >= ctx.end ? null : iso(first),
        });
      }
    }
  }
  return rows.sort((a, b) => cmp(String(a['created_at']), String(b['created_at'])) || cmp(String(a['repo']), String(b['repo'])));
}

const DESIGN_OUTCOMES = ['approved', 'approved', 'approved with changes', 'changes requested'] as const;

function designReviews(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const area of ctx.company.areas) {
    const services = ctx.company.services.filter((s) => s.area === area.key);
    const r = rng.fork(area.key);
    for (const [q, p] of ctx.periods.entries()) {
      for (let i = 0; i < 3; i++) {
        const s = r.pick(services);
        const requested = workingTime(p.start + r.next() * (p.end - p.start - 30 * DAY_MS), r);
        // Design reviews take about twice as long as a pull-request review of the same team.
        const completed = addBusinessDays(requested, Math.max(0.5, around(r, OPS[s.id]!.reviewDays * 2, 0.3)));
        rows.push({
          id: `DR-${area.key}-${q + 1}${i + 1}`,
          service: s.id,
          requested_at: iso(requested),
          completed_at: completed < ctx.end ? iso(completed) : null,
          outcome: completed < ctx.end ? r.pick(DESIGN_OUTCOMES) : null,
        });
      }
    }
  }
  return rows.sort((a, b) => cmp(String(a['requested_at']), String(b['requested_at'])));
}

/** Threat models of tier 0/1 services: months before the end of the last quarter at which each was updated. */
// prettier-ignore
const THREAT_MODEL_UPDATES: Record<string, number[]> = {
  'billing-api': [14, 5], 'auth-gateway': [11, 2], 'tenant-api': [9], 'report-builder': [16, 4],
  'export-service': [15], 'web-app': [10, 3], 'checkout-ui': [13, 7], 'ingest-worker': [8],
  'ci-runners': [2], 'build-images': [14], 'artifact-registry': [12, 1],
};

function threatModels(ctx: Ctx): Row[] {
  const rows: Row[] = [];
  for (const [id, months] of Object.entries(THREAT_MODEL_UPDATES)) {
    for (const m of months) {
      const t = ctx.end - m * 30 * DAY_MS + 3 * DAY_MS + (hashString(`${id}${m}`) % 20) * HOUR_MS;
      if (t < ctx.start - 365 * DAY_MS || t >= ctx.end) continue;
      rows.push({ service: id, updated_at: iso(t), link: `https://wiki.acme.io/security/threat-models/${id}` });
    }
  }
  return rows.sort((a, b) => cmp(String(a['updated_at']), String(b['updated_at'])));
}

// ---- incidents and alerts --------------------------------------------------------------------

type Sev = 'sev1' | 'sev2' | 'sev3' | 'sev4';

/** [service, quarter index (0 = oldest of five), position in the quarter 0–1, severity, cause, runbook or null, title] */
type IncidentPlan = readonly [string, number, number, Sev, string, string | null, string];

// prettier-ignore
const INCIDENT_PLAN: readonly IncidentPlan[] = [
  ['export-service',    1, 0.4, 'sev3', 'tenant filter missing on scheduled export', 'rb-tenant-isolation', 'Scheduled export included rows of a second tenant'],
  ['export-service',    3, 0.5, 'sev2', 'tenant check skipped on export download link', null, 'Export download link served across tenants'],
  ['export-service',    4, 0.35, 'sev1', 'cross-customer data in bulk export: tenant scope missing in export job', 'rb-tenant-isolation', 'Bulk export delivered another customer\'s report'],
  ['report-builder',    4, 0.7, 'sev3', 'tenant id not checked on shared dashboard link', 'rb-tenant-isolation', 'Shared dashboard link opened for a user of another tenant'],
  ['billing-api',       2, 0.3, 'sev2', 'authorization check missing on legacy route', 'rb-authz-regression', 'Invoice endpoint on the legacy router served without a permission check'],
  ['tenant-api',        3, 0.6, 'sev3', 'access control: role check differs from shared policy', null, 'Support role could change plan limits'],
  ['billing-api',       4, 0.55, 'sev3', 'permission check skipped by legacy router', null, 'Bulk invoice export reachable without the billing permission'],
  ['auth-gateway',      0, 0.5, 'sev3', 'authorization: session scope not re-checked after role change', 'rb-authz-regression', 'Session kept admin scope after role removal'],
  ['web-app',           1, 0.6, 'sev3', 'third-party script changed on the tag manager', 'rb-frontend-script', 'Tag manager loaded an unreviewed script on the account pages'],
  ['checkout-ui',       2, 0.4, 'sev3', 'third-party script review skipped for payment widget update', 'rb-frontend-script', 'Payment widget update shipped without script review'],
  ['web-app',           4, 0.2, 'sev4', 'csp report-only violations after header change', 'rb-frontend-script', 'Content-Security-Policy violations spiked after a release'],
  ['web-app',           4, 0.65, 'sev3', 'tag manager injected an unreviewed third-party script', 'rb-frontend-script', 'Marketing tag loaded a script that had not been reviewed'],
  ['ingest-worker',     2, 0.5, 'sev3', 'unpatched base image on ingest workers', null, 'Ingest worker image ran a known-vulnerable libc'],
  ['enrichment-worker', 3, 0.3, 'sev3', 'outdated package pulled at job start', null, 'Enrichment job installed an unpinned package at runtime'],
  ['enrichment-worker', 4, 0.6, 'sev3', 'vulnerable library in partner feed parser', null, 'Partner feed parser crashed on crafted input'],
  ['ci-runners',        1, 0.5, 'sev2', 'build runner credentials reused across jobs', null, 'Runner cache exposed a deploy token to another job'],
  ['ci-runners',        2, 0.7, 'sev2', 'artifact pushed from an unpinned workflow action', 'rb-ci-compromise', 'Release artifact built by an unpinned third-party action'],
  ['artifact-registry', 3, 0.4, 'sev3', 'artifact signature not verified on promotion', 'rb-ci-compromise', 'Unsigned image promoted to production'],
  ['ci-runners',        4, 0.45, 'sev2', 'ci runner image with stale git on the legacy runner pool', null, 'Legacy runner pool ran a git version with a known clone exploit'],
];

function incidents(ctx: Ctx, rng: Rng): Row[] {
  return INCIDENT_PLAN.map(([service, q, at, severity, cause, runbook, title], i) => {
    const p = ctx.periods[q]!;
    const started = p.start + at * (p.end - p.start) + rng.int(0, 23) * HOUR_MS;
    // Detection and containment get quicker over the year.
    const speed = 1 - 0.12 * q;
    const detected = started + around(rng, 14 * speed, 0.5) * HOUR_MS;
    const contained = detected + around(rng, (severity === 'sev1' ? 5 : 8) * speed, 0.5) * HOUR_MS;
    const resolved = contained + rng.int(1, 6) * DAY_MS;
    return {
      id: `INC-${String(2100 + i * 7 + q).padStart(4, '0')}`,
      title,
      severity,
      service,
      started_at: iso(started),
      detected_at: iso(detected),
      contained_at: iso(contained),
      resolved_at: resolved < ctx.end ? iso(resolved) : null,
      cause,
      runbook,
    };
  }).sort((a, b) => cmp(String(a['started_at']), String(b['started_at'])));
}

/** [rule, services, alerts per quarter, share with a runbook, true-positive share] */
type AlertPlan = readonly [string, readonly string[], number, number, number];

// prettier-ignore
const ALERT_PLAN: Record<AreaKey, readonly AlertPlan[]> = {
  core:      [['waf.authz-bypass-attempt', ['billing-api', 'tenant-api', 'auth-gateway'], 18, 0.95, 0.45]],
  reporting: [['app.cross-tenant-query', ['export-service', 'report-builder'], 14, 0.9, 0.55]],
  frontend:  [['csp.violation-spike', ['web-app', 'checkout-ui'], 20, 0.95, 0.25]],
  data:      [['falco.unexpected-outbound-connection', ['enrichment-worker', 'etl-jobs', 'ingest-worker'], 26, 0.15, 0.3],
              ['falco.terminal-shell-in-container', ['enrichment-worker', 'ingest-worker'], 12, 0.3, 0.35]],
  platform:  [['falco.terminal-shell-in-container', ['ci-runners'], 22, 0.2, 0.3],
              ['guardduty.instance-credential-exfiltration', ['ci-runners', 'artifact-registry'], 8, 0.5, 0.5]],
};

function alerts(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  let n = 0;
  for (const area of ctx.company.areas) {
    for (const [rule, services, perQuarter, runbookShare, tpShare] of ALERT_PLAN[area.key]) {
      const r = rng.fork(`${area.key}:${rule}`);
      for (const [q, p] of ctx.periods.entries()) {
        const count = Math.round(perQuarter * (0.9 + 0.05 * q));
        // Triage gets sharper over the year: the true-positive share rises.
        const dispositions = quota(count, { true_positive: Math.min(0.9, tpShare + 0.03 * q), benign: 0.15 }, 'false_positive', r);
        const runbooks = quota(count, { yes: runbookShare }, 'no', r);
        for (let i = 0; i < count; i++) {
          const fired = p.start + r.next() * (p.end - p.start - 3 * DAY_MS);
          const dispositioned = fired + around(r, 6, 0.6) * HOUR_MS;
          n++;
          rows.push({
            id: `AL-${String(n).padStart(5, '0')}`,
            rule,
            service: r.pick(services),
            fired_at: iso(fired),
            dispositioned_at: iso(dispositioned),
            disposition: dispositions[i]!,
            runbook: runbooks[i] === 'yes' ? `rb-${rule.split('.')[1]}` : null,
          });
        }
      }
    }
  }
  return rows.sort((a, b) => cmp(String(a['fired_at']), String(b['fired_at'])) || cmp(String(a['id']), String(b['id'])));
}

// ---- cloud, identity, logging, IAM ---------------------------------------------------------

const CONTROLS = [
  'cloudtrail_multi_region_enabled',
  'ec2_ebs_default_encryption',
  'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22',
  'guardduty_is_enabled',
  'iam_no_root_access_key',
  'iam_policy_no_full_access_to_kms',
  'iam_root_mfa_enabled',
  'iam_user_mfa_enabled_console_access',
  'kms_cmk_rotation_enabled',
  'rds_instance_storage_encrypted',
  's3_bucket_default_encryption',
  's3_bucket_level_public_access_block',
] as const;

/** Failing key controls per account, per quarter (oldest first). */
const FAILING: Record<AreaKey, readonly number[]> = {
  core: [2, 2, 1, 1, 1],
  reporting: [3, 3, 3, 2, 2],
  frontend: [1, 1, 1, 0, 0],
  data: [3, 3, 3, 2, 2],
  platform: [4, 3, 2, 2, 1],
};

function cloudControls(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const area of ctx.company.areas) {
    const account = cloudAccountOf(area.key);
    const order = [...CONTROLS];
    const r = rng.fork(area.key);
    for (let i = order.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let m = 0; m < QUARTERS * 3; m++) {
      const monthStart = Date.UTC(new Date(ctx.start).getUTCFullYear(), new Date(ctx.start).getUTCMonth() + m, 1);
      const checked = monthStart + 2 * DAY_MS + r.int(1, 5) * HOUR_MS;
      const failing = new Set(order.slice(0, FAILING[area.key][ctx.quarterOf(checked)]!));
      for (const control of CONTROLS) rows.push({ account, control, status: failing.has(control) ? 'fail' : 'pass', checked_at: iso(checked) });
    }
  }
  return rows;
}

function identity(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  const people = Array.from({ length: 72 }, (_, i) => `user${String(i + 1).padStart(3, '0')}@acme.io`);
  const privileged = new Set(people.filter((_, i) => i % 4 === 0));
  const breakGlass = ['breakglass-prod@acme.io', 'breakglass-ci@acme.io'];
  const withoutMfa = [...privileged].filter(() => rng.chance(0.5)).slice(0, 4);
  for (let m = 0; m < QUARTERS * 3; m++) {
    const snapshot = Date.UTC(new Date(ctx.start).getUTCFullYear(), new Date(ctx.start).getUTCMonth() + m, 28, 6);
    // Privileged accounts without MFA, fewer each quarter: 4, 3, 3, 2, 1.
    const missing = new Set(withoutMfa.slice(0, [4, 3, 3, 2, 1][ctx.quarterOf(snapshot)]!));
    for (const account of [...people, ...breakGlass])
      rows.push({
        snapshot_at: iso(snapshot),
        account,
        privileged: privileged.has(account) || breakGlass.includes(account),
        mfa: !missing.has(account),
        sso: !breakGlass.includes(account),
      });
  }
  return rows;
}

/** Logging gaps of tier 0/1 services: [service, quarter index from which the gap is closed (5: never), shipped, retained days while open]. */
const LOGGING_GAPS: readonly [string, number, boolean, number][] = [
  ['export-service', 5, true, 30],
  ['ci-runners', 3, false, 0],
  ['tenant-api', 2, true, 60],
];

function logging(ctx: Ctx): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.company.services) {
    for (let m = 0; m < QUARTERS * 3; m++) {
      const at = Date.UTC(new Date(ctx.start).getUTCFullYear(), new Date(ctx.start).getUTCMonth() + m, 15, 4);
      const gap = LOGGING_GAPS.find((g) => g[0] === s.id && ctx.quarterOf(at) < g[1]);
      rows.push({ service: s.id, at: iso(at), shipped: gap ? gap[2] : true, retained_days: gap ? gap[3] : s.tier === 0 ? 365 : 180 });
    }
  }
  return rows;
}

/** Services still on hand-written IAM roles, until the quarter index given (5: not yet migrated). */
const IAM_CUSTOM: Record<string, number> = {
  'legacy-sso-bridge': 5,
  'export-service': 5,
  'etl-jobs': 5,
  scheduler: 4,
  'enrichment-worker': 3,
  'ci-runners': 4,
  'pdf-renderer': 5,
  'tenant-api': 1,
};

function iam(ctx: Ctx): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.company.services) {
    for (const [q, p] of ctx.periods.entries()) {
      rows.push({ service: s.id, at: iso(p.start + 20 * DAY_MS), standard_roles: q >= (IAM_CUSTOM[s.id] ?? 0) });
    }
  }
  return rows;
}

// ---- people and money ------------------------------------------------------------------------

function teams(ctx: Ctx): { team: string; paved: boolean; area: AreaKey }[] {
  const out = new Map<string, { team: string; paved: boolean; area: AreaKey }>();
  for (const s of ctx.company.services) for (const t of s.owners) if (!out.has(t)) out.set(t, { team: t, paved: isPaved(s), area: s.area });
  return [...out.values()].sort((a, b) => cmp(a.team, b.team));
}

function surveys(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const { team, paved } of teams(ctx)) {
    const r = rng.fork(team);
    // One team answers on a 0–10 scale, the rest on 1–5.
    const tenPoint = team === 'team-frontend';
    for (const [q, p] of ctx.periods.entries()) {
      const mean = (paved ? 3.5 : 3.0) + 0.12 * q;
      for (let i = 0; i < 6; i++) {
        const submitted = p.end - 20 * DAY_MS + r.int(0, 10) * DAY_MS + r.int(0, 86_399) * 1000;
        const score = Math.min(5, Math.max(1, Math.round(mean + (r.next() - 0.5) * 2)));
        rows.push({
          submitted_at: iso(submitted),
          score: tenPoint ? Math.round(((score - 1) / 4) * 10) : score,
          scale_min: tenPoint ? 0 : 1,
          scale_max: tenPoint ? 10 : 5,
          team,
        });
      }
    }
  }
  return rows.sort((a, b) => cmp(String(a['submitted_at']), String(b['submitted_at'])));
}

function costs(ctx: Ctx): Row[] {
  const year = new Date(ctx.start).getUTCFullYear();
  const day = (y: number, m: number) => iso(Date.UTC(y, m - 1, 1));
  return [
    { tool: 'Semgrep', annual_cost: 48000, currency: 'USD', from: day(year - 1, 7), to: day(year, 7) },
    { tool: 'Semgrep', annual_cost: 52000, currency: 'USD', from: day(year, 7), to: day(year + 1, 7) },
    { tool: 'Semgrep', annual_cost: 56000, currency: 'USD', from: day(year + 1, 7), to: day(year + 2, 7) },
    { tool: 'trivy', annual_cost: 24000, currency: 'USD', from: day(year - 1, 1), to: day(year + 2, 1) },
    { tool: PENTEST_TOOL, annual_cost: 36000, currency: 'USD', from: day(year - 1, 10), to: day(year + 2, 10) },
  ];
}

function teamHealth(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const { team, area } of teams(ctx)) {
    const r = rng.fork(team);
    let headcount = r.int(6, 11);
    const pagesPerMonth = area === 'data' || area === 'platform' ? 22 : 10;
    for (let m = 0; m < QUARTERS * 3; m++) {
      const d = new Date(Date.UTC(new Date(ctx.start).getUTCFullYear(), new Date(ctx.start).getUTCMonth() + m, 1));
      const leavers = r.chance(area === 'reporting' ? 0.25 : 0.12) ? 1 : 0;
      rows.push({
        month: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
        team,
        headcount,
        leavers,
        oncall_pages: Math.round(pagesPerMonth * (0.7 + 0.6 * r.next())),
        oncall_engineers: Math.max(2, Math.round(headcount / 2)),
      });
      headcount = Math.max(4, headcount - leavers + (r.chance(0.2) ? 1 : 0));
    }
  }
  return rows;
}

/** Milestones met per area, per quarter (oldest first): the platform team gets more predictable. */
const MET: Record<AreaKey, readonly number[]> = {
  core: [0.75, 0.75, 0.75, 0.75, 0.75],
  reporting: [0.5, 0.5, 0.75, 0.5, 0.5],
  frontend: [1, 0.75, 1, 1, 0.75],
  data: [0.5, 0.75, 0.5, 0.75, 0.5],
  platform: [0.5, 0.5, 0.75, 0.75, 1],
};

function milestones(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const area of ctx.company.areas) {
    const r = rng.fork(area.key);
    for (const [q, p] of ctx.periods.entries()) {
      const met = quota(4, { yes: MET[area.key][q]! }, 'no', r);
      for (let i = 0; i < 4; i++) {
        const due = p.start + ((i + 0.5) / 4) * (p.end - p.start);
        const completed = met[i] === 'yes' ? due - r.int(1, 10) * DAY_MS : due + r.int(5, 40) * DAY_MS;
        const label = p.label.replace('-', '');
        rows.push({
          id: `MS-${area.key}-${label}-${i + 1}`,
          title: `${area.name} roadmap ${label} #${i + 1}`,
          area: area.name,
          due_at: iso(due),
          completed_at: completed < ctx.end ? iso(completed) : null,
        });
      }
    }
  }
  return rows;
}

function commits(ctx: Ctx, rng: Rng): Row[] {
  const rows: Row[] = [];
  for (const s of ctx.company.services) {
    const r = rng.fork(s.id);
    for (let t = ctx.start; t < ctx.end; t += DAY_MS) {
      if (isWeekend(t)) continue;
      const count = r.poisson(OPS[s.id]!.commitsPerDay);
      if (count > 0) rows.push({ repo: repoUrlOf(s.id), day: toIso(t).slice(0, 10), count });
    }
  }
  return rows;
}

// ---- exceptions -------------------------------------------------------------------------------

interface ExceptionPlan {
  id: string;
  service: string;
  /** Months before the end of the last quarter it starts, and (null: no expiry) expires. */
  starts: number;
  expires: number | null;
  backlog: string | null;
  status: 'approved' | 'revoked';
  reason: string;
  /**
   * Which of the service's findings it covers: the worst vulnerability open at the end, the rule
   * with most findings open at the end, or a vulnerability open when the exception started and
   * fixed before it expired (an exception that did its job).
   */
  pick: 'worst-open-vuln' | 'busiest-rule' | 'fixed-vuln';
}

// prettier-ignore
const EXCEPTION_PLANS: readonly ExceptionPlan[] = [
  { id: 'EXC-2026-014', service: 'ci-runners', starts: 4, expires: 1, backlog: 'PLAT-412', status: 'approved', pick: 'worst-open-vuln', reason: 'Legacy runner pool pinned to its base image until the standard runner template replaces it' },
  { id: 'EXC-2026-021', service: 'scheduler', starts: 5, expires: 0.5, backlog: 'REP-233', status: 'approved', pick: 'worst-open-vuln', reason: 'Scheduler image upgrade waits for the Python 3.12 migration' },
  { id: 'EXC-2026-009', service: 'export-service', starts: 7, expires: -6, backlog: null, status: 'approved', pick: 'busiest-rule', reason: 'Export queries reviewed manually until the repository layer is replaced' },
  { id: 'EXC-2026-017', service: 'enrichment-worker', starts: 5, expires: -4, backlog: null, status: 'approved', pick: 'busiest-rule', reason: 'Internal batch traffic only' },
  { id: 'EXC-2026-019', service: 'etl-jobs', starts: 4, expires: null, backlog: null, status: 'approved', pick: 'worst-open-vuln', reason: 'Jobs run in an isolated network segment' },
  { id: 'EXC-2026-003', service: 'billing-api', starts: 10, expires: -2, backlog: 'CORE-118', status: 'approved', pick: 'busiest-rule', reason: 'Audit events emitted by the gateway for these handlers' },
  { id: 'EXC-2026-012', service: 'web-app', starts: 6, expires: -8, backlog: 'FE-87', status: 'approved', pick: 'busiest-rule', reason: 'Header rollout through the shared security headers package, page by page' },
  { id: 'EXC-2025-038', service: 'artifact-registry', starts: 12, expires: 4, backlog: 'PLAT-301', status: 'approved', pick: 'fixed-vuln', reason: 'Registry base image upgrade scheduled with the storage migration' },
  { id: 'EXC-2025-041', service: 'auth-gateway', starts: 11, expires: 5, backlog: 'CORE-97', status: 'approved', pick: 'fixed-vuln', reason: 'Library upgrade bundled with the session store release' },
  { id: 'EXC-2026-011', service: 'report-builder', starts: 6, expires: -6, backlog: 'REP-201', status: 'revoked', pick: 'busiest-rule', reason: 'Superseded by the fix in report-builder 2.3' },
];

const SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;

function exceptions(ctx: Ctx): ExceptionDoc[] {
  const month = 30 * DAY_MS;
  const out: ExceptionDoc[] = [];
  for (const plan of EXCEPTION_PLANS) {
    const starts = ctx.end - plan.starts * month;
    const expires = plan.expires === null ? null : ctx.end - plan.expires * month;
    // A scope names what is open at the end: a rule-scoped exception also covers findings of the rule that came after it.
    const mine = ctx.scenario.findings.filter((f) => f.service === plan.service && !f.falsePositive);
    let scope: ExceptionDoc['scope'] | null = null;
    if (plan.pick === 'worst-open-vuln') {
      const vulns = mine
        .filter((f) => f.source.kind === 'vuln' && presentAt(f, ctx.end - 1))
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.intervals[0]!.open - b.intervals[0]!.open);
      const f = vulns[0];
      if (f && f.source.kind === 'vuln') scope = { service: plan.service, cve: f.source.advisory.id };
    } else if (plan.pick === 'fixed-vuln') {
      const fixed = mine.filter(
        (f) => f.source.kind === 'vuln' && presentAt(f, starts) && !f.intervals.some((i) => i.close === null || i.close > (expires ?? ctx.end)),
      );
      const f = fixed.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.intervals[0]!.open - b.intervals[0]!.open)[0];
      if (f && f.source.kind === 'vuln') scope = { service: plan.service, cve: f.source.advisory.id };
    } else {
      const byRule = new Map<string, number>();
      for (const f of mine) if (f.source.kind === 'code' && presentAt(f, ctx.end - 1)) byRule.set(f.source.rule.id, (byRule.get(f.source.rule.id) ?? 0) + 1);
      const best = [...byRule].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0];
      if (best) scope = { service: plan.service, rule: best[0] };
    }
    if (scope === null) continue;
    const owner = serviceOf(ctx, plan.service).owners[0]!;
    out.push({
      id: plan.id,
      scope,
      reason: plan.reason,
      owner,
      approver: 'ciso@acme.io',
      starts_at: iso(starts).slice(0, 10),
      ...(expires === null ? {} : { expires_at: iso(expires).slice(0, 10) }),
      ...(plan.backlog === null ? {} : { backlog: plan.backlog }),
      compensating_controls: ['network isolation', 'monitoring alert on the affected path'],
      status: plan.status,
    });
  }
  return out;
}

// ---- pen tests and ZAP -----------------------------------------------------------------------

export const PENTEST_TOOL = 'Acme annual pen test';

/** [service, quarter index of the test, day in the quarter, findings: [title, severity, cwe, endpoint, fixed at the retest]] */
// prettier-ignore
const PENTEST_PLAN: readonly [string, number, number, readonly [string, PentestFinding['severity'], number, string, boolean][]][] = [
  ['export-service', 2, 70, [
    ['Export job id enumerable across tenants (IDOR)', 'Critical', 639, '/api/exports/{id}', true],
    ['Report download link valid for users of other tenants', 'High', 639, '/exports/{id}/download', true],
    ['Verbose stack traces on export errors', 'Low', 209, '/api/exports', false],
  ]],
  ['report-builder', 3, 68, [
    ['Dashboard share token not bound to tenant', 'High', 639, '/dashboards/share/{token}', true],
    ['Report template preview allows server-side template expressions', 'High', 94, '/templates/preview', true],
    ['Missing rate limit on report rendering', 'Medium', 770, '/reports/render', false],
  ]],
  ['billing-api', 4, 8, [
    ['Legacy invoice route reachable without billing permission', 'High', 862, '/v1/invoices/bulk', true],
    ['Role check on refunds differs from the shared policy', 'High', 863, '/v2/refunds', true],
    ['Session cookie without the SameSite attribute', 'Low', 1275, '/v1/session', false],
  ]],
  ['web-app', 3, 15, [
    ['Content-Security-Policy allows unsafe-inline scripts on the account pages', 'High', 693, '/account', true],
    ['Third-party analytics script loaded without integrity check', 'Medium', 829, '/', false],
  ]],
];

function pentests(ctx: Ctx): PentestReport[] {
  const out: PentestReport[] = [];
  for (const [service, q, day, list] of PENTEST_PLAN) {
    const p = ctx.periods[q]!;
    const at = workingTime(p.start + day * DAY_MS, createRng(`pentest:${service}`));
    const findings = list.map(([title, severity, cwe, endpoint], i) => ({ title, severity, cwe, endpoint, uid: `PT-${service}-${q + 1}${i + 1}` }));
    out.push({ service, at, name: `${p.label} penetration test`, findings });
    // The retest 3–6 weeks later lists what is still open.
    const retest = workingTime(at + (21 + (hashString(`${service}:retest`) % 14)) * DAY_MS, createRng(`retest:${service}`));
    if (retest < ctx.end) out.push({ service, at: retest, name: `${p.label} penetration test (retest)`, findings: findings.filter((_, i) => !list[i]![4]) });
  }
  return out.sort((a, b) => a.at - b.at || cmp(a.service, b.service));
}

const ZAP_ALERTS = {
  csp: { pluginid: '10038', alertRef: '10038-1', name: 'Content Security Policy (CSP) Header Not Set', riskcode: 2, confidence: 3, cweid: 693 },
  frame: { pluginid: '10020', alertRef: '10020-1', name: 'Missing Anti-clickjacking Header', riskcode: 2, confidence: 2, cweid: 1021 },
  xdomain: { pluginid: '10017', alertRef: '10017', name: 'Cross-Domain JavaScript Source File Inclusion', riskcode: 1, confidence: 2, cweid: 829 },
  sri: { pluginid: '90003', alertRef: '90003', name: 'Sub Resource Integrity Attribute Missing', riskcode: 2, confidence: 3, cweid: 345 },
  hsts: { pluginid: '10035', alertRef: '10035-1', name: 'Strict-Transport-Security Header Not Set', riskcode: 1, confidence: 3, cweid: 319 },
  poweredBy: {
    pluginid: '10037',
    alertRef: '10037',
    name: 'Server Leaks Information via "X-Powered-By" HTTP Response Header Field(s)',
    riskcode: 1,
    confidence: 2,
    cweid: 200,
  },
  debugErrors: { pluginid: '10023', alertRef: '10023', name: 'Information Disclosure - Debug Error Messages', riskcode: 1, confidence: 2, cweid: 200 },
  bigRedirect: {
    pluginid: '10044',
    alertRef: '10044-1',
    name: 'Big Redirect Detected (Potential Sensitive Information Leak)',
    riskcode: 1,
    confidence: 2,
    cweid: 201,
  },
  version: {
    pluginid: '10036',
    alertRef: '10036',
    name: 'Server Leaks Version Information via "Server" HTTP Response Header Field',
    riskcode: 1,
    confidence: 3,
    cweid: 497,
  },
} as const satisfies Record<string, Omit<ZapAlert, 'uris'>>;

/** ZAP baseline scans, monthly, of the public sites: header drift comes and goes with releases. */
function zapScans(ctx: Ctx, rng: Rng): ZapScan[] {
  const out: ZapScan[] = [];
  const sites: [string, string, string[]][] = [
    ['web-app', 'https://app.acme.io', ['/', '/account', '/settings', '/reports']],
    ['checkout-ui', 'https://checkout.acme.io', ['/', '/cart', '/pay']],
  ];
  for (const [service, site, paths] of sites) {
    const r = rng.fork(service);
    for (let m = 0; m < QUARTERS * 3; m++) {
      const at = Date.UTC(new Date(ctx.start).getUTCFullYear(), new Date(ctx.start).getUTCMonth() + m, 10, 2) + r.int(0, 8) * DAY_MS + r.int(0, 3599) * 1000;
      if (at >= ctx.end) continue;
      const q = ctx.quarterOf(at);
      const alerts: ZapAlert[] = [];
      // On round(share × pages) of the site's pages, starting from a page that moves month by month.
      const add = (key: keyof typeof ZAP_ALERTS, share: number) => {
        const k = Math.round(Math.max(0, share) * paths.length);
        const uris = Array.from({ length: k }, (_, i) => `${site}${paths[(m + i) % paths.length]!}`).sort();
        if (uris.length > 0) alerts.push({ ...ZAP_ALERTS[key], uris });
      };
      // The header package reaches more pages each quarter, but the policy drifts: a release in the
      // middle month of each quarter ships it everywhere, the next one drops it again. Third-party scripts stay.
      add('csp', m % 3 === 1 ? 0 : 0.6 - 0.1 * q);
      add('frame', 0.35 - 0.05 * q);
      add('xdomain', 0.9);
      add('sri', 0.8);
      add('hsts', q < 3 ? 0.3 : 0);
      add('poweredBy', 0.6);
      add('version', 0.7);
      add('debugErrors', 0.5);
      add('bigRedirect', 0.5);
      out.push({ service, at, site, alerts });
    }
  }
  return out.sort((a, b) => a.at - b.at || cmp(a.service, b.service));
}

// ---- exploitability ------------------------------------------------------------------------

function scenarioCves(findings: readonly SimFinding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings) if (f.source.kind === 'vuln' && /^CVE-/.test(f.source.advisory.id)) out.add(f.source.advisory.id);
  return out;
}

/** Entries of CISA's Known Exploited Vulnerabilities catalog for CVEs the demo's scanners can report. */
const KEV = [
  { cve: 'CVE-2020-11023', dateAdded: '2025-01-23', vendor: 'JQuery', product: 'JQuery', name: 'JQuery Cross-Site Scripting (XSS) Vulnerability' },
  {
    cve: 'CVE-2023-4863',
    dateAdded: '2023-09-13',
    vendor: 'Google',
    product: 'Chromium WebP',
    name: 'Google Chromium WebP Heap-Based Buffer Overflow Vulnerability',
  },
  { cve: 'CVE-2023-4911', dateAdded: '2023-11-21', vendor: 'GNU', product: 'GNU C Library', name: 'GNU C Library Buffer Overflow Vulnerability' },
  { cve: 'CVE-2023-44487', dateAdded: '2023-10-10', vendor: 'IETF', product: 'HTTP/2', name: 'HTTP/2 Rapid Reset Attack Vulnerability' },
];

/**
 * An EPSS score for a CVE: fictional but stable (a hash of the id), skewed low as real scores
 * are, with the CISA-listed ones high. This is example data, not FIRST's model.
 */
function epssOf(cve: string): { cve: string; epss: number; percentile: number } {
  const h = hashString(`epss:${cve}`) / 4294967296;
  const kev = KEV.some((k) => k.cve === cve);
  const epss = kev ? 0.6 + 0.35 * h : h < 0.15 ? 0.1 + 0.5 * h : 0.0004 + 0.05 * h * h;
  const percentile = kev ? 0.99 : Math.min(0.999, 0.2 + 0.79 * Math.sqrt(epss / 0.6));
  return { cve, epss: Math.round(epss * 1e5) / 1e5, percentile: Math.round(percentile * 1e5) / 1e5 };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
