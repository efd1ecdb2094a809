import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { normalizeSeverity, type Category, type Severity } from '../../domain/severity.js';
import { parseTimestamp, type Millis } from '../../domain/time.js';
import type { GithubClient } from './client.js';
import { repoPath, type RepoTarget } from './repos.js';
import {
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

export const DEPENDABOT_TOOL = 'dependabot';
export const SECRET_SCANNING_TOOL = 'github-secret-scanning';

/** A finding made from an alert: it carries its tool, category and its own open and close times. */
export type AlertFinding = RawFinding & { tool: string; category: Category; toolOpenedAt: Millis; toolFixedAt: Millis | null };

/** The same alert is the same finding in every sync. */
export function alertFingerprint(repo: string, kind: AlertKind, number: number): string {
  return `github:${repo}:${kind}:${number}`;
}

/** Dismissals that say the alert was never real; other dismissals (won't fix, tolerable risk) close it as they are. */
const FALSE_POSITIVE_REASON = /false[ _-]?positive|inaccurate|not[ _-]?used/i;

/** Where the open interval ends: fixed, else dismissed, else auto-dismissed or resolved; a closed alert without one ends at its last update. */
function closedAt(state: string, times: readonly (string | null | undefined)[], updatedAt: string | null | undefined): Millis | null {
  if (state === 'open') return null;
  for (const t of times) {
    const at = parseTimestamp(t);
    if (at !== null) return at;
  }
  return parseTimestamp(updatedAt);
}

/** An end before the start (clock skew between GitHub services) is clamped to the start. */
function interval(createdAt: string, end: Millis | null): { toolOpenedAt: Millis; toolFixedAt: Millis | null } {
  const opened = parseTimestamp(createdAt)!;
  return { toolOpenedAt: opened, toolFixedAt: end === null ? null : Math.max(opened, end) };
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
  if (severity === null) return { skip: `dependabot alert ${alert.number}: unknown severity "${alert.security_vulnerability?.severity ?? advisory?.severity ?? ''}"` };
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
    falsePositive: alert.state !== 'open' && FALSE_POSITIVE_REASON.test(alert.dismissed_reason ?? ''),
    exploitAvailable: false,
    tool: DEPENDABOT_TOOL,
    category: 'sca',
    occurrences: 1,
    ...interval(alert.created_at, closedAt(alert.state, [alert.fixed_at, alert.dismissed_at, alert.auto_dismissed_at], alert.updated_at)),
  };
}

/** Tools that upload SARIF to code scanning but are not SAST, as the SARIF importer sees them. */
const CATEGORY_BY_TOOL: readonly (readonly [RegExp, Category])[] = [
  [/gitleaks|trufflehog|secret|detect-secrets/i, 'secrets'],
  [/checkov|tfsec|kics|terrascan|iac|cfn|hadolint/i, 'iac'],
  [/trivy|grype|snyk|dependabot|osv|npm|dependency|retire|audit/i, 'sca'],
  [/zap|nuclei|burp|dast|arachni/i, 'dast'],
];

export function codeScanningTool(alert: CodeScanningAlert): string {
  const name = alert.tool?.name?.trim();
  return name ? name.toLowerCase() : 'code-scanning';
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
    falsePositive: alert.state !== 'open' && FALSE_POSITIVE_REASON.test(alert.dismissed_reason ?? ''),
    exploitAvailable: false,
    tool,
    category: CATEGORY_BY_TOOL.find(([p]) => p.test(tool))?.[1] ?? 'sast',
    occurrences: 1,
    ...interval(alert.created_at, closedAt(alert.state, [alert.fixed_at, alert.dismissed_at], alert.updated_at)),
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
    falsePositive: alert.state !== 'open' && FALSE_POSITIVE_REASON.test(alert.resolution ?? ''),
    exploitAvailable: false,
    tool: SECRET_SCANNING_TOOL,
    category: 'secrets',
    occurrences: 1,
    ...(alert.secret ? { secret: redact(alert.secret) } : {}),
    ...interval(alert.created_at, closedAt(alert.state, [alert.resolved_at], alert.updated_at)),
  };
}

