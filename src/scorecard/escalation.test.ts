import { describe, expect, it } from 'vitest';
import type { ExceptionRecord } from '../domain/exception.js';
import type { KpiResult } from '../kpis/define-kpi.js';
import { d, END, interval, P, service } from '../kpis/test-support/kpi-input.js';
import { escalate, type EscalationInput } from './escalation.js';

const sla = (value: number, exposed: number): KpiResult => ({ kind: 'value', value, n: 10, details: { overdue_open_tier01_or_internet: exposed } });
const noData: KpiResult = { kind: 'no-data', n: 0, reason: 'x', details: {} };

function run(over: Partial<EscalationInput>) {
  return escalate({
    period: P,
    services: new Map([['s1', service('s1')], ['shared', service('shared', { owners: ['a', 'b'] })]]),
    sla: [sla(95, 0), sla(95, 0), sla(95, 0)],
    slaTarget: 90,
    intervals: [],
    exceptions: [],
    incidents: [],
    topFailureMode: { label: null, services: [] },
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

describe('escalation', () => {
  it('says No when nothing fires', () => {
    expect(run({ sla: [sla(100, 0), sla(100, 0), sla(100, 0)] }).value).toBe('No');
  });

  it.each([
    { name: 'fires Yes on SLA under target with exposed overdue criticals', s: sla(80, 2), level: 'Yes' },
    { name: 'says Maybe when SLA is under target but nothing exposed is overdue', s: sla(80, 0), level: 'Maybe' },
    { name: 'says Maybe when SLA is within 10 % above target with exposed overdue criticals', s: sla(98.9, 1), level: 'Maybe' },
    { name: 'says No at 99 % with exposed overdue criticals (outside the band)', s: sla(99, 1), level: 'No' },
  ])('$name', ({ s, level }) => {
    const r = run({ sla: [sla(100, 0), sla(100, 0), s] });
    expect(r.value).toBe(level);
    if (level !== 'No') expect(r.triggers[0]!.text).toMatch(/critical SLA compliance \d+\.\d %/);
  });

  it('says Maybe when SLA compliance worsened two periods in a row', () => {
    const r = run({ sla: [sla(100, 0), sla(99.5, 0), sla(99.2, 0)] });
    expect(r.value).toBe('Maybe');
    expect(r.triggers[0]!.text).toContain('100.0 % → 99.5 % → 99.2 %');
  });

  it('fires Yes on an exception that expired while its finding is still open', () => {
    const r = run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1) })], exceptions: [exception({})] });
    expect(r.value).toBe('Yes');
    expect(r.triggers[0]).toMatchObject({ id: 'expired_exception' });
    expect(r.triggers[0]!.text).toContain('EX-7');
  });

  it('does not fire on an expired exception whose finding was fixed', () => {
    const r = run({ intervals: [interval({ fingerprint: 'fp-x', openedAt: d(1), fixedAt: d(40) })], exceptions: [exception({})] });
    expect(r.value).toBe('No');
  });

  it('fires on a sev1 incident in the period and records when incidents were not loaded', () => {
    expect(run({ incidents: [{ id: 'INC-1', serviceId: 's1', severity: 'sev1', startedAt: d(3), cause: null }] }).value).toBe('Yes');
    expect(run({ incidents: [{ id: 'INC-1', serviceId: 's1', severity: 'sev1', startedAt: END, cause: null }] }).value).toBe('No');
    expect(run({ incidents: null }).notEvaluated).toContain('severity-1 incidents: no incident records loaded');
  });

  it('fires when the top failure mode sits in a service with several owners', () => {
    const r = run({ topFailureMode: { label: 'tenant-boundary logic gaps', services: ['shared'] } });
    expect(r.value).toBe('Yes');
    expect(r.triggers[0]!.text).toContain('owners: a, b');
    expect(run({ topFailureMode: { label: 'x', services: ['s1'] } }).value).toBe('No');
  });

  it('does not evaluate the SLA trigger without data, and says so', () => {
    const r = run({ sla: [noData, noData, noData] });
    expect(r.value).toBe('No');
    expect(r.notEvaluated[0]).toMatch(/critical SLA/);
  });
});
