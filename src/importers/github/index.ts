import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { repoKey } from '../../domain/service.js';
import { normalizeSeverity, type Category, type Severity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { alertOutcome } from './alert-outcome.js';
import { categoryOfTool, cweNumbers, statedTime, text, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import {
  codeScanningAlertSchema,
  dependabotAlertSchema,
  graphqlAlertSchema,
  secretScanningAlertSchema,
  type CodeScanningAlert,
  type DependabotAlert,
  type GraphqlAlert,
  type SecretScanningAlert,
} from './schema.js';

const NAME = 'GitHub alerts';

/** The same tool names as the GitHub connector (`secscore sync github`), so that an export and a sync are one stream. */
const DEPENDABOT = 'dependabot';
const SECRET_SCANNING = 'github-secret-scanning';

type Kind = 'dependabot' | 'code-scanning' | 'secret-scanning';

export const githubImporter: ScannerImporter = {
  id: 'github',
  name: `${NAME} (Dependabot GraphQL or REST, code scanning, secret scanning)`,
  defaultCategory: 'sca',
  defaultTool: DEPENDABOT,
  detect,
  parse,
};

/** A file name that says which alerts an empty export held. */
function kindOfPath(path: string): Kind | null {
  if (/secret/i.test(path) && /github|scanning|detection/i.test(path)) return 'secret-scanning';
  if (/code[-_ ]?scanning/i.test(path)) return 'code-scanning';
  if (/dependabot/i.test(path)) return 'dependabot';
  return null;
}

function detect({ path, head }: DetectInput): number {
  const t = head.trim();
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (/^\{\s*"data"\s*:/.test(t) && has('vulnerabilityAlerts')) return 95;
  if (t.startsWith('[') && has('html_url') && has('number') && has('state')) {
    if (has('secret_type')) return 90;
    if (has('rule') && has('most_recent_instance')) return 90;
    if (has('security_advisory') && has('dependency')) return 90;
  }
  // An empty list (or `{}`) says nothing; a file named after GitHub's alerts is taken at its word.
  if (/^(\[\s*\]|\{\s*\})$/.test(t)) return kindOfPath(path) ? 50 : 0;
  return 0;
}

interface Made {
  finding: RawFinding & { tool: string; category: Category };
  repo: string | null;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  const made: Made[] = [];
  const skips: SkipItem[] = [];
  const fingerprint = fingerprinter();
  let kind: Kind | null = kindOfPath(source.path);
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'data')) {
    kind = 'dependabot';
    for (const { repo, alerts, at } of graphqlRepositories(data, source.path)) {
      // DefectDojo merges alerts on their node id.
      const seen = new Set<string>();
      for (const [i, raw] of alerts.entries()) {
        const alert = validate(graphqlAlertSchema, raw, source.path, NAME, [...at, i]);
        const id = text(alert.id) ?? (alert.number !== undefined ? String(alert.number) : null);
        if (id !== null && seen.has(id)) continue;
        if (id !== null) seen.add(id);
        const result = graphqlFinding(
          alert,
          repo ?? repoOf(alert.repository?.url) ?? text(alert.repository?.nameWithOwner),
          timesAt(source.path, pathText([...at, i]), []),
          fingerprint,
        );
        if ('reason' in result) skips.push({ kind: 'skip', reason: result.reason, place: { jsonPath: pathText([...at, i]) } });
        else made.push(result);
      }
    }
  } else if (Array.isArray(data)) {
    for (const [i, raw] of data.entries()) {
      const k = kindOf(raw);
      if (k === null) {
        skips.push({ kind: 'skip', reason: 'neither a Dependabot, a code scanning nor a secret scanning alert', place: { jsonPath: `$[${i}]` } });
        continue;
      }
      kind ??= k;
      const time = timesAt(source.path, `$[${i}]`, REST_NO_TIME);
      const result =
        k === 'dependabot'
          ? dependabotFinding(validate(dependabotAlertSchema, raw, source.path, NAME, [i]), time, fingerprint)
          : k === 'code-scanning'
            ? codeScanningFinding(validate(codeScanningAlertSchema, raw, source.path, NAME, [i]), time, fingerprint)
            : secretFinding(validate(secretScanningAlertSchema, raw, source.path, NAME, [i]), ctx, time, fingerprint);
      if ('reason' in result) skips.push({ kind: 'skip', reason: result.reason, place: { jsonPath: `$[${i}]` } });
      else made.push(result);
    }
    if (data.length > 0 && made.length === 0 && skips.length === data.length && skips.every((s) => s.reason.startsWith('neither')))
      throw new InputError(source.path, NAME, { jsonPath: '$[0]' }, 'neither a Dependabot, a code scanning nor a secret scanning alert');
  } else {
    throw new InputError(source.path, NAME, { jsonPath: '$' }, 'expected a GraphQL export (`data` with `vulnerabilityAlerts`) or a REST list of alerts');
  }
  // One snapshot header per (tool, repository): an organization's list covers each repository's stream.
  const headers = new Map<string, ParseItem>();
  for (const { finding, repo } of made) {
    const key = `${finding.tool}\u001f${finding.category}\u001f${repo ?? ''}`;
    if (!headers.has(key))
      headers.set(key, {
        kind: 'scan',
        tool: finding.tool,
        category: finding.category,
        scannedAt: null,
        ...(repo ? { target: { repos: [repo] } } : {}),
        covers: [{ tool: finding.tool, category: finding.category }],
      });
  }
  if (headers.size === 0) {
    const [tool, category]: [string, Category] =
      kind === 'secret-scanning' ? [SECRET_SCANNING, 'secrets'] : kind === 'code-scanning' ? ['code-scanning', 'sast'] : [DEPENDABOT, 'sca'];
    headers.set('', { kind: 'scan', tool, category, scannedAt: null, covers: [{ tool, category }] });
  }
  yield* headers.values();
  yield* skips;
  for (const { finding } of made) yield { kind: 'finding', finding };
}

/**
 * What REST exports write for an alert's time that is not there besides null: `"None"`, as a
 * Python export writes Python's None (DefectDojo's issue_9582.json, a Dependabot list). GitHub's
 * APIs themselves write null.
 */
const REST_NO_TIME: readonly string[] = ['None'];

/** An alert's time by its field name: null where it states none, an error at its JSON path where it is no timestamp. */
type TimeOf = (field: string, value: string | null | undefined) => Millis | null;

function timesAt(file: string, at: string, missing: readonly string[]): TimeOf {
  return (field, value) => statedTime(value, file, NAME, `${at}.${field}`, missing);
}

function kindOf(raw: unknown): Kind | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  if (Object.hasOwn(raw, 'secret_type')) return 'secret-scanning';
  if (Object.hasOwn(raw, 'rule') && (Object.hasOwn(raw, 'most_recent_instance') || Object.hasOwn(raw, 'tool'))) return 'code-scanning';
  if (Object.hasOwn(raw, 'security_advisory') || Object.hasOwn(raw, 'security_vulnerability')) return 'dependabot';
  return null;
}

