import type { ExceptionRecord } from '../../domain/exception.js';
import type { IntervalFact, ScanFact } from '../../domain/facts.js';
import { periodJson } from '../../domain/period.js';
import type { KpiRow } from '../../kpis/evaluate.js';
import { d, interval, P, service } from '../../kpis/test-support/kpi-input.js';
import { shapeReview, type AudienceOptions } from '../audience.js';
import type { ReviewInputs } from '../inputs.js';
import { judgeReview, type Audience, type JudgedReview, type Review } from '../review.js';
import { PERIODS, report, reviewInputs, row, type InputsOver } from './review-inputs.js';

/** Untrusted text as scanners can carry it: HTML, script, Markdown links and tables, backticks, a spreadsheet formula. */
export const PAYLOAD =
  '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) | pipes | `code` =HYPERLINK("http://evil.example","x") \u001b[2J';

export const SERVICES = [
  service('billing-api', {
    area: 'Core API services',
    line: 'Core platform',
    tier: 0,
    internetExposed: true,
    owners: ['team-billing'],
    tags: ['paved-road:release'],
  }),
  service('ledger', {
    area: 'Core API services',
    line: 'Core platform',
    tier: 1,
    internetExposed: false,
    owners: ['team-ledger'],
    tags: ['paved-road:release'],
  }),
  service('runners', { area: 'Platform foundation', line: 'Core platform', tier: 1, internetExposed: false, owners: ['team-platform'] }),
  service('artifacts', {
    area: 'Platform foundation',
    line: 'Core platform',
    tier: 2,
    internetExposed: false,
    owners: ['team-platform'],
    tags: ['paved-road:images'],
  }),
  service('export-service', { area: 'Reporting services', line: 'Reporting', tier: 1, internetExposed: true, owners: ['team-reporting', 'team-data'] }),
  service('report-ui', { area: 'Reporting services', line: 'Reporting', tier: 2, internetExposed: true, owners: ['team-reporting'] }),
  service('legacy-batch', { area: 'Reporting services', line: 'Reporting', tier: 2, internetExposed: false, owners: ['team-reporting'] }),
];

const OWNERS = {
  'Core API services': ['team-core'],
  'Platform foundation': ['team-platform'],
  'Reporting services': ['team-reporting'],
  'Core platform': ['vp-core'],
  Reporting: ['vp-reporting'],
};

let id = 1000;
const f = (over: Partial<IntervalFact> & Pick<IntervalFact, 'serviceId'>): IntervalFact => interval({ findingId: ++id, openedAt: d(-40), ...over });

export const INTERVALS: IntervalFact[] = [
  // Reporting: tenant-boundary gaps in a shared service, one critical overdue (tier 1: 14 days), carrying the payload.
  f({ serviceId: 'export-service', severity: 'critical', cwes: [639], title: PAYLOAD, fingerprint: 'fp-payload', openedAt: d(-60) }),
  f({ serviceId: 'export-service', severity: 'high', cwes: [639], title: 'IDOR on export download' }),
  f({ serviceId: 'export-service', severity: 'high', cwes: [639], title: 'Report id not scoped to tenant' }),
  f({ serviceId: 'report-ui', severity: 'medium', category: 'dast', ruleId: '10038', title: 'Content Security Policy (CSP) Header Not Set' }),
  f({ serviceId: 'report-ui', severity: 'medium', ruleId: 'noisy-rule', falsePositive: true, title: 'Possible eval' }),
  f({ serviceId: 'report-ui', severity: 'medium', ruleId: 'noisy-rule', falsePositive: true, title: 'Possible eval' }),
  // Core API: an authorization critical on a tier-0 exposed service, overdue (7 days) at the end.
  f({ serviceId: 'billing-api', severity: 'critical', cwes: [862], ruleId: 'authz-missing', title: 'Missing authorization check', openedAt: d(10) }),
  f({ serviceId: 'ledger', severity: 'medium', category: 'sca', ruleId: 'CVE-2026-1', title: 'lodash: prototype pollution', fixedAt: d(20) }),
  // Platform: a workflow finding.
  f({ serviceId: 'runners', severity: 'high', ruleId: 'unpinned-action', file: '.github/workflows/ci.yml', title: 'Unpinned third-party action' }),
];

export const SCANS: ScanFact[] = SERVICES.filter((s) => s.id !== 'legacy-batch').map((s) => ({
  serviceId: s.id,
  tool: 'semgrep',
  category: 'sast',
  scannedAt: d(80),
}));

