import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntervalFact } from '../domain/facts.js';
import { tierWeight, type Service } from '../domain/service.js';
import type { Severity } from '../domain/severity.js';
import { riskIndex, SEVERITY_WEIGHT } from './risk-index.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, input, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const services = [service('crown', { tier: 0, internetExposed: true }), service('tool', { tier: 2, internetExposed: false })];

describeKpiCases(riskIndex, [
  {
    name: 'weights open findings by severity, tier and exposure',
    // critical on tier 0 exposed: 10*3*2 = 60; medium on tier 2 internal: 2*1*1 = 2; fixed, info and opened at end ignored
    services,
    intervals: [
      interval({ findingId: 1, serviceId: 'crown', openedAt: d(0) }),
      interval({ findingId: 2, serviceId: 'tool', severity: 'medium', openedAt: d(0) }),
      interval({ findingId: 3, serviceId: 'tool', severity: 'high', openedAt: d(0), fixedAt: d(3) }),
      interval({ findingId: 4, serviceId: 'tool', severity: 'info', openedAt: d(0) }),
      interval({ findingId: 5, serviceId: 'tool', severity: 'low', openedAt: END }),
    ],
    expect: { value: 62, n: 2, details: { open_count: 2 } },
  },
  {
    name: 'counts an interval crossing the period start that is still open, and one fixed exactly at the end',
    // high on crown opened before P: 5*3*2 = 30; low on tool fixed exactly at end (open at end): 1*1*1 = 1
    services,
    intervals: [
      interval({ findingId: 1, serviceId: 'crown', severity: 'high', openedAt: P.start - 40 * DAY }),
      interval({ findingId: 2, serviceId: 'tool', severity: 'low', openedAt: d(1), fixedAt: END }),
    ],
    expect: { value: 31, n: 2 },
  },
  {
    name: 'counts a reopened finding by its open interval only, and leaves out false positives',
    // finding 1 fixed d(2), reopened d(10) open: 10*1*1 = 10 on tool; false positive critical ignored
    services,
    intervals: [
      interval({ findingId: 1, seq: 1, serviceId: 'tool', openedAt: d(0), fixedAt: d(2) }),
      interval({ findingId: 1, seq: 2, serviceId: 'tool', openedAt: d(10) }),
      interval({ findingId: 2, serviceId: 'crown', openedAt: d(0), falsePositive: true }),
    ],
    expect: { value: 10, n: 1 },
  },
  {
    name: 'computes a tier scope over its services only',
    services,
    intervals: [interval({ findingId: 1, serviceId: 'crown', openedAt: d(0) }), interval({ findingId: 2, serviceId: 'tool', openedAt: d(0) })],
    scope: { by: 'tier', key: '2' },
    expect: { value: 10, n: 1 },
  },
  {
    name: 'is 0, not no-data, with findings loaded and nothing open',
    services,
    intervals: [interval({ findingId: 1, serviceId: 'crown', openedAt: d(0), fixedAt: d(1) })],
    expect: { value: 0, n: 0, details: { open_count: 0 } },
  },
  {
    name: 'is 0 with nothing open when the scope was scanned in the coverage window before the end',
    services,
    scans: [{ serviceId: 'tool', tool: 'semgrep', category: 'sast', scannedAt: END - 29 * DAY }],
    expect: { value: 0, n: 0 },
  },
  {
    name: 'has no data, not 0, before the scope was scanned: no scan in the window before the end, no finding in the period',
    // A quarter years before the data: the scan and the finding come after it, or long before.
    services,
    scans: [
      { serviceId: 'tool', tool: 'semgrep', category: 'sast', scannedAt: END - 31 * DAY },
      { serviceId: 'crown', tool: 'semgrep', category: 'sast', scannedAt: END },
    ],
    intervals: [
      interval({ findingId: 1, serviceId: 'crown', openedAt: END }),
      interval({ findingId: 2, serviceId: 'tool', openedAt: P.start - 90 * DAY, fixedAt: P.start - 1 }),
    ],
    expect: { noData: true, reason: /no scan of the scope in the 30 days before the end/ },
  },
  {
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);

describe('risk_index against its definition', () => {
  // The definition as written: every countable interval of a scope's service open at the end
  // (opened before it, not fixed before it), weighted. The KPI reads columns made once per scope instead.
  const definition = (services: readonly Service[], intervals: readonly IntervalFact[], end: number) => {
    const byId = new Map(services.map((s) => [s.id, s]));
    let value = 0;
    let n = 0;
    for (const i of intervals) {
      const s = byId.get(i.serviceId);
      if (!s || i.falsePositive || i.severity === 'info' || !(i.openedAt < end && (i.fixedAt === null || i.fixedAt >= end))) continue;
      n++;
      value += SEVERITY_WEIGHT[i.severity] * tierWeight(s.tier) * (s.internetExposed ? 2 : 1);
    }
    return { value, n };
  };
  const time = fc.integer({ min: -5, max: 100 }).map((k) => d(k));
  const fact = fc
    .record({
      serviceId: fc.constantFrom('crown', 'tool', 'gone'),
      severity: fc.constantFrom<Severity>('critical', 'high', 'medium', 'low', 'info'),
      openedAt: time,
      // Fixed after it opened, at the same time, or (bad data) before it, or at the period's end exactly.
      fixedAt: fc.option(fc.oneof(time, fc.constant(END)), { nil: null }),
      falsePositive: fc.boolean(),
    })
    .map((r) => interval(r));

  it('gives what the definition gives, for every period end of a series over the same facts', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 60 }), fc.array(time, { minLength: 1, maxLength: 4 }), (intervals, ends) => {
        // Scanned every day, so that an index of 0 is a value (before any scan it is no data: above).
        const scans = Array.from({ length: 141 }, (_, k) => ({ serviceId: 'tool', tool: 'semgrep', category: 'sast' as const, scannedAt: d(k - 40) }));
        const base = input({ services, intervals, scans });
        for (const end of [...ends, END]) {
          // One input per period over the same intervals and services, as a review's series reads them.
          const r = riskIndex.compute({ ...base, period: { ...P, end } });
          expect(r).toEqual({ kind: 'value', ...definition(services, intervals, end), details: { open_count: definition(services, intervals, end).n } });
        }
      }),
      { numRuns: 300 },
    );
  });
});