function pathText(path: readonly (string | number)[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}

/**
 * Every repository node of a GraphQL export that holds `vulnerabilityAlerts` (one repository, or
 * the repositories of a search), found without recursion so that deep input cannot overflow the stack.
 */
function graphqlRepositories(data: object, file: string): { repo: string | null; alerts: unknown[]; at: (string | number)[] }[] {
  const out: { repo: string | null; alerts: unknown[]; at: (string | number)[] }[] = [];
  const stack: { value: unknown; at: (string | number)[] }[] = [{ value: data, at: [] }];
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], at: [...at, i] });
      continue;
    }
    const node = value as Record<string, unknown>;
    if (Object.hasOwn(node, 'vulnerabilityAlerts')) {
      const alerts = node['vulnerabilityAlerts'];
      const nodes = typeof alerts === 'object' && alerts !== null ? (alerts as Record<string, unknown>)['nodes'] : undefined;
      if (!Array.isArray(nodes))
        throw new InputError(file, NAME, { jsonPath: pathText([...at, 'vulnerabilityAlerts', 'nodes']) }, 'expected a list of alert nodes');
      const url = typeof node['url'] === 'string' ? repoOf(node['url']) : null;
      const named = typeof node['nameWithOwner'] === 'string' ? node['nameWithOwner'] : typeof node['name'] === 'string' ? node['name'] : null;
      out.push({ repo: url ?? text(named), alerts: nodes, at: [...at, 'vulnerabilityAlerts', 'nodes'] });
      continue;
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: node[keys[i]!], at: [...at, keys[i]!] });
  }
  if (out.length === 0) throw new InputError(file, NAME, { jsonPath: '$.data' }, 'no `vulnerabilityAlerts` in the GraphQL export');
  return out;
}

