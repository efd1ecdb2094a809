import { describe, expect, it } from 'vitest';
import type { ExceptionRecord } from '../domain/exception.js';
import { d, END, interval, P, service } from '../kpis/test-support/kpi-input.js';
import { escalate, type EscalationInput } from './escalation.js';
import type { IncidentFact } from './inputs.js';
import type { MetricReading } from './metrics.js';
import { noReading, PERIODS, reading } from './test-support/review-inputs.js';

const sla = (value: number, exposed: number, previous: number | null = null): MetricReading =>
  reading('critical_sla_compliance', value, { previous, details: { overdue_open_tier01_or_internet: exposed } });
const [Q1, Q2] = [PERIODS[1]!, PERIODS[2]!];

function run(over: Partial<EscalationInput>) {
  return escalate({
    periods: PERIODS.slice(-3),
    services: new Map([
      ['s1', service('s1')],
      ['shared', service('shared', { owners: ['a', 'b'] })],
    ]),
    sla: { now: sla(95, 0), before: sla(95, 0) },
    slaTarget: 90,
    intervals: [],
    exceptions: [],
    incidents: [],
    topFailureMode: { label: null, services: [] },
    findingsUnknown: null,
    nearBand: 0.1,
    ...over,
  });
}

const exception = (over: Partial<ExceptionRecord>): ExceptionRecord => ({
  id: 'EX-7',
  scope: { fingerprint: 'fp-x' },
  reason: null,
  owner: 'o',
  approver: 'a',
  startsAt: d(0),
  expiresAt: d(30),
  backlog: null,
  compensatingControls: null,
  status: 'approved',
  ...over,
});

const incident = (id: string, severity: IncidentFact['severity'], startedAt: number): IncidentFact => ({
  id,
  serviceId: 's1',
  severity,
  startedAt,
  cause: null,
  runbook: null,
});

