import { riskIndex } from './risk-index.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

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
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
