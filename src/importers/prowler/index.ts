import { InputError, type Place } from '../../domain/errors.js';
import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { shorten } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter, SkipItem } from '../types.js';
import { v3ResultSchema, v4ResultSchema, type ProwlerV3Result, type ProwlerV4Result } from './schema.js';
import { resultTime, v4Time } from './times.js';

const NAME = 'Prowler JSON';
const TOOL = 'prowler';
/** DefectDojo shortens Prowler titles (the result's status text) to 150 characters. */
const TITLE_WIDTH = 150;

export const prowlerImporter: ScannerImporter = {
  id: 'prowler',
  name: NAME,
  defaultCategory: 'cspm',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  // Prowler's own keys; its files are lists (a single object is a broken Prowler file all the same).
  if (has('FindingUniqueId') || (has('CheckID') && has('StatusExtended'))) return 90;
  if (has('finding_info') && has('status_code') && /"name"\s*:\s*"Prowler"/i.test(head)) return 90;
  // An empty result list says nothing; Prowler names its OCSF output `*.ocsf.json`.
  if (/^\s*\[\s*\]\s*$/.test(head) && /\.ocsf\.json$/i.test(path)) return 40;
  return 0;
}

/** A check result of either version, in one shape. */
interface Result {
  status: string;
  muted: boolean;
  uid: string | null;
  checkId: string | null;
  checkTitle: string | null;
  severity: string | null;
  statusDetail: string | null;
  description: string | null;
  risk: string | null;
  remediation: string | null;
  provider: string | null;
  account: string | null;
  region: string | null;
  resourceUid: string | null;
  resourceName: string | null;
  /** The result's time: ISO 8601 text, or epoch seconds (Prowler 4.3+'s `time`, `created_time`). */
  time: string | number | null;
  /** The field that holds `time`: its JSON path within the result. */
  timeField: string;
}

function fromV3(r: ProwlerV3Result): Result {
  return {
    status: r.Status,
    muted: r.Muted === true,
    uid: r.FindingUniqueId ?? null,
    checkId: r.CheckID ?? null,
    checkTitle: r.CheckTitle ?? null,
    severity: r.Severity ?? null,
    statusDetail: r.StatusExtended ?? null,
    description: r.Description ?? null,
    risk: r.Risk ?? null,
    remediation: r.Remediation?.Recommendation?.Text ?? null,
    provider: r.Provider ?? null,
    account: r.AccountId || r.Subscription || r.ProjectId || null,
    region: r.Region ?? null,
    resourceUid: r.ResourceArn ?? null,
    resourceName: r.ResourceId ?? null,
    time: r.AssessmentStartTime ?? null,
    timeField: 'AssessmentStartTime',
  };
}