describe('escalation', () => {
  it('says No when nothing fires, naming how many triggers were evaluated', () => {
    const r = run({ sla: { now: sla(100, 0), before: sla(100, 0) } });
    expect(r.value).toBe('No');
    expect(r.evidence).toEqual(['no trigger fired or came within 10 % of firing (4 triggers evaluated)']);
  });

  it.each([
    { name: 'fires Yes on SLA under target with exposed overdue criticals', s: sla(80, 2), level: 'Yes' },
    { name: 'says Maybe when SLA is under target but nothing exposed is overdue', s: sla(80, 0), level: 'Maybe' },
    { name: 'says Maybe when SLA is within 10 % above target with exposed overdue criticals', s: sla(98.9, 1), level: 'Maybe' },
    { name: 'says No at 99 % with exposed overdue criticals (outside the band)', s: sla(99, 1), level: 'No' },
  ])('$name', ({ s, level }) => {
    const r = run({ sla: { now: s, before: sla(100, 0) } });
    expect(r.value).toBe(level);
    if (level !== 'No') expect(r.triggers[0]!.text).toMatch(/critical SLA compliance \d+\.\d % \(target ≥ 90 %, n = 10\)/);
  });

  it('says Maybe when SLA compliance worsened two periods in a row, with the series', () => {
    const r = run({ sla: { now: sla(99.2, 0, 99.5), before: sla(99.5, 0, 100) } });
    expect(r.value).toBe('Maybe');
    expect(r.triggers[0]!.text).toBe('critical SLA compliance worsened two periods in a row: 100.0 % → 99.5 % → 99.2 %');
  });

  it('does not call one bad period a two-period worsening', () => {
    expect(run({ sla: { now: sla(99.2, 0, 99.5), before: sla(99.5, 0, 99) } }).value).toBe('No');
  });

  it('fires Yes on an exception that expired while its finding is still open', () => {
    const r = run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1) })], exceptions: [exception({})] });
    expect(r.value).toBe('Yes');
    expect(r.triggers[0]).toMatchObject({ id: 'expired_exception', services: ['s1'] });
    expect(r.triggers[0]!.text).toBe('1 exception expired while its finding is still open: EX-7 expired 2026-07-31 with 1 finding still open');
  });

  it('does not fire on an expired exception whose finding was fixed', () => {
    expect(run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1), fixedAt: d(40) })], exceptions: [exception({})] }).value).toBe('No');
  });

  it('does not fire on an expired exception that a newer one renewed over the same finding', () => {
    const open = [interval({ fingerprint: 'fp-x', openedAt: d(1) })];
    const renewal = exception({ id: 'EX-8', startsAt: d(30), expiresAt: END + 60 * 86_400_000 });
    expect(run({ intervals: open, exceptions: [exception({}), renewal] }).value).toBe('No');
    // A renewal that itself lapses before the end leaves the finding exposed: both are named.
    const lapsed = exception({ id: 'EX-8', startsAt: d(30), expiresAt: d(60) });
    const r = run({ intervals: open, exceptions: [exception({}), lapsed] });
    expect(r.value).toBe('Yes');
    expect(r.triggers[0]!.text).toContain('EX-7 expired 2026-07-31');
    expect(r.triggers[0]!.text).toContain('EX-8 expired 2026-08-30');
  });

  it('says Maybe for an exception over an open finding expiring within 10 % of the period after its end', () => {
    const soon = exception({ expiresAt: END + 5 * 86_400_000 });
    const r = run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1) })], exceptions: [soon] });
    expect(r.value).toBe('Maybe');
    expect(r.triggers[0]!.text).toContain('EX-7 expires 2026-10-06 covering 1 open finding');
    const later = exception({ expiresAt: END + 20 * 86_400_000 });
    expect(run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1) })], exceptions: [later] }).value).toBe('No');
  });

  it.each([
    { name: 'a sev1 in the period fires Yes', incidents: [incident('INC-1', 'sev1', d(3))], level: 'Yes' },
    { name: 'a sev1 starting at the end is outside the period', incidents: [incident('INC-1', 'sev1', END)], level: 'No' },
    { name: 'a sev2 alone does not fire', incidents: [incident('INC-2', 'sev2', d(3))], level: 'No' },
    {
      name: 'sev1/sev2 incidents rising two periods in a row is Maybe',
      incidents: [
        incident('a', 'sev2', Q2.start),
        incident('b', 'sev2', Q2.start + 1),
        incident('c', 'sev2', d(1)),
        incident('d', 'sev2', d(2)),
        incident('e', 'sev2', d(3)),
        incident('f', 'sev3', Q1.start),
      ],
      level: 'Maybe',
    },
  ])('$name', ({ incidents, level }) => {
    expect(run({ incidents }).value).toBe(level);
  });

  it('lists the sev1 incidents by id', () => {
    expect(run({ incidents: [incident('INC-1', 'sev1', d(3)), incident('INC-2', 'sev1', d(4))] }).triggers[0]!.text).toBe(
      '2 severity-1 incidents in 2026-Q3 (INC-1 and INC-2)',
    );
  });

  it('fires when the top failure mode sits in a service with several owners', () => {
    const r = run({ topFailureMode: { label: 'tenant-boundary logic gaps', services: ['shared'] } });
    expect(r.value).toBe('Yes');
    expect(r.triggers[0]!.text).toBe('top failure mode "tenant-boundary logic gaps" sits in shared (owners: a, b), without a single owner');
    expect(run({ topFailureMode: { label: 'x', services: ['s1'] } }).value).toBe('No');
  });

  it('lists the triggers it could not evaluate, and says No data when none could be', () => {
    const partial = run({ incidents: null, exceptions: null });
    expect(partial.value).toBe('No');
    expect(partial.notEvaluated).toEqual(['expired exceptions: no exception records loaded', 'severity-1 incidents: no incident records loaded']);
    const none = run({
      sla: { now: noReading('critical_sla_compliance', 'critical_sla_compliance: no scanner findings have been imported'), before: noReading('x') },
      incidents: null,
      exceptions: null,
      topFailureMode: null,
    });
    expect(none.value).toBe('No data');
    expect(none.evidence).toHaveLength(4);
  });

  it('counts the SLA trigger as evaluated when findings show no critical fixed or overdue', () => {
    const r = run({ sla: { now: noReading('critical_sla_compliance', 'none', { overdue_open_tier01_or_internet: 0 }), before: noReading('x') } });
    expect(r.notEvaluated).toEqual([]);
  });

  const NOT_SCANNED = 'no scan of its services in 2026-Q3 or the 30 days before its end, and no finding of them open in it';
  const unscanned = { now: noReading('critical_sla_compliance', 'none', { overdue_open_tier01_or_internet: 0 }), before: noReading('x') };

  it("says No data, not No, when nothing fires and the scope's findings are not known (before its first scan)", () => {
    // Exceptions and incidents loaded, none of them firing: without findings that is no judgement.
    const r = run({ sla: unscanned, findingsUnknown: NOT_SCANNED, topFailureMode: null });
    expect(r.value).toBe('No data');
    expect(r.notEvaluated).toEqual([
      `critical SLA: ${NOT_SCANNED}`,
      `expired exceptions: ${NOT_SCANNED}`,
      'shared-service ownership: the top failure mode has no data',
    ]);
    expect(r.evidence).toEqual(r.notEvaluated);
    // Findings never imported, incidents loaded: No data as well.
    expect(run({ sla: unscanned, findingsUnknown: 'no scanner findings have been imported', topFailureMode: null }).value).toBe('No data');
  });

  it('still says Yes or Maybe when a trigger fires on what is known, findings unknown or not', () => {
    expect(run({ sla: unscanned, findingsUnknown: NOT_SCANNED, incidents: [incident('INC-1', 'sev1', d(3))] }).value).toBe('Yes');
    expect(run({ sla: unscanned, findingsUnknown: NOT_SCANNED, topFailureMode: { label: 'x', services: ['shared'] } }).value).toBe('Yes');
  });
});