/** The latest change of an alert; secret-scanning answers may lack `updated_at`. */
function changedAt(value: unknown): Millis {
  const v = (value ?? {}) as Record<string, unknown>;
  const times = [v['updated_at'], v['created_at'], v['fixed_at'], v['dismissed_at'], v['resolved_at'], v['auto_dismissed_at']].map(parseTimestamp).filter((t): t is Millis => t !== null);
  return times.length === 0 ? Number.POSITIVE_INFINITY : Math.max(...times);
}

/** Whose alerts: one repository, or a whole organization (org-level endpoints; each alert names its repository). */
export type AlertScope = { repo: RepoTarget } | { org: string };

export interface AlertItem {
  target: RepoTarget;
  finding: AlertFinding;
}

export type AlertSync =
  | { available: true; items: AlertItem[]; cursor: Millis | null; listed: number }
  /** The feature is off, or the token may not read it (403, 404): no coverage from this source. */
  | { available: false; status: number; message: string };

const PATHS: Record<AlertKind, string> = {
  dependabot: 'dependabot/alerts',
  'code-scanning': 'code-scanning/alerts',
  'secret-scanning': 'secret-scanning/alerts',
};

/**
 * Alerts of one kind changed since `since` (all when null), newest change first so that paging
 * stops at the first page that reaches older ones. `resolve` names the repository of an
 * org-level alert.
 */
export async function fetchAlerts(
  client: GithubClient,
  scope: AlertScope,
  kind: AlertKind,
  options: { since: Millis | null; redact: (value: string) => RedactedSecret; resolve: (fullName: string) => RepoTarget },
  warnings: string[],
): Promise<AlertSync> {
  const path = 'repo' in scope ? `${repoPath(scope.repo)}/${PATHS[kind]}` : `/orgs/${encodeURIComponent(scope.org)}/${PATHS[kind]}`;
  const listed = await client.list(
    path,
    { sort: 'updated', direction: 'desc' },
    { allow: [403, 404, 410], stop: (page) => options.since !== null && page.length > 0 && changedAt(page[page.length - 1]!.value) < options.since },
  );
  if (!listed.ok) return { available: false, status: listed.status, message: listed.message };
  let cursor = options.since;
  const fresh = listed.items.filter((i) => {
    const t = changedAt(i.value);
    if (Number.isFinite(t) && (cursor === null || t > cursor)) cursor = t;
    return options.since === null || t >= options.since;
  });
  const items: AlertItem[] = [];
  const targetOf = (repository: { full_name: string } | null | undefined): RepoTarget | null => {
    if ('repo' in scope) return scope.repo;
    return repository ? options.resolve(repository.full_name) : null;
  };
  const add = (target: RepoTarget | null, made: AlertFinding | { skip: string }, number: number) => {
    if (target === null) warnings.push(`GET ${client.url(path)}: ${kind} alert ${number} names no repository; skipped`);
    else if ('skip' in made) warnings.push(`${target.key}: ${made.skip}; skipped`);
    else items.push({ target, finding: made });
  };
  if (kind === 'dependabot') {
    for (const a of parseItems(dependabotAlertSchema, fresh, warnings)) {
      const target = targetOf(a.repository);
      add(target, target ? dependabotFinding(a, target.key) : { skip: '' }, a.number);
    }
  } else if (kind === 'code-scanning') {
    for (const a of parseItems(codeScanningAlertSchema, fresh, warnings)) {
      const target = targetOf(a.repository);
      add(target, target ? codeScanningFinding(a, target.key) : { skip: '' }, a.number);
    }
  } else {
    for (const a of parseItems(secretScanningAlertSchema, fresh, warnings)) {
      const target = targetOf(a.repository);
      add(target, target ? secretScanningFinding(a, target.key, options.redact) : { skip: '' }, a.number);
    }
  }
  return { available: true, items, cursor, listed: listed.items.length };
}
