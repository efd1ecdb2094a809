import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { categoryOfTool } from '../../importers/fields.js';
import { alertOutcome, type AlertOutcome } from '../../importers/github/alert-outcome.js';
import { normalizeSeverity, type Category, type Severity } from '../../domain/severity.js';
import { parseTimestamp, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { etagFor, type ReadWindow, type ResourceRead } from './cursor.js';
import { repoPath, type RepoTarget } from './repos.js';
import {
  analysisSchema,
  codeScanningAlertSchema,
  dependabotAlertSchema,
  parseItems,
  secretScanningAlertSchema,
  type CodeScanningAlert,
  type DependabotAlert,
  type SecretScanningAlert,
} from './schema.js';

export const ALERT_KINDS = ['dependabot', 'code-scanning', 'secret-scanning'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Tool names of the alert sources. They differ from those of imported scanner files (a CodeQL
 * SARIF import is tool `CodeQL`), so that alert streams, whose intervals GitHub states, never
 * share a stream with snapshot imports, whose intervals are derived from sightings.
 */
export const DEPENDABOT_TOOL = 'github-dependabot';
export const SECRET_SCANNING_TOOL = 'github-secret-scanning';

/**
 * A finding made from an alert: it carries its tool, category and its own open and close times.
 * `dismissedOpen`: dismissed without being fixed nor found false (won't fix, tolerable risk):
 * kept open, as a risk acceptance belongs in an exception, not in a dismissal.
 */
export type AlertFinding = RawFinding & { tool: string; category: Category; toolOpenedAt: Millis; toolFixedAt: Millis | null; dismissedOpen: boolean };

/** The same alert is the same finding in every sync. */
export function alertFingerprint(repo: string, kind: AlertKind, number: number): string {
  return `github:${repo}:${kind}:${number}`;
}

/** The interval of an alert: closed at the first of `times` that is set (else its last update) unless it stays open. */
function lifecycle(outcome: AlertOutcome, createdAt: string, times: readonly (string | null | undefined)[], updatedAt: string | null | undefined) {
  const opened = parseTimestamp(createdAt)!;
  const open = { toolOpenedAt: opened, toolFixedAt: null, falsePositive: false, dismissedOpen: outcome === 'dismissed' };
  if (outcome === 'open' || outcome === 'dismissed') return open;
  const end = times.map(parseTimestamp).find((t) => t !== null) ?? parseTimestamp(updatedAt) ?? opened;
  // An end before the start (clock skew between GitHub services) is clamped to the start.
  return { ...open, toolFixedAt: Math.max(opened, end), falsePositive: outcome === 'false_positive' };
}

function cweNumbers(values: readonly string[]): number[] {
  const out = new Set<number>();
  for (const v of values) {
    const m = /cwe[-/](\d+)/i.exec(v);
    if (m) out.add(Number(m[1]));
  }
  return [...out];
}

export function dependabotFinding(alert: DependabotAlert, repo: string): AlertFinding | { skip: string } {
  const advisory = alert.security_advisory;
  const severity = normalizeSeverity(alert.security_vulnerability?.severity ?? advisory?.severity);
  if (severity === null)
    return { skip: `dependabot alert ${alert.number}: unknown severity "${alert.security_vulnerability?.severity ?? advisory?.severity ?? ''}"` };
  const pkg = alert.dependency?.package?.name ?? null;
  const ids = [advisory?.cve_id, advisory?.ghsa_id].filter((x): x is string => typeof x === 'string' && x !== '');
  return {
    fingerprint: alertFingerprint(repo, 'dependabot', alert.number),
    severity,
    title: advisory?.summary ?? `${ids[0] ?? 'advisory'} in ${pkg ?? 'a dependency'}`,
    ruleId: advisory?.ghsa_id ?? null,
    vulnerabilityIds: [...new Set(ids)],
    cwes: cweNumbers((advisory?.cwes ?? []).map((c) => c.cwe_id)),
    file: alert.dependency?.manifest_path ?? null,
    line: null,
    component: { name: pkg, version: null },
    fixVersion: alert.security_vulnerability?.first_patched_version?.identifier ?? null,
    fixAvailableAt: null,
    description: advisory?.description ?? null,
    exploitAvailable: false,
    tool: DEPENDABOT_TOOL,
    category: 'sca',
    occurrences: 1,
    ...lifecycle(
      alertOutcome(alert.state, alert.dismissed_reason),
      alert.created_at,
      [alert.fixed_at, alert.dismissed_at, alert.auto_dismissed_at],
      alert.updated_at,
    ),
  };
}

/** Tools that upload SARIF to code scanning but are not SAST, as the SARIF importer sees them. */
/** The category of the uploading tool, by the importers' one tool-name table (SAST when no pattern matches). */
export function codeScanningCategory(tool: string): Category {
  return categoryOfTool(tool.slice(tool.indexOf('/') + 1));
}

export const CODE_SCANNING_TOOL = 'github-code-scanning';

/** `github-code-scanning/<tool>`: the tool that uploaded the analysis (CodeQL, or any SARIF uploader). */
export function codeScanningTool(alert: CodeScanningAlert): string {
  const name = alert.tool?.name?.trim();
  return name ? `${CODE_SCANNING_TOOL}/${name.toLowerCase()}` : CODE_SCANNING_TOOL;
}

export function codeScanningFinding(alert: CodeScanningAlert, repo: string): AlertFinding | { skip: string } {
  const rule = alert.rule;
  const severity: Severity | null = normalizeSeverity(rule.security_severity_level) ?? normalizeSeverity(rule.severity);
  if (severity === null) return { skip: `code scanning alert ${alert.number}: unknown severity "${rule.security_severity_level ?? rule.severity ?? ''}"` };
  const tool = codeScanningTool(alert);
  const location = alert.most_recent_instance?.location;
  return {
    fingerprint: alertFingerprint(repo, 'code-scanning', alert.number),
    severity,
    title: rule.description ?? rule.name ?? rule.id ?? `code scanning alert ${alert.number}`,
    ruleId: rule.id ?? rule.name ?? null,
    vulnerabilityIds: [],
    cwes: cweNumbers(rule.tags ?? []),
    file: location?.path ?? null,
    line: location?.start_line ?? null,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: alert.most_recent_instance?.message?.text ?? null,
    exploitAvailable: false,
    tool,
    category: codeScanningCategory(tool),
    occurrences: 1,
    ...lifecycle(alertOutcome(alert.state, alert.dismissed_reason), alert.created_at, [alert.fixed_at, alert.dismissed_at], alert.updated_at),
  };
}

/** The secret value is turned into a keyed hash and a preview here; it goes no further. */
export function secretScanningFinding(alert: SecretScanningAlert, repo: string, redact: (value: string) => RedactedSecret): AlertFinding {
  const type = alert.secret_type_display_name ?? alert.secret_type ?? 'secret';
  const location = alert.first_location_detected;
  return {
    fingerprint: alertFingerprint(repo, 'secret-scanning', alert.number),
    severity: alert.validity === 'active' ? 'critical' : 'high',
    title: `${type} committed`,
    ruleId: alert.secret_type ?? null,
    vulnerabilityIds: [],
    cwes: [798],
    file: location?.path ?? null,
    line: location?.start_line ?? null,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: null,
    exploitAvailable: false,
    tool: SECRET_SCANNING_TOOL,
    category: 'secrets',
    occurrences: 1,
    ...(alert.secret ? { secret: redact(alert.secret) } : {}),
    ...lifecycle(alertOutcome(alert.state, alert.resolution), alert.created_at, [alert.resolved_at], alert.updated_at),
  };
}

/** The latest change of an alert; secret-scanning answers may lack `updated_at`. */
function changedAt(value: unknown): Millis {
  const v = (value ?? {}) as Record<string, unknown>;
  const times = [v['updated_at'], v['created_at'], v['fixed_at'], v['dismissed_at'], v['resolved_at'], v['auto_dismissed_at']]
    .map(parseTimestamp)
    .filter((t): t is Millis => t !== null);
  return times.length === 0 ? Number.POSITIVE_INFINITY : Math.max(...times);
}

export interface AlertItem {
  target: RepoTarget;
  finding: AlertFinding;
}

export type AlertSync =
  | (ResourceRead<AlertFinding> & { available: true })
  /** The feature is off, or the token may not read it (403, 404): no coverage from this source. */
  | { available: false; status: number; message: string };

const PATHS: Record<AlertKind, string> = {
  dependabot: 'dependabot/alerts',
  'code-scanning': 'code-scanning/alerts',
  'secret-scanning': 'secret-scanning/alerts',
};

/**
 * Alerts of one kind of a repository changed since the window's start (all when null), newest
 * change first so that paging stops at the first page that reaches older ones. The cursor moves
 * to the latest change seen.
 */
export async function fetchAlerts(
  client: GithubClient,
  target: RepoTarget,
  kind: AlertKind,
  options: { window: ReadWindow; redact: (value: string) => RedactedSecret },
  warnings: string[],
): Promise<AlertSync> {
  const { window } = options;
  const path = `${repoPath(target)}/${PATHS[kind]}`;
  const query = { sort: 'updated', direction: 'desc' };
  const url = client.url(path, { per_page: client.perPage, ...query });
  const listed = await client.list(path, query, {
    allow: [403, 404, 410],
    etag: etagFor(window.cursor, url, window.fromCursor),
    stop: (page) => window.since !== null && page.length > 0 && changedAt(page[page.length - 1]!.value) < window.since,
  });
  if (!listed.ok) return { available: false, status: listed.status, message: listed.message };
  if (listed.notModified)
    return {
      available: true,
      rows: [],
      cursor: { since: window.since, url, etag: listed.etag, extra: window.cursor?.extra ?? {} },
      unchanged: true,
      listed: 0,
    };
  let since = window.since;
  const fresh = listed.items.filter((i) => {
    const t = changedAt(i.value);
    if (Number.isFinite(t) && (since === null || t > since)) since = t;
    return window.since === null || t >= window.since;
  });
  const rows: AlertFinding[] = [];
  const add = (made: AlertFinding | { skip: string }) => {
    if ('skip' in made) warnings.push(`${target.key}: ${made.skip}; skipped`);
    else rows.push(made);
  };
  if (kind === 'dependabot') for (const a of parseItems(dependabotAlertSchema, fresh, warnings)) add(dependabotFinding(a, target.key));
  else if (kind === 'code-scanning') for (const a of parseItems(codeScanningAlertSchema, fresh, warnings)) add(codeScanningFinding(a, target.key));
  else for (const a of parseItems(secretScanningAlertSchema, fresh, warnings)) add(secretScanningFinding(a, target.key, options.redact));
  return { available: true, rows, cursor: { since, url, etag: listed.etag, extra: window.cursor?.extra ?? {} }, unchanged: false, listed: listed.items.length };
}

/** A code scanning analysis as a scan: its tool (as alert findings name it), category and time. */
export interface AnalysisScan {
  tool: string;
  category: Category;
  at: Millis;
  results: number | null;
}

/**
 * The code scanning analyses uploaded since the window's start, newest first: each is a scan
 * of its tool's category at its time (what coverage counts). Failed analyses are left out. The
 * cursor moves to the newest analysis.
 */
export async function fetchAnalyses(
  client: GithubClient,
  target: RepoTarget,
  options: { window: ReadWindow },
  warnings: string[],
): Promise<{ available: false } | (ResourceRead<AnalysisScan> & { available: true })> {
  const { window } = options;
  const path = `${repoPath(target)}/code-scanning/analyses`;
  const query = { sort: 'created', direction: 'desc' };
  const url = client.url(path, { per_page: client.perPage, ...query });
  const created = (value: unknown) => parseTimestamp((value as { created_at?: unknown } | null)?.created_at) ?? Number.POSITIVE_INFINITY;
  const listed = await client.list(path, query, {
    allow: [403, 404, 410],
    etag: etagFor(window.cursor, url, window.fromCursor),
    stop: (page) => window.since !== null && page.length > 0 && created(page[page.length - 1]!.value) < window.since,
  });
  if (!listed.ok) return { available: false };
  if (listed.notModified) return { available: true, rows: [], cursor: { since: window.since, url, etag: listed.etag, extra: {} }, unchanged: true, listed: 0 };
  let since = window.since;
  const rows: AnalysisScan[] = [];
  for (const a of parseItems(analysisSchema, listed.items, warnings)) {
    const at = parseTimestamp(a.created_at)!;
    if (window.since !== null && at < window.since) continue;
    if (since === null || at > since) since = at;
    if (a.error) continue;
    const name = a.tool?.name?.trim();
    const tool = name ? `${CODE_SCANNING_TOOL}/${name.toLowerCase()}` : CODE_SCANNING_TOOL;
    rows.push({ tool, category: codeScanningCategory(tool), at, results: a.results_count ?? null });
  }
  return { available: true, rows, cursor: { since, url, etag: listed.etag, extra: {} }, unchanged: false, listed: listed.items.length };
}
