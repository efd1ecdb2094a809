import { exceptionActiveAt, exceptionCovers, type ExceptionRecord } from '../domain/exception.js';
import type { IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { Service } from '../domain/service.js';
import { toIso } from '../domain/time.js';
import type { KpiResult } from '../kpis/define-kpi.js';
import type { Cell, EscalationLevel, Trigger } from './types.js';

export interface IncidentFact {
  id: string;
  serviceId: string | null;
  severity: string;
  startedAt: number | null;
  cause: string | null;
}

export interface EscalationInput {
  period: Period;
  services: ReadonlyMap<string, Service>;
  /** critical_sla_compliance for the area over [P-2, P-1, P]. */
  sla: readonly KpiResult[];
  slaTarget: number;
  /** The area's finding intervals overlapping P (and open at its end). */
  intervals: readonly IntervalFact[];
  exceptions: readonly ExceptionRecord[];
  /** Incidents of the area's services; null when incidents were never loaded. */
  incidents: readonly IncidentFact[] | null;
  /** Services carrying the top failure mode, and its label. */
  topFailureMode: { label: string | null; services: readonly string[] };
  nearBand: number;
}

const RULE =
  'Yes when a trigger fires: critical SLA compliance under target with overdue criticals on tier 0/1 or internet-exposed services; an exception expired while its finding is still open; a severity-1 incident in the period; the top failure mode sits in a shared service without a single owner. Maybe when a trigger is within 10 % of firing or its metric worsened two periods in a row.';

/** Escalation needed (scorecard.md §1): every Yes/Maybe carries its triggers with their figures. */
export function escalate(input: EscalationInput): Cell<EscalationLevel> & { triggers: Trigger[]; notEvaluated: string[] } {
  const triggers: Trigger[] = [];
  const notEvaluated: string[] = [];
  const { period, nearBand } = input;

  // 1. Critical SLA.
  const sla = input.sla[input.sla.length - 1];
  if (sla && sla.kind === 'value') {
    const exposed = Number(sla.details['overdue_open_tier01_or_internet'] ?? 0);
    const v = sla.value;
    const figures = `critical SLA compliance ${v.toFixed(1)} % (target ≥ ${input.slaTarget} %, n = ${sla.n}), ${exposed} overdue critical${exposed === 1 ? '' : 's'} on tier 0/1 or internet-exposed services`;
    if (v < input.slaTarget && exposed > 0) triggers.push({ id: 'critical_sla', level: 'Yes', text: figures });
    else if (v < input.slaTarget + input.slaTarget * nearBand && exposed > 0)
      triggers.push({ id: 'critical_sla', level: 'Maybe', text: `within ${Math.round(nearBand * 100)} % of firing: ${figures}` });
    else if (v < input.slaTarget)
      triggers.push({ id: 'critical_sla', level: 'Maybe', text: `${figures}: under target, but none of the overdue criticals is on a tier 0/1 or internet-exposed service` });
    else {
      const series = input.sla.map((r) => (r.kind === 'value' ? r.value : null));
      if (series.length >= 3 && series.every((x) => x !== null) && series[2]! < series[1]! && series[1]! < series[0]!)
        triggers.push({ id: 'critical_sla', level: 'Maybe', text: `critical SLA compliance worsened two periods in a row: ${series.map((x) => `${x!.toFixed(1)} %`).join(' → ')}` });
    }
  } else {
    notEvaluated.push('critical SLA: no critical fixes or overdue criticals in the period');
  }

  // 2. Exceptions expired while their finding is still open.
  const openAtEnd = input.intervals.filter((i) => !i.falsePositive && i.openedAt < period.end && (i.fixedAt === null || i.fixedAt >= period.end));
  const expired: string[] = [];
  const expiring: string[] = [];
  const horizon = (period.end - period.start) * nearBand;
  for (const e of input.exceptions) {
    if (e.status !== 'approved' || e.expiresAt === null) continue;
    const covered = openAtEnd.filter((i) => input.services.has(i.serviceId) && exceptionCovers(e, i));
    if (covered.length === 0) continue;
    if (e.expiresAt <= period.end) expired.push(`${e.id} expired ${toIso(e.expiresAt).slice(0, 10)} with ${covered.length} finding${covered.length === 1 ? '' : 's'} still open`);
    else if (exceptionActiveAt(e, period.end) && e.expiresAt - period.end <= horizon)
      expiring.push(`${e.id} expires ${toIso(e.expiresAt).slice(0, 10)} covering ${covered.length} open finding${covered.length === 1 ? '' : 's'}`);
  }
  if (expired.length > 0) triggers.push({ id: 'expired_exception', level: 'Yes', text: `exceptions expired while their findings are still open: ${expired.join('; ')}` });
  else if (expiring.length > 0) triggers.push({ id: 'expired_exception', level: 'Maybe', text: `exceptions about to expire over open findings: ${expiring.join('; ')}` });

  // 3. Severity-1 incidents.
  if (input.incidents === null) notEvaluated.push('severity-1 incidents: no incident records loaded');
  else {
    const sev1 = input.incidents.filter((i) => i.severity === 'sev1' && i.startedAt !== null && i.startedAt >= period.start && i.startedAt < period.end);
    if (sev1.length > 0) triggers.push({ id: 'sev1_incident', level: 'Yes', text: `${sev1.length} severity-1 incident${sev1.length === 1 ? '' : 's'} in the period (${sev1.map((i) => i.id).join(', ')})` });
  }

  // 4. Top failure mode in a shared service without a single owner.
  if (input.topFailureMode.label !== null) {
    const shared = input.topFailureMode.services.map((id) => input.services.get(id)).filter((s): s is Service => s !== undefined && s.owners.length !== 1);
    if (shared.length > 0)
      triggers.push({
        id: 'shared_service_owner',
        level: 'Yes',
        text: `top failure mode "${input.topFailureMode.label}" sits in ${shared
          .map((s) => `${s.id} (${s.owners.length === 0 ? 'no owner' : `owners: ${s.owners.join(', ')}`})`)
          .join(', ')}, without a single owner`,
      });
  }

  const value: EscalationLevel = triggers.some((t) => t.level === 'Yes') ? 'Yes' : triggers.length > 0 ? 'Maybe' : 'No';
  const evidence = triggers.length > 0 ? triggers.map((t) => `${t.level}: ${t.text}`) : ['no trigger fired or came within 10 % of firing'];
  return { value, evidence, rule: RULE, triggers, notEvaluated };
}
