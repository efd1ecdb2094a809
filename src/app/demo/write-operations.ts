import { toIso, type Millis } from '../../domain/time.js';
import type { DemoOperations, ExceptionDoc, PentestReport, Row, ZapScan } from './operations.js';
import { PENTEST_TOOL } from './operations.js';

/**
 * The demo's operations in the formats their sources write: records as CSV with a header row
 * (alerts as JSON lines, as a SIEM export would), exceptions as YAML documents, the CISA KEV
 * catalog JSON, FIRST's EPSS CSV, DefectDojo's Generic Findings Import JSON for pen tests and
 * ZAP's traditional JSON report.
 */

/** Columns in the order of inputs.md §3. */
export const RECORD_COLUMNS: Record<keyof DemoOperations['records'], readonly string[]> = {
  incidents: ['id', 'title', 'severity', 'service', 'started_at', 'detected_at', 'contained_at', 'resolved_at', 'cause', 'runbook'],
  'pipeline-runs': ['id', 'repo', 'pipeline', 'template', 'started_at', 'finished_at', 'release', 'security_stage'],
  'pull-requests': ['repo', 'number', 'created_at', 'merged_at', 'security_review_requested_at', 'first_security_review_at'],
  'design-reviews': ['id', 'service', 'requested_at', 'completed_at', 'outcome'],
  'threat-models': ['service', 'updated_at', 'link'],
  alerts: ['id', 'rule', 'service', 'fired_at', 'dispositioned_at', 'disposition', 'runbook'],
  'cloud-controls': ['account', 'control', 'status', 'checked_at'],
  identity: ['snapshot_at', 'account', 'privileged', 'mfa', 'sso'],
  logging: ['service', 'at', 'shipped', 'retained_days'],
  iam: ['service', 'at', 'standard_roles'],
  surveys: ['submitted_at', 'score', 'scale_min', 'scale_max', 'team'],
  costs: ['tool', 'annual_cost', 'currency', 'from', 'to'],
  'team-health': ['month', 'team', 'headcount', 'leavers', 'oncall_pages', 'oncall_engineers'],
  milestones: ['id', 'title', 'area', 'due_at', 'completed_at'],
  commits: ['repo', 'day', 'count'],
};

/** Kinds written as JSON lines rather than CSV. */
export const JSONL_KINDS: ReadonlySet<string> = new Set(['alerts']);

export function recordsCsv(columns: readonly string[], rows: readonly Row[]): string {
  const cell = (v: Row[string] | undefined): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

export function recordsJsonl(columns: readonly string[], rows: readonly Row[]): string {
  return rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))).join('\n') + '\n';
}

/** Exceptions as YAML documents, one per exception, as a team keeps them in its repository. */
export function exceptionsYaml(list: readonly ExceptionDoc[]): string {
  const q = (s: string): string => JSON.stringify(s);
  const docs = list.map((e) => {
    const lines = [`id: ${e.id}`, 'scope:', `  service: ${e.scope.service}`];
    if (e.scope.rule !== undefined) lines.push(`  rule: ${q(e.scope.rule)}`);
    if (e.scope.cve !== undefined) lines.push(`  cve: ${e.scope.cve}`);
    lines.push(`reason: ${q(e.reason)}`, `owner: ${e.owner}`, `approver: ${e.approver}`, `starts_at: ${e.starts_at}`);
    if (e.expires_at !== undefined) lines.push(`expires_at: ${e.expires_at}`);
    if (e.backlog !== undefined) lines.push(`backlog: ${e.backlog}`);
    if (e.compensating_controls) lines.push('compensating_controls:', ...e.compensating_controls.map((c) => `  - ${q(c)}`));
    lines.push(`status: ${e.status}`);
    return lines.join('\n');
  });
  return `# Security exceptions (risk acceptances), one document each.\n${docs.map((d) => `---\n${d}\n`).join('')}`;
}

export function kevJson(ops: DemoOperations): string {
  const released = toIso(ops.epssDate);
  return `${JSON.stringify(
    {
      title: 'CISA Catalog of Known Exploited Vulnerabilities',
      catalogVersion: released.slice(0, 10).replaceAll('-', '.'),
      dateReleased: released,
      count: ops.kev.length,
      vulnerabilities: ops.kev.map((k) => ({
        cveID: k.cve,
        vendorProject: k.vendor,
        product: k.product,
        vulnerabilityName: k.name,
        dateAdded: k.dateAdded,
        shortDescription: k.name,
        requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
        dueDate: k.dateAdded,
        knownRansomwareCampaignUse: 'Unknown',
        notes: '',
        cwes: [],
      })),
    },
    null,
    2,
  )}\n`;
}

export function epssCsv(ops: DemoOperations): string {
  const lines = [`#model_version:v2025.03.14,score_date:${toIso(ops.epssDate).slice(0, 10)}T00:00:00+0000`, 'cve,epss,percentile'];
  for (const e of ops.epss) lines.push(`${e.cve},${e.epss.toFixed(5)},${e.percentile.toFixed(5)}`);
  return `${lines.join('\n')}\n`;
}

/** DefectDojo's Generic Findings Import JSON, with secscore's `category` so the findings count as a pen test. */
export function pentestJson(r: PentestReport): string {
  const day = toIso(r.at).slice(0, 10);
  return `${JSON.stringify(
    {
      name: r.name,
      type: `${PENTEST_TOOL} (Generic Findings Import)`,
      category: 'pentest',
      findings: r.findings.map((f) => ({
        title: f.title,
        severity: f.severity,
        description: `${f.title}.`,
        date: day,
        cwe: f.cwe,
        unique_id_from_tool: f.uid,
        vuln_id_from_tool: f.uid,
        endpoints: [f.endpoint],
        active: true,
        false_p: false,
      })),
    },
    null,
    2,
  )}\n`;
}

const RISK = ['Informational', 'Low', 'Medium', 'High'] as const;
const CONFIDENCE = ['False Positive', 'Low', 'Medium', 'High'] as const;

/** ZAP's traditional JSON report of a baseline scan. */
export function zapJson(z: ZapScan): string {
  const url = new URL(z.site);
  return `${JSON.stringify(
    {
      '@programName': 'ZAP',
      '@version': '2.16.0',
      '@generated': zapDate(z.at),
      site: [
        {
          '@name': z.site,
          '@host': url.hostname,
          '@port': '443',
          '@ssl': 'true',
          alerts: z.alerts.map((a) => ({
            pluginid: a.pluginid,
            alertRef: a.alertRef,
            alert: a.name,
            name: a.name,
            riskcode: String(a.riskcode),
            confidence: String(a.confidence),
            riskdesc: `${RISK[a.riskcode]} (${CONFIDENCE[a.confidence]})`,
            desc: `<p>${a.name}.</p>`,
            instances: a.uris.map((uri) => ({ uri, method: 'GET', param: '', attack: '', evidence: '', otherinfo: '' })),
            count: String(a.uris.length),
            solution: '<p>See the reference.</p>',
            otherinfo: '',
            reference: 'https://www.zaproxy.org/docs/alerts/',
            cweid: String(a.cweid),
            wascid: '15',
            sourceid: '3',
          })),
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** ZAP writes `@generated` as an RFC 1123-like local date: "Thu, 10 Sep 2026 02:14:00". */
function zapDate(t: Millis): string {
  return new Date(t).toUTCString().replace(' GMT', '');
}