export const EXCEPTIONS: ExceptionRecord[] = [
  {
    id: 'EX-1',
    scope: { fingerprint: 'fp-payload' },
    reason: 'migration',
    owner: 'alice',
    approver: 'ciso',
    startsAt: d(-30),
    expiresAt: d(30),
    backlog: 'JIRA-1',
    compensatingControls: null,
    status: 'approved',
  },
  {
    id: 'EX-2',
    scope: { service: 'billing-api', rule: 'authz-missing' },
    reason: 'waf rule',
    owner: null,
    approver: 'ciso',
    startsAt: d(12),
    expiresAt: d(200),
    backlog: null,
    compensatingControls: null,
    status: 'approved',
  },
];

const pct = (value: number, over: Partial<KpiRow> = {}) => ({ value, over });
function rows(spec: Record<string, { value: number | null; over: Partial<KpiRow> }>): KpiRow[] {
  return Object.entries(spec).map(([kpi, s]) => row(kpi, s.value, s.over));
}
const [P2, P1] = [PERIODS[1]!, PERIODS[2]!];

/** Hand-built KPI and metric reports: what the kpis branch will compute, in the shape evaluate.ts gives. */
export function sampleReports(): NonNullable<InputsOver['reports']> {
  const companyAt = (sla: number, prevSla: number, cov: number, prevCov: number, risk: number, prevRisk: number, reopen: number, prevReopen: number) =>
    rows({
      critical_sla_compliance: pct(sla, {
        name: 'Critical vuln SLA compliance',
        previous: prevSla,
        trend: sla > prevSla ? 'improving' : 'worsening',
        status: sla >= 90 ? 'meets' : sla >= 81 ? 'near' : 'misses',
        n: 20,
      }),
      scanning_coverage: pct(cov, {
        name: 'SAST/SCA/IaC coverage',
        previous: prevCov,
        trend: cov > prevCov ? 'improving' : 'worsening',
        status: cov >= 90 ? 'meets' : 'near',
        n: 7,
      }),
      risk_index: pct(risk, {
        name: 'Risk index',
        unit: 'index',
        previous: prevRisk,
        trend: risk < prevRisk ? 'improving' : 'worsening',
        target: { op: 'down' },
        n: 9,
      }),
      reopen_rate: pct(reopen, {
        name: 'Vulnerability re-open rate',
        previous: prevReopen,
        trend: reopen < prevReopen ? 'improving' : 'worsening',
        target: { op: '<=', value: 10 },
        status: reopen <= 10 ? 'meets' : 'near',
        n: 40,
      }),
      security_review_latency: { value: null, over: { reason: 'no design reviews or pull requests loaded' } },
    });
  const area = (
    gate: [number, number, number, number | null, number | null, number | null],
    latency: number,
    sla: number,
    exposed: number,
    risk: number,
    open: number,
  ) =>
    rows({
      gate_coverage: pct(gate[0], { previous: gate[3], n: 30 }),
      gate_bypass_rate: pct(gate[1], { previous: gate[4], n: 25 }),
      gate_tool_error_rate: pct(gate[2], { previous: gate[5], n: 40 }),
      security_review_latency: pct(latency, { unit: 'business days', n: 12 }),
      critical_sla_compliance: pct(sla, {
        name: 'Critical vuln SLA compliance',
        status: sla >= 90 ? 'meets' : 'misses',
        details: { overdue_open_tier01_or_internet: exposed },
      }),
      risk_index: pct(risk, { unit: 'index', n: open }),
    });
  const areas = () => ({
    'Core API services': area([92, 2, 1, 90, 2, 1], 4, 95, 1, 90, 3),
    'Platform foundation': area([72, 4, 3, 55, 8, 5], 2, 100, 0, 40, 1),
    'Reporting services': area([70, 10, 1, 70, 9, 1], 6, 60, 1, 110, 4),
  });
  const line = (risk: number, open: number, sla: number, cov: number) =>
    rows({ risk_index: pct(risk, { unit: 'index', n: open }), critical_sla_compliance: pct(sla), scanning_coverage: pct(cov) });
  return {
    company: [
      companyAt(70, 65, 80, 78, 300, 320, 12, 13),
      companyAt(75, 70, 82, 80, 280, 300, 11, 12),
      companyAt(80, 75, 85, 82, 260, 280, 10, 11),
      companyAt(85, 80, 86, 85, 240, 260, 8, 10),
    ].map((kpis, i) => report(PERIODS[i]!, 'company', { company: kpis })),
    byArea: [P2, P1, P].map((p) => report(p, 'area', areas())),
    byLine: [
      report(P2, 'line', { 'Core platform': line(200, 10, 70, 80), Reporting: line(90, 3, 70, 70) }),
      report(P1, 'line', { 'Core platform': line(170, 8, 80, 84), Reporting: line(100, 4, 65, 70) }),
      report(P, 'line', { 'Core platform': line(100, 12, 95, 90), Reporting: line(110, 4, 60, 66) }),
    ],
    byTier: report(P, 'tier', {
      '0': rows({ critical_sla_compliance: pct(95, { name: 'Critical vuln SLA compliance', status: 'meets' }) }),
      '1': rows({ critical_sla_compliance: pct(60, { name: 'Critical vuln SLA compliance', status: 'misses', n: 5 }) }),
    }),
    cohorts: report(P, 'company', {
      'paved-road': rows({ security_review_latency: pct(1.5, { unit: 'business days', n: 8 }) }),
      other: rows({ security_review_latency: pct(4, { unit: 'business days', n: 9 }) }),
    }),
  };
}

