import { yearEarlier, type Period } from '../domain/period.js';
import { toIso } from '../domain/time.js';
import type { RecordWindow, RecordWindows } from '../storage/record-window.js';

/**
 * The operational records the periods from `first` to `last` can use, kind by kind: what
 * `loadFacts` reads instead of every record (most of a database's history is older than the
 * periods a command computes). Every user of `Facts.records` computes periods of that span
 * only (kpis: P and the period before; review and scorecard: P and the four before, incidents
 * over P and the two before), so every period computed starts at or after `first.start` and
 * ends in `[first.end, last.end]`. Each window keeps every record such a period can see under
 * the KPI definitions (kpis.md "Event times" and "Latest record at or before end"), and may
 * keep a few more. record-windows.test.ts holds them to reading every record, on both engines.
 * Every kind has a window: each KPI's lookback before `first.start` is bounded, or (latest at
 * or before end) reduced to the one latest record per key before the span. Below, P is any
 * period of the span.
 */
export function recordWindows(first: Period, last: Period): RecordWindows {
  const from = first.start;
  const to = last.end;
  const event = (...columns: string[]): RecordWindow => ({ kind: 'event', columns, from, to });
  const latest = (column: string, per: string[], at: number = first.end): RecordWindow => ({ kind: 'latest', column, per, at, to });
  // Days and months as stored ('YYYY-MM-DD', 'YYYY-MM'): those of the first and last instants of the span.
  const label = (column: string, chars: number): RecordWindow => ({
    kind: 'label',
    column,
    from: toIso(from).slice(0, chars),
    to: toIso(to - 1).slice(0, chars),
  });
  return {
    // mttd by detected_at, mttc by contained_at in P; the review's incidents (escalation, narrative) by started_at in P and the two periods before it.
    incidents: event('started_at', 'detected_at', 'contained_at'),
    // Runs started in P: gate coverage, bypass and tool-error rates, tooling reliability, the review's run aggregates.
    pipelineRuns: event('started_at'),
    // security_review_latency: pull requests whose first security review is in P (the request may be before the span: it is a column of the same row).
    pullRequests: event('first_security_review_at'),
    // design_review_throughput and security_review_latency: reviews completed in P (requested whenever).
    designReviews: event('completed_at'),
    // threat_model_adoption: updated in [end − 365 d, end), else ever before (outdated, not none). Per service, its latest update before first.end stands
    // for all older ones at every end: it is either recent enough itself, or an older one that makes the service outdated.
    threatModels: latest('updated_at', ['service_id'], first.end - 1),
    // alert_precision and the review's runbook counts: alerts dispositioned in P (fired whenever).
    alerts: event('dispositioned_at'),
    // cspm_compliance: the latest result per (account, control) at or before end, however old (a stale one is counted as outside the window).
    cloudControls: latest('checked_at', ['account', 'control']),
    // mfa_sso_coverage: every row of the latest snapshot at or before end, a snapshot time across all accounts.
    identity: latest('snapshot_at', []),
    // logging_coverage: the latest record per service at or before end, however old.
    logging: latest('at', ['service_id']),
    // iam_least_privilege: the latest record per service at or before end, however old.
    iam: latest('at', ['service_id']),
    // developer_satisfaction: responses submitted in P and in the same period a year earlier.
    surveys: { kind: 'event', columns: ['submitted_at'], from: yearEarlier(first).start, to },
    // cost_to_outcome: cost records whose [from, to) overlaps P.
    costs: { kind: 'overlap', start: 'from_at', end: 'to_at', from, to },
    // team_health: the months whose first instant is in P.
    teamHealth: label('month', 7),
    // delivery_predictability: milestones due in P (completed whenever).
    milestones: event('due_at'),
    // secrets_leak_rate: commit counts of the days whose midnight is in P.
    commits: label('day', 10),
  };
}