/** `https://github.com/acme/api/security/…` or `https://github.com/acme/api` → `github.com/acme/api`. */
function repoOf(url: string | null | undefined): string | null {
  const m = /^(https?:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+?)(?:\/(?:security|pull|issues)\b.*)?\/?$/.exec(url?.trim() ?? '');
  return m ? repoKey(m[1]!) : null;
}

function repoOfAlert(alert: { html_url?: string | null; repository?: { full_name?: string | null; html_url?: string | null } | null }): string | null {
  return (
    repoOf(alert.repository?.html_url) ??
    repoOf(alert.html_url) ??
    (text(alert.repository?.full_name) ? `github.com/${alert.repository!.full_name!.trim().toLowerCase()}` : null)
  );
}

/** The connector's fingerprint where the alert's repository and number are known, so that an export and a sync agree. */
function alertFingerprint(fingerprint: Fingerprinter, repo: string | null, kind: Kind, number: number | undefined, fallback: readonly string[]): string {
  return repo !== null && number !== undefined ? `github:${repo}:${kind}:${number}` : fingerprint([kind, ...fallback], '');
}

/**
 * How an alert stands, read as the GitHub connector reads it (both through `alertOutcome`,
 * alert-outcome.ts), so that a file export and a sync of the same alert agree:
 * - fixed (or a secret revoked), with its close time and its creation time: a fix at that time
 *   (importFiles stores it with the tool's own interval);
 * - closed as never real (false positive, inaccurate, used in tests, auto-dismissed ...): a false positive;
 * - dismissed without a fix (won't fix, tolerable risk): the issue is still there, so it is open;
 * - fixed without a close time: not live, and no time to place a fix at, so kept but excluded.
 */
function closure(
  state: string | null | undefined,
  reason: string | null | undefined,
  openedAt: Millis | null,
  times: readonly (Millis | null)[],
): { falsePositive: boolean; toolFixedAt: Millis | null } {
  const outcome = alertOutcome(text(state)?.toLowerCase() ?? 'open', text(reason));
  if (outcome === 'open' || outcome === 'dismissed') return { falsePositive: false, toolFixedAt: null };
  const closedAt = times.find((t) => t !== null) ?? null;
  if (outcome === 'false_positive') return { falsePositive: true, toolFixedAt: closedAt };
  return { falsePositive: closedAt === null || openedAt === null, toolFixedAt: closedAt };
}

function severityOr(raw: string | null | undefined): Severity | { reason: string } {
  return normalizeSeverity(raw ?? undefined) ?? { reason: `unknown severity "${raw ?? ''}"` };
}

/** `= 5.3.29` → `5.3.29`; a range names no installed version. */
function exactVersion(requirements: string | null | undefined): string | null {
  const m = /^\s*=+\s*([^\s,<>=~^]+)\s*$/.exec(requirements ?? '');
  return m ? m[1]! : null;
}

/** A Dependabot alert of either API, in one shape. */
interface DependabotFields {
  number: number | undefined;
  id: string | null;
  repo: string | null;
  severity: string | null | undefined;
  summary: string | null;
  pkg: string | null;
  version: string | null;
  ids: string[];
  ghsa: string | null;
  cwes: (string | null | undefined)[];
  manifest: string | null;
  fix: string | null;
  description: string | null;
  /** When it was opened, and closed (fixed, dismissed, auto-dismissed: the first the alert states), read through statedTime. */
  createdAt: Millis | null;
  state: string | null | undefined;
  /** Why it was dismissed, where it was. */
  reason: string | null | undefined;
  closedAt: (Millis | null)[];
}