function fromV4(r: ProwlerV4Result): Result {
  const resource = r.resources?.[0];
  return {
    status: r.status_code,
    // Prowler 4 writes a muted result with status "Suppressed".
    muted: /^suppressed$/i.test(r.status ?? ''),
    uid: r.finding_info?.uid ?? null,
    checkId: r.metadata?.event_code ?? null,
    checkTitle: r.finding_info?.title ?? null,
    severity: r.severity ?? null,
    statusDetail: r.status_detail ?? null,
    description: r.finding_info?.desc ?? null,
    risk: r.risk_details ?? null,
    remediation: r.remediation?.desc ?? null,
    provider: r.cloud?.provider ?? null,
    account: r.cloud?.account?.uid || null,
    region: resource?.region ?? r.cloud?.region ?? null,
    resourceUid: resource?.uid ?? null,
    resourceName: resource?.name ?? null,
    ...v4Time(r),
  };
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  if (!Array.isArray(data))
    throw new InputError(source.path, NAME, { jsonPath: '$' }, 'expected a list of check results (Prowler 3 JSON or Prowler 4 OCSF JSON)');
  // Prowler 4 writes OCSF findings; Prowler 3 its own flat objects. A file holds one kind.
  const ocsf = data.length > 0 && typeof data[0] === 'object' && data[0] !== null && ('status_code' in data[0] || 'finding_info' in data[0]);
  const results = data.map((r, i) =>
    ocsf ? fromV4(validate(v4ResultSchema, r, source.path, NAME, [i])) : fromV3(validate(v3ResultSchema, r, source.path, NAME, [i])),
  );

  const accounts = [...new Set(results.flatMap((r) => (r.account ? [r.account] : [])))];
  // The scan started with its first result; a result's time that is not a timestamp is an error at its place.
  let first: { scannedAt: Millis; scannedAtPlace: Place } | null = null;
  for (const [i, r] of results.entries()) {
    const jsonPath = `$[${i}].${r.timeField}`;
    const t = resultTime(r.time, source.path, NAME, jsonPath);
    if (t !== null && (first === null || t < first.scannedAt)) first = { scannedAt: t, scannedAtPlace: { jsonPath } };
  }
  // A scan of several accounts (an organization) is a full snapshot of each of them.
  for (const header of headers(accounts, first ?? { scannedAt: null })) yield header;

  const fingerprint = fingerprinter();
  const merged = new Map<string, RawFinding>();
  const order: (RawFinding | SkipItem)[] = [];
  for (const [i, r] of results.entries()) {
    // PASS (and MANUAL, INFO) results are passing or informational checks, not findings.
    if (r.status.toUpperCase() !== 'FAIL') continue;
    const at = `$[${i}]`;
    const label = `${r.checkId ?? '(no check id)'} on ${r.resourceUid || r.resourceName || '(no resource)'}`;
    if (r.muted) {
      order.push(skip(`check ${label} failed but is muted in Prowler`, at));
      continue;
    }
    const severity = r.severity ? normalizeSeverity(r.severity) : 'info';
    if (!severity) {
      order.push(skip(`check ${label} has an unknown severity "${r.severity}"`, at));
      continue;
    }
    const component = r.resourceUid || [r.provider, r.account, r.region, r.resourceName].map((p) => p ?? '').join('-');
    // Prowler's uid is check, account, region and resource: what the finding is across scans.
    const uid = r.uid || `prowler-${[r.provider, r.checkId, r.account, r.region, r.resourceName].map((p) => p ?? '').join('-')}`;
    const existing = merged.get(uid);
    if (existing) {
      existing.occurrences++;
      continue;
    }
    const finding: RawFinding = {
      fingerprint: fingerprint(['prowler', uid], ''),
      severity,
      title: shorten(r.statusDetail || r.checkTitle || r.checkId || 'Prowler check failed', TITLE_WIDTH),
      ruleId: r.checkId,
      vulnerabilityIds: [],
      // DefectDojo files every Prowler result under CWE-1032, a category ("Security
      // Configuration Weaknesses"), not a weakness; secscore keeps no CWE rather than that.
      cwes: [],
      file: null,
      line: null,
      component: { name: component, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description:
        [
          r.statusDetail,
          r.checkTitle && `Check: ${r.checkTitle}`,
          r.description,
          r.risk && `Risk: ${r.risk}`,
          r.remediation && `Remediation: ${r.remediation}`,
          r.account && `Account: ${r.account}`,
          r.region && `Region: ${r.region}`,
        ]
          .filter(Boolean)
          .join('\n') || null,
      falsePositive: false,
      exploitAvailable: false,
      ...(accounts.length > 1 && r.account ? { target: { cloudAccounts: [r.account] } } : {}),
      occurrences: 1,
    };
    merged.set(uid, finding);
    order.push(finding);
  }
  for (const entry of order) yield 'kind' in entry ? entry : { kind: 'finding', finding: entry };
}

function headers(accounts: readonly string[], scannedAt: Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'>): ScanHeader[] {
  const header = (target?: TargetHints): ScanHeader => ({
    kind: 'scan',
    tool: TOOL,
    category: 'cspm',
    ...scannedAt,
    ...(target ? { target } : {}),
    covers: [{ tool: TOOL, category: 'cspm' }],
  });
  if (accounts.length <= 1) return [header(accounts.length === 1 ? { cloudAccounts: [...accounts] } : undefined)];
  return accounts.map((account) => header({ cloudAccounts: [account] }));
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}
