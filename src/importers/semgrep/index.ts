import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import type { Severity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { cweNumbers, statedTime } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { appExportSchema, cliReportSchema, type SemgrepResult, type SemgrepVuln } from './schema.js';

const NAME = 'Semgrep JSON';
const TOOL = 'semgrep';

/**
 * Semgrep's rule severities (ERROR / WARNING / INFO, and CRITICAL / HIGH / MEDIUM / LOW in
 * newer rules and in supply-chain advisories), mapped as DefectDojo maps them: INFO is still a
 * rule match and is low, as the SARIF importer reads Semgrep's `note`. INVENTORY and EXPERIMENT
 * rules are not findings.
 */
const SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  ERROR: 'high',
  HIGH: 'high',
  WARNING: 'medium',
  MEDIUM: 'medium',
  INFO: 'low',
  LOW: 'low',
};

/** What semgrep.dev writes in place of a fingerprint or snippet it hides from logged-out users. */
const HIDDEN = 'requires login';

/** Supply-chain triage states in which Semgrep's users said the vulnerability does not apply. */
const IGNORED_TRIAGE = new Set(['IGNORED', 'PROVISIONALLY_IGNORED']);

export const semgrepImporter: ScannerImporter = {
  id: 'semgrep',
  name: NAME,
  defaultCategory: 'sast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (!head.trimStart().startsWith('{')) return 0;
  if (has('check_id') && has('extra') && (has('start') || has('end'))) return 95;
  if (has('vulns') && (has('dependencyFileLocation') || (has('advisory') && has('repositoryId')))) return 95;
  if (!has('results') || !has('errors') || has('generated_at')) return 0;
  // A report with no results: newer Semgrep writes the scanned paths and skipped rules beside it.
  if (has('skipped_rules') || has('interfile_languages_used') || /"paths"\s*:\s*\{\s*"(?:_comment|scanned)"/.test(head)) return 70;
  if (/"results"\s*:\s*\[\s*\]/.test(head)) return 40;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  // DefectDojo reads `results` first and the App export's `vulns` only without it.
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && !Object.hasOwn(data, 'results') && Object.hasOwn(data, 'vulns')) {
    yield* appExport(validate(appExportSchema, data, source.path, NAME).vulns, source.path);
  } else {
    yield* cliReport(validate(cliReportSchema, data, source.path, NAME).results, ctx);
  }
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}

function severityOrSkip(raw: string | undefined, what: string, jsonPath: string): Severity | SkipItem {
  if (raw === undefined) return skip(`${what} has no severity`, jsonPath);
  return SEVERITY[raw.trim().toUpperCase()] ?? skip(`${what} has severity "${raw}", which is not a finding's`, jsonPath);
}

/** `CWE-696: Incorrect Behavior Order`, `CWE-79`, 79, or a list of them. */
function cwesOf(raw: unknown): number[] {
  const values = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return cweNumbers(values.map((v) => (typeof v === 'string' ? (/^\s*CWE[-_ ]?0*(\d+)/i.exec(v)?.[1] ?? v) : v)));
}

// ---------------------------------------------------------------------------------------------
// semgrep --json

function* cliReport(results: SemgrepResult[], ctx: ParseContext): Iterable<ParseItem> {
  yield { kind: 'scan', tool: TOOL, category: 'sast', scannedAt: null, covers: [{ tool: TOOL, category: 'sast' }] };
  const fingerprint = fingerprinter();
  // DefectDojo merges results on title (the rule) + file + line; the first is kept, the others counted.
  const merged = new Map<string, RawFinding>();
  for (const [i, r] of results.entries()) {
    const at = `$.results[${i}]`;
    const { check_id: rule, path: file } = r;
    if (!rule || !file) {
      yield skip(`result without ${!rule ? 'check_id' : 'path'}`, at);
      continue;
    }
    const severity = severityOrSkip(r.extra?.severity, `result ${rule}`, at);
    if (typeof severity === 'object') {
      yield severity;
      continue;
    }
    const line = r.start?.line ?? null;
    const key = `${rule}\u001f${file}\u001f${line ?? ''}`;
    const earlier = merged.get(key);
    if (earlier) {
      earlier.occurrences++;
      continue;
    }
    merged.set(key, resultFinding(r, rule, file, line, severity, ctx, fingerprint));
  }
  for (const finding of merged.values()) yield { kind: 'finding', finding };
}

function resultFinding(
  r: SemgrepResult,
  rule: string,
  file: string,
  line: number | null,
  severity: Severity,
  ctx: ParseContext,
  fingerprint: Fingerprinter,
): RawFinding {
  const extra = r.extra ?? {};
  const snippet = extra.lines !== undefined && extra.lines !== HIDDEN && extra.lines.trim() !== '' ? extra.lines : null;
  const toolFingerprint = extra.fingerprint !== undefined && extra.fingerprint !== HIDDEN && extra.fingerprint !== '' ? extra.fingerprint : null;
  let message = extra.message?.trim() || null;
  let secret: RedactedSecret | undefined;
  let basis: string;
  if (isSecretRule(r, rule)) {
    // A secret rule's snippet is the line holding the secret: only its keyed hash is kept, and
    // whatever a metavariable matched is cut from the message, which may quote it.
    if (snippet !== null) secret = ctx.redactSecret(snippet.trim());
    for (const v of Object.values(extra.metavars ?? {})) {
      const matched = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['abstract_content'] : undefined;
      if (message !== null && typeof matched === 'string' && matched.length >= 4) message = message.split(matched).join('[redacted]');
    }
    basis = secret?.hash ?? '';
  } else {
    // Semgrep's fingerprint hashes the rule, the file and the matched code (with an index for
    // repeats), so it survives line shifts; without it, the matched code stands in.
    basis = toolFingerprint ?? snippet?.trim().replace(/\s+/g, ' ') ?? '';
  }
  const description = [message, secret === undefined && snippet !== null ? `\`\`\`\n${snippet.replace(/\n+$/, '')}\n\`\`\`` : null]
    .filter(Boolean)
    .join('\n\n');
  return {
    fingerprint: fingerprint([TOOL, rule, file, basis], `${line ?? ''}:${r.start?.col ?? ''}`),
    severity,
    title: rule,
    ruleId: rule,
    vulnerabilityIds: [],
    cwes: cwesOf(extra.metadata?.['cwe']),
    file,
    line,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: description || null,
    // A `nosemgrep` comment matched (reported only with --disable-nosem).
    falsePositive: extra.is_ignored === true,
    exploitAvailable: false,
    ...(secret ? { secret } : {}),
    occurrences: 1,
  };
}

/** Semgrep Secrets rules and the registry's `*.secrets.*` rules: their matched code is a secret. */
function isSecretRule(r: SemgrepResult, rule: string): boolean {
  const meta = r.extra?.metadata ?? {};
  const technology = Array.isArray(meta['technology']) ? (meta['technology'] as unknown[]) : [];
  const state = r.extra?.validation_state;
  return (
    /(^|\.)secrets?(\.|$)/i.test(rule) ||
    meta['product'] === 'secrets' ||
    typeof meta['secret_type'] === 'string' ||
    technology.includes('secrets') ||
    (state !== undefined && state !== 'NO_VALIDATOR')
  );
}

// ---------------------------------------------------------------------------------------------
// Semgrep App API export (supply chain)

function* appExport(vulns: SemgrepVuln[], file: string): Iterable<ParseItem> {
  // One export spans the organisation's repositories: each finding names its own repository.
  yield { kind: 'scan', tool: TOOL, category: 'sca', scannedAt: null, covers: [{ tool: TOOL, category: 'sca' }] };
  const fingerprint = fingerprinter();
  // DefectDojo merges on title + file + line; secscore adds the repository, so that two
  // repositories with the same lockfile line stay two findings of two services.
  const merged = new Map<string, RawFinding>();
  for (const [i, v] of vulns.entries()) {
    const at = `$.vulns[${i}]`;
    // Read first: a time that is not one is an error even in a vulnerability passed over or merged.
    const openedAt = statedTime(v.openedAt, file, NAME, `${at}.openedAt`);
    const title = v.title ?? v.advisory?.title;
    const path = v.dependencyFileLocation?.path;
    if (!title || !path) {
      yield skip(`vulnerability without ${!title ? 'title' : 'dependencyFileLocation.path'}`, at);
      continue;
    }
    const severity = severityOrSkip(v.advisory?.severity, `vulnerability "${title}"`, at);
    if (typeof severity === 'object') {
      yield severity;
      continue;
    }
    const status = v.triage?.status?.toUpperCase();
    if (status === 'FIXED') {
      yield skip(`vulnerability "${title}" is triaged FIXED in Semgrep`, at);
      continue;
    }
    const repo = v.repositoryName ?? (v.repositoryId !== undefined ? String(v.repositoryId) : '');
    const line = Number(v.dependencyFileLocation?.startLine ?? 0) || null;
    const key = [repo, title, path, line ?? ''].join('\u001f');
    const earlier = merged.get(key);
    if (earlier) {
      earlier.occurrences++;
      continue;
    }
    merged.set(key, vulnFinding(v, title, path, line, repo, severity, status, openedAt, fingerprint));
  }
  for (const finding of merged.values()) yield { kind: 'finding', finding };
}

function vulnFinding(
  v: SemgrepVuln,
  title: string,
  file: string,
  line: number | null,
  repo: string,
  severity: Severity,
  status: string | undefined,
  openedAt: Millis | null,
  fingerprint: Fingerprinter,
): RawFinding {
  const refs = v.advisory?.references;
  const ruleId = v.advisory?.ruleId ?? null;
  const pkg = v.matchedDependency?.name || null;
  const details = [v.exposureType && `Exposure: ${v.exposureType}`, v.transitivity && `Transitivity: ${v.transitivity}`, status && `Triage: ${status}`].filter(
    Boolean,
  );
  return {
    // The installed version is not part of the key: an upgrade that is still vulnerable keeps the finding.
    fingerprint: fingerprint([TOOL, 'supply-chain', repo, file, ruleId ?? title, pkg ?? ''], `${line ?? ''}`),
    severity,
    title,
    ruleId,
    vulnerabilityIds: [...new Set([...(refs?.cveIds ?? []), ...(refs?.ghsaIds ?? [])].map((id) => id.trim()).filter(Boolean))],
    cwes: cwesOf(refs?.cweIds ?? []),
    file,
    line,
    component: { name: pkg, version: v.matchedDependency?.versionSpecifier || null },
    fixVersion: v.closestSafeDependency?.versionSpecifier || null,
    fixAvailableAt: null,
    description: [v.advisory?.description?.trim(), details.join('\n')].filter(Boolean).join('\n\n') || null,
    falsePositive: status !== undefined && IGNORED_TRIAGE.has(status),
    exploitAvailable: false,
    category: 'sca',
    ...(v.repositoryName ? { target: { repos: [v.repositoryName] } } : {}),
    occurrences: 1,
    toolOpenedAt: openedAt,
  };
}