/** A company whose review states something in every section: the fixture of the narrative and renderer tests. */
export function sampleInputs(over: InputsOver = {}): ReviewInputs {
  return reviewInputs({
    services: SERVICES,
    owners: OWNERS,
    intervals: INTERVALS,
    scans: SCANS,
    exceptions: EXCEPTIONS,
    loaded: ['catalog', 'findings', 'exceptions', 'incidents', 'pipeline-runs', 'alerts'],
    operational: {
      incidents: [
        { id: 'INC-1', serviceId: 'export-service', severity: 'sev1', startedAt: d(20), cause: 'cross-tenant data exposure in export', runbook: null },
        { id: 'INC-2', serviceId: 'billing-api', severity: 'sev3', startedAt: d(5), cause: 'login burst', runbook: 'rb-login' },
      ],
      pipelineRuns: [
        { serviceId: 'billing-api', template: 'standard', runs: 100, releases: 20, failed: 1, bypassed: 0, toolErrors: 0, absent: 0 },
        { serviceId: 'ledger', template: 'standard', runs: 50, releases: 10, failed: 0, bypassed: 0, toolErrors: 1, absent: 0 },
        { serviceId: 'runners', template: 'legacy-jenkins', runs: 40, releases: 8, failed: 8, bypassed: 5, toolErrors: 6, absent: 2 },
        { serviceId: 'export-service', template: 'custom-deploy', runs: 30, releases: 6, failed: 4, bypassed: 3, toolErrors: 1, absent: 0 },
      ],
      alerts: [
        { serviceId: 'runners', rule: 'egress-anomaly', alerts: 20, withRunbook: 5 },
        { serviceId: 'billing-api', rule: 'login-burst', alerts: 10, withRunbook: 10 },
      ],
    },
    reports: sampleReports(),
    ...over,
  });
}

/** The sample company with the payload as the name of an area and of a shared service, so that every format shows it. */
export function payloadInputs(payload: string = PAYLOAD): ReviewInputs {
  const rename = (v: string) => (v === 'Reporting services' ? payload : v === 'export-service' ? `svc ${payload}` : v);
  return sampleInputs({
    services: SERVICES.map((s) => ({ ...s, id: rename(s.id), area: rename(s.area) })),
    intervals: INTERVALS.map((i) => ({ ...i, serviceId: rename(i.serviceId) })),
    scans: SCANS.map((x) => ({ ...x, serviceId: rename(x.serviceId) })),
    owners: { ...OWNERS, [payload]: ['team-reporting'] },
  });
}

/** The sample review shaped for one audience, as build-review.ts shapes it. */
export function sampleReview(
  audience: Audience = 'vp-eng',
  options: Partial<AudienceOptions> = {},
  inputs: ReviewInputs = sampleInputs(),
  /** Changes the judged review before it is shaped (asks of a larger company, say). */
  edit: (judged: JudgedReview) => JudgedReview = (j) => j,
): Review {
  const judged = edit(judgeReview(inputs));
  return shapeReview(
    judged,
    {
      period: periodJson(P),
      kpis: { company: inputs.reports.company[inputs.reports.company.length - 1]!, byArea: inputs.reports.byArea[inputs.reports.byArea.length - 1]! },
      evidence: {
        overdueCriticals: [
          {
            service: 'export-service',
            area: 'Reporting services',
            severity: 'critical',
            title: PAYLOAD,
            tool: 'semgrep',
            openedAt: '2026-05-02T00:00:00Z',
            dueAt: '2026-05-16T00:00:00Z',
            daysOverdue: 138,
            reopenCount: 1,
          },
        ],
        reopened: [
          {
            service: 'export-service',
            area: 'Reporting services',
            severity: 'critical',
            title: PAYLOAD,
            tool: 'semgrep',
            openedAt: '2026-08-02T00:00:00Z',
            dueAt: null,
            daysOverdue: null,
            reopenCount: 1,
          },
        ],
        coverageGaps: [{ service: 'legacy-batch', area: 'Reporting services', missing: ['sast', 'sca', 'secrets'], lastScanAt: null }],
      },
      data: { loaded: ['catalog', 'findings'], notLoaded: ['incidents'] },
      taxonomy: inputs.taxonomy.sources,
    },
    { audience, platformAreas: inputs.settings.review.platformAreas, ...(audience === 'product-eng' ? { areas: ['Reporting services'] } : {}), ...options },
  );
}
