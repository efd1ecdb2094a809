import { exceptionActiveAt, type ExceptionRecord } from '../domain/exception.js';
import { coveringExceptions } from '../kpis/exception-cover.js';
import type { IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { Service } from '../domain/service.js';
import type { IncidentFact } from './inputs.js';
import { detailOf, type MetricReading } from './metrics.js';
import { day, listOf, pct, plural } from './phrase.js';
import type { EscalationCell, EscalationLevel, Trigger } from './types.js';

export const SLA_METRIC = 'critical_sla_compliance';
/** Detail of `critical_sla_compliance`: overdue open criticals on tier 0/1 or internet-exposed services at the end. */
export const EXPOSED_OVERDUE = 'overdue_open_tier01_or_internet';

export interface EscalationInput {
  /** The last three periods, oldest first; the last is P. */
  periods: readonly Period[];
  /** The scope's services, by id. */
  services: ReadonlyMap<string, Service>;
  /** `critical_sla_compliance` of the scope for P (its `previous` is P-1) and for P-1 (its `previous` is P-2). */
  sla: { now: MetricReading; before: MetricReading };
  slaTarget: number;
  /** The scope's finding intervals overlapping P (and open at its end). */
  intervals: readonly IntervalFact[];
  /** Null when exception records were never loaded. */
  exceptions: readonly ExceptionRecord[] | null;
  /** Incidents of the scope's services over the three periods; null when incidents were never loaded. */
  incidents: readonly IncidentFact[] | null;
  /** The top failure mode: its label and the services carrying it; null when it has no data. */
  topFailureMode: { label: string | null; services: readonly string[] } | null;
  /**
   * Why the scope's findings are not known at the end of P (scanner findings never imported; no
   * scan of its services and no finding of them open, see judge-scorecard.ts); null when they are.
   * The SLA and exception triggers cannot be evaluated without them, and "no trigger fired" would
   * be a judgement without the data: the cell is No data unless a trigger fires.
   */
  findingsUnknown: string | null;
  nearBand: number;
}

const RULE =
  'Yes when a trigger fires: critical SLA compliance under target with overdue criticals on tier 0/1 or internet-exposed services; an exception expired while its finding is still open; a severity-1 incident in the period; the top failure mode sits in a shared service without a single owner. Maybe when a trigger is within 10 % of firing (SLA within 10 % above target with exposed overdue criticals, or under target without them; an exception over an open finding expiring within 10 % of the period length after its end) or its metric worsened two periods in a row (SLA compliance; severity-1 and -2 incidents). No otherwise; No data when no trigger could be evaluated, or when none fired and the findings of the scope are not known (never imported, or no scan of its services in the period or the coverage window before its end and no finding of them open in the period).';

/** Escalation needed (scorecard.md §1): every Yes/Maybe carries its triggers with their figures. */
export function escalate(input: EscalationInput): EscalationCell {
  const triggers: Trigger[] = [];
  const notEvaluated: string[] = [];
  let evaluated = 0;
  const period = input.periods[input.periods.length - 1]!;
  const band = Math.round(input.nearBand * 100);

  // 1. Critical SLA compliance with exposed overdue criticals.
  const sla = input.sla.now;
  if (sla.kind === 'value') {
    evaluated++;
    const exposed = detailOf(sla, EXPOSED_OVERDUE) ?? 0;
    const exposedServices = [...input.services.values()].filter((s) => s.tier <= 1 || s.internetExposed).map((s) => s.id);
    const figures = { compliance: sla.value, target: input.slaTarget, n: sla.n, exposedOverdue: exposed };
    const text = `critical SLA compliance ${pct(sla.value)} (target ≥ ${input.slaTarget} %, n = ${sla.n}), ${plural(exposed, 'overdue critical')} on tier 0/1 or internet-exposed services`;
    const add = (level: 'Yes' | 'Maybe', t: string) =>
      triggers.push({ id: 'critical_sla', level, text: t, services: exposed > 0 ? exposedServices : [], figures });
    if (sla.value < input.slaTarget && exposed > 0) add('Yes', text);
    else if (sla.value < input.slaTarget + input.slaTarget * input.nearBand && exposed > 0) add('Maybe', `within ${band} % of firing: ${text}`);
    else if (sla.value < input.slaTarget)
      add(
        'Maybe',
        `critical SLA compliance ${pct(sla.value)} (target ≥ ${input.slaTarget} %, n = ${sla.n}) is under target, though no overdue critical is on a tier 0/1 or internet-exposed service`,
      );
    else {
      const series = [input.sla.before.kind === 'value' ? input.sla.before.previous : null, sla.previous, sla.value];
      if (series.every((x): x is number => x !== null) && series[2]! < series[1]! && series[1]! < series[0]!)
        triggers.push({
          id: 'critical_sla',
          level: 'Maybe',
          text: `critical SLA compliance worsened two periods in a row: ${series.map(pct).join(' → ')}`,
          services: [],
          figures: { before2: series[0]!, before1: series[1]!, now: series[2]! },
        });
    }
  } else if (detailOf(sla, EXPOSED_OVERDUE) !== 0) notEvaluated.push(`critical SLA: ${sla.reason}`);
  // No critical was fixed or is overdue: the trigger cannot fire, if the scope's findings are known at all.
  else if (input.findingsUnknown !== null) notEvaluated.push(`critical SLA: ${input.findingsUnknown}`);
  else evaluated++;

  // 2. Exceptions expired while their finding is still open (Maybe: about to).
  if (input.exceptions === null) notEvaluated.push('expired exceptions: no exception records loaded');
  // Whether a finding under an exception is still open is not known (one that is would make the findings known).
  else if (input.findingsUnknown !== null) notEvaluated.push(`expired exceptions: ${input.findingsUnknown}`);
  else {
    evaluated++;
    const openAtEnd = input.intervals.filter((i) => !i.falsePositive && i.openedAt < period.end && (i.fixedAt === null || i.fixedAt >= period.end));
    const expired: { e: ExceptionRecord; covered: IntervalFact[] }[] = [];
    const expiring: { e: ExceptionRecord; covered: IntervalFact[] }[] = [];
    const horizon = (period.end - period.start) * input.nearBand;
    // A finding whose lapsed (or lapsing) exception was renewed — another exception covers it at
    // the end and beyond the horizon — is accepted, not exposed: it does not fire the trigger.
    // The exceptions covering each open finding are looked up by key (coveringExceptions) rather
    // than asking every exception of every finding: the pairwise walk took 55 s of a 150 s
    // scorecard at 10⁶ intervals. Each exception's list keeps the findings' order.
    const covering = coveringExceptions(input.exceptions);
    const lasting = (o: ExceptionRecord) => exceptionActiveAt(o, period.end) && (o.expiresAt === null || o.expiresAt - period.end > horizon);
    const coveredBy = new Map<ExceptionRecord, IntervalFact[]>();
    for (const i of openAtEnd) {
      if (!input.services.has(i.serviceId)) continue;
      const es = covering(i);
      for (const e of es) {
        if (e.status !== 'approved' || e.expiresAt === null) continue;
        if (es.some((o) => o !== e && lasting(o))) continue;
        const list = coveredBy.get(e);
        if (list === undefined) coveredBy.set(e, [i]);
        else list.push(i);
      }
    }
    for (const e of input.exceptions) {
      if (e.status !== 'approved' || e.expiresAt === null) continue;
      const covered = coveredBy.get(e) ?? [];
      if (covered.length === 0) continue;
      if (e.expiresAt <= period.end) expired.push({ e, covered });
      else if (exceptionActiveAt(e, period.end) && e.expiresAt - period.end <= horizon) expiring.push({ e, covered });
    }
    const servicesOf = (list: typeof expired) => [...new Set(list.flatMap((x) => x.covered.map((i) => i.serviceId)))].sort();
    if (expired.length > 0)
      triggers.push({
        id: 'expired_exception',
        level: 'Yes',
        text: `${plural(expired.length, 'exception')} expired while ${expired.length === 1 ? 'its finding is' : 'their findings are'} still open: ${expired
          .map(({ e, covered }) => `${e.id} expired ${day(e.expiresAt!)} with ${plural(covered.length, 'finding')} still open`)
          .join('; ')}`,
        services: servicesOf(expired),
        figures: { expired: expired.length, openFindings: expired.reduce((n, x) => n + x.covered.length, 0) },
      });
    else if (expiring.length > 0)
      triggers.push({
        id: 'expired_exception',
        level: 'Maybe',
        text: `within ${band} % of firing: ${plural(expiring.length, 'exception')} about to expire over open findings: ${expiring
          .map(({ e, covered }) => `${e.id} expires ${day(e.expiresAt!)} covering ${plural(covered.length, 'open finding')}`)
          .join('; ')}`,
        services: servicesOf(expiring),
        figures: { expiring: expiring.length },
      });
  }

  // 3. Severity-1 incidents in P (Maybe: severity-1 and -2 incidents rising two periods in a row).
  if (input.incidents === null) notEvaluated.push('severity-1 incidents: no incident records loaded');
  else {
    evaluated++;
    const inScope = input.incidents.filter((i) => i.serviceId !== null && input.services.has(i.serviceId) && i.startedAt !== null);
    const inPeriod = (p: Period) => inScope.filter((i) => i.startedAt! >= p.start && i.startedAt! < p.end);
    const sev1 = inPeriod(period).filter((i) => i.severity === 'sev1');
    const serious = input.periods.map((p) => inPeriod(p).filter((i) => i.severity === 'sev1' || i.severity === 'sev2').length);
    if (sev1.length > 0)
      triggers.push({
        id: 'sev1_incident',
        level: 'Yes',
        text: `${plural(sev1.length, 'severity-1 incident')} in ${period.label} (${listOf(sev1.map((i) => i.id))})`,
        services: [...new Set(sev1.map((i) => i.serviceId!))].sort(),
        figures: { sev1: sev1.length },
      });
    else if (serious.length >= 3 && serious[0]! < serious[1]! && serious[1]! < serious[2]!)
      triggers.push({
        id: 'sev1_incident',
        level: 'Maybe',
        text: `severity-1 and -2 incidents rose two periods in a row: ${serious.join(' → ')}`,
        services: [...new Set(inPeriod(period).map((i) => i.serviceId!))].sort(),
        figures: { before2: serious[0]!, before1: serious[1]!, now: serious[2]! },
      });
  }

  // 4. The top failure mode in a shared service without a single owner.
  if (input.topFailureMode === null) notEvaluated.push('shared-service ownership: the top failure mode has no data');
  else {
    evaluated++;
    const { label } = input.topFailureMode;
    const shared = input.topFailureMode.services.map((id) => input.services.get(id)).filter((s): s is Service => s !== undefined && s.owners.length !== 1);
    if (label !== null && shared.length > 0)
      triggers.push({
        id: 'shared_service_owner',
        level: 'Yes',
        text: `top failure mode "${label}" sits in ${shared
          .map((s) => `${s.id} (${s.owners.length === 0 ? 'no owner' : `owners: ${s.owners.join(', ')}`})`)
          .join(', ')}, without a single owner`,
        services: shared.map((s) => s.id),
        figures: { sharedServices: shared.length, failureMode: label },
      });
  }

  const value: EscalationLevel = triggers.some((t) => t.level === 'Yes')
    ? 'Yes'
    : triggers.length > 0
      ? 'Maybe'
      : evaluated === 0 || input.findingsUnknown !== null
        ? 'No data'
        : 'No';
  const evidence =
    value === 'No data'
      ? notEvaluated
      : triggers.length > 0
        ? triggers.map((t) => `${t.level}: ${t.text}`)
        : [`no trigger fired or came within ${band} % of firing (${plural(evaluated, 'trigger')} evaluated)`];
  return { value, evidence, rule: RULE, triggers, notEvaluated };
}