function dependabot(d: DependabotFields, fingerprint: Fingerprinter): Made | { reason: string } {
  const title = d.summary ?? `${d.ids[0] ?? 'advisory'} in ${d.pkg ?? 'a dependency'}`;
  const severity = severityOr(d.severity);
  if (typeof severity === 'object') return { reason: `Dependabot alert "${title}": ${severity.reason}` };
  return {
    repo: d.repo,
    finding: {
      fingerprint: alertFingerprint(fingerprint, d.repo, 'dependabot', d.number, [d.id ?? String(d.number ?? ''), d.pkg ?? '', d.ids[0] ?? title]),
      severity,
      title,
      ruleId: d.ghsa ?? d.ids.find((i) => /^GHSA-/i.test(i)) ?? d.ids[0] ?? null,
      vulnerabilityIds: d.ids,
      cwes: cweNumbers(d.cwes),
      file: d.manifest,
      line: null,
      component: { name: d.pkg, version: d.version },
      fixVersion: d.fix,
      fixAvailableAt: null,
      description: d.description,
      exploitAvailable: false,
      tool: DEPENDABOT,
      category: 'sca',
      ...(d.repo ? { target: { repos: [d.repo] } } : {}),
      occurrences: 1,
      toolOpenedAt: d.createdAt,
      ...closure(d.state, d.reason, d.createdAt, d.closedAt),
    },
  };
}

function graphqlFinding(a: GraphqlAlert, repo: string | null, time: TimeOf, fingerprint: Fingerprinter): Made | { reason: string } {
  const v = a.securityVulnerability;
  const advisory = v?.advisory;
  return dependabot(
    {
      number: a.number,
      id: text(a.id),
      repo,
      // GitHub's GraphQL default is moderate where an alert gives no severity (as DefectDojo reads it).
      severity: v?.severity ?? 'MODERATE',
      summary: text(advisory?.summary),
      pkg: text(v?.package?.name),
      version: exactVersion(a.vulnerableRequirements),
      ids: uniqueStrings((advisory?.identifiers ?? []).map((i) => i.value)),
      ghsa: null,
      cwes: (advisory?.cwes?.nodes ?? []).map((n) => n.cweId),
      manifest: text(a.vulnerableManifestPath),
      fix: text(v?.firstPatchedVersion?.identifier),
      description: text(advisory?.description),
      createdAt: time('createdAt', a.createdAt),
      state: a.state,
      reason: a.dismissReason,
      closedAt: [time('fixedAt', a.fixedAt), time('dismissedAt', a.dismissedAt), time('autoDismissedAt', a.autoDismissedAt)],
    },
    fingerprint,
  );
}

function dependabotFinding(a: DependabotAlert, time: TimeOf, fingerprint: Fingerprinter): Made | { reason: string } {
  const advisory = a.security_advisory;
  return dependabot(
    {
      number: a.number,
      id: null,
      repo: repoOfAlert(a),
      severity: a.security_vulnerability?.severity ?? advisory?.severity,
      summary: text(advisory?.summary),
      pkg: text(a.dependency?.package?.name),
      version: null,
      ids: uniqueStrings([...(advisory?.identifiers ?? []).map((i) => i.value), advisory?.ghsa_id, advisory?.cve_id]),
      ghsa: text(advisory?.ghsa_id),
      cwes: (advisory?.cwes ?? []).map((c) => c.cwe_id),
      manifest: text(a.dependency?.manifest_path),
      fix: text(a.security_vulnerability?.first_patched_version?.identifier),
      description: text(advisory?.description),
      createdAt: time('created_at', a.created_at),
      state: a.state,
      reason: a.dismissed_reason,
      closedAt: [time('fixed_at', a.fixed_at), time('dismissed_at', a.dismissed_at), time('auto_dismissed_at', a.auto_dismissed_at)],
    },
    fingerprint,
  );
}

