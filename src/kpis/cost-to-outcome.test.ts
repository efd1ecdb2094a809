import { expect } from 'vitest';
import type { CostRecord } from '../domain/records.js';
import { costToOutcome } from './cost-to-outcome.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const cost = (tool: string, annualCost: number, from: number, to: number, currency = 'USD'): CostRecord => ({ tool, annualCost, currency, from, to });

// Attributed to 2026-Q3 (92 days):
//   Semgrep 36500/yr over [start - 100 d, end + 100 d): 92 d overlap -> 36500 * 92 / 365 = 9200
//   trivy 7300/yr over [d(46), end + 1 d): 46 d -> 920
//   Snyk 3650/yr over [d(0), d(10)): 10 d -> 100
//   EUR record ending exactly at the start: 0 d overlap, left out (so no currency clash)
// total 10220
const costs = [
  cost('Semgrep', 36500, P.start - 100 * DAY, END + 100 * DAY),
  cost('trivy', 7300, d(46), END + DAY),
  cost('Snyk', 3650, d(0), d(10)),
  cost('old-tool', 99999, P.start - 200 * DAY, P.start, 'EUR'),
];
// Critical/high fix events in P: semgrep 3 (one exactly at the start), trivy 2 (a finding fixed, reopened, fixed again) = 5.
// Not counted: a medium fix, a fix at the end, a false positive.
const intervals = [
  interval({ findingId: 1, tool: 'semgrep', openedAt: P.start - 5 * DAY, fixedAt: P.start }),
  interval({ findingId: 2, tool: 'semgrep', severity: 'high', openedAt: d(0), fixedAt: d(20) }),
  interval({ findingId: 3, tool: 'semgrep', openedAt: d(0), fixedAt: d(30) }),
  interval({ findingId: 4, tool: 'trivy', category: 'container', openedAt: d(0), fixedAt: d(50) }),
  interval({ findingId: 4, seq: 2, tool: 'trivy', category: 'container', openedAt: d(60), fixedAt: d(70) }),
  interval({ findingId: 5, tool: 'semgrep', severity: 'medium', openedAt: d(0), fixedAt: d(5) }),
  interval({ findingId: 6, tool: 'semgrep', openedAt: d(0), fixedAt: END }),
  interval({ findingId: 7, tool: 'trivy', openedAt: d(0), fixedAt: d(5), falsePositive: true }),
];

describeKpiCases(costToOutcome, [
  {
    name: 'divides the tool cost attributed to P by critical and high fix events in P, per tool too',
    // 10220 / 5 = 2044; Semgrep 9200 / 3 (cost 'Semgrep' matches findings of 'semgrep'); trivy 920 / 2 = 460; Snyk has no fixes: null
    intervals,
    records: { costs },
    expect: {
      value: 2044,
      n: 5,
      details: { total_cost: 10220, currency: 'USD', fixes: 5, per_tool: { Semgrep: expect.closeTo(9200 / 3, 6), trivy: 460, Snyk: null } },
    },
  },
  {
    name: 'has no data for a narrower scope: costs are company-wide',
    services: [service('s1', { area: 'A' })],
    intervals,
    records: { costs },
    scope: { by: 'area', key: 'A' },
    expect: { noData: true, reason: /company-wide/ },
  },
  {
    name: 'has no data when nothing critical or high was fixed in P, with the cost still reported',
    intervals: [interval({ findingId: 1, openedAt: d(0) })],
    records: { costs },
    expect: { noData: true, n: 0, reason: /fixed/, details: { total_cost: 10220, fixes: 0 } },
  },
  {
    name: 'does not add costs of different currencies',
    intervals,
    records: { costs: [cost('Semgrep', 36500, d(0), END), cost('trivy', 7300, d(0), END, 'EUR')] },
    expect: { noData: true, reason: /more than one currency/ },
  },
  {
    name: 'has no data when no cost record overlaps P',
    intervals,
    records: { costs: [cost('Semgrep', 36500, END, END + 100 * DAY)] },
    expect: { noData: true, reason: /overlaps/ },
  },
  {
    name: 'has no data when costs were never loaded',
    intervals,
    expect: { noData: true, reason: /costs/ },
  },
]);