function codeScanningFinding(a: CodeScanningAlert, time: TimeOf, fingerprint: Fingerprinter): Made | { reason: string } {
  const [createdAt, fixedAt, dismissedAt] = [time('created_at', a.created_at), time('fixed_at', a.fixed_at), time('dismissed_at', a.dismissed_at)];
  const rule = a.rule;
  const ruleId = text(rule.id) ?? text(rule.name);
  const severity = severityOr(text(rule.security_severity_level) ?? rule.severity);
  if (typeof severity === 'object') return { reason: `code scanning alert ${a.number ?? ''}: ${severity.reason}` };
  const tool = text(a.tool?.name)?.toLowerCase() ?? 'code-scanning';
  const repo = repoOfAlert(a);
  const location = a.most_recent_instance?.location;
  return {
    repo,
    finding: {
      fingerprint: alertFingerprint(fingerprint, repo, 'code-scanning', a.number, [String(a.number ?? ''), ruleId ?? '', text(location?.path) ?? '']),
      severity,
      // The rule, as DefectDojo titles code scanning alerts; its description leads the description.
      title: text(rule.name) ?? ruleId ?? `code scanning alert ${a.number ?? ''}`.trim(),
      ruleId,
      vulnerabilityIds: [],
      cwes: cweNumbers(rule.tags ?? []),
      file: text(location?.path),
      line: location?.start_line ?? null,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: [text(rule.description), text(a.most_recent_instance?.message?.text)].filter(Boolean).join('\n\n') || null,
      exploitAvailable: false,
      tool,
      category: categoryOfTool(tool),
      ...(repo ? { target: { repos: [repo] } } : {}),
      occurrences: 1,
      toolOpenedAt: createdAt,
      ...closure(a.state, a.dismissed_reason, createdAt, [fixedAt, dismissedAt]),
    },
  };
}

/**
 * DefectDojo's grading of a leaked secret: valid and publicly leaked is critical, valid high,
 * anything else (inactive, unknown) medium. A resolved alert keeps the severity of its secret and
 * is not live.
 */
function secretSeverity(a: SecretScanningAlert): Severity {
  if (a.validity === 'active') return a.publicly_leaked === true ? 'critical' : 'high';
  return 'medium';
}

function secretFinding(a: SecretScanningAlert, ctx: ParseContext, time: TimeOf, fingerprint: Fingerprinter): Made {
  const [createdAt, resolvedAt] = [time('created_at', a.created_at), time('resolved_at', a.resolved_at)];
  const type = text(a.secret_type_display_name) ?? text(a.secret_type) ?? 'secret';
  const repo = repoOfAlert(a);
  const location = a.first_location_detected;
  // The value is turned into a keyed hash and a preview here; it goes no further.
  const secret = text(a.secret) ? ctx.redactSecret(a.secret!.trim()) : undefined;
  return {
    repo,
    finding: {
      fingerprint: alertFingerprint(fingerprint, repo, 'secret-scanning', a.number, [String(a.number ?? ''), text(a.secret_type) ?? '', secret?.hash ?? '']),
      severity: secretSeverity(a),
      title: `Exposed Secret Detected: ${type}`,
      ruleId: text(a.secret_type),
      vulnerabilityIds: [],
      cwes: [798],
      file: text(location?.path),
      line: location?.start_line ?? null,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description:
        [
          `Secret type: ${type}`,
          `Validity: ${text(a.validity) ?? 'unknown'}`,
          a.publicly_leaked === true ? 'Publicly leaked' : null,
          text(a.resolution) && `Resolution: ${a.resolution!.trim()}`,
          text(a.html_url),
        ]
          .filter(Boolean)
          .join('\n') || null,
      exploitAvailable: false,
      tool: SECRET_SCANNING,
      category: 'secrets',
      ...(repo ? { target: { repos: [repo] } } : {}),
      ...(secret ? { secret } : {}),
      occurrences: 1,
      toolOpenedAt: createdAt,
      ...closure(a.state, a.resolution, createdAt, [resolvedAt]),
    },
  };
}
