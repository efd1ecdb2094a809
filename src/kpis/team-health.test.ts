import { monthPeriod } from '../domain/period.js';
import { health } from './test-support/delivery-records.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { service } from './test-support/kpi-input.js';
import { teamHealth } from './team-health.js';

// P = 2026-Q3: the months 2026-07, 2026-08, 2026-09. "other" owns s2.
const ROWS = [
  health('2026-07', { headcount: 10, leavers: 1, oncallPages: 31, oncallEngineers: 2 }),
  health('2026-08', { headcount: 12, leavers: 0, oncallPages: 62, oncallEngineers: 2 }),
  health('2026-09', { headcount: 11, leavers: 2 }),
  health('2026-07', { team: 'other', headcount: 5, leavers: 1 }),
  health('2026-08', { team: 'other', headcount: 5, leavers: 0 }),
  health('2026-09', { team: 'other', headcount: 4, leavers: 0, oncallPages: 30, oncallEngineers: 1 }),
  health('2026-06', { headcount: 10, leavers: 5, oncallPages: 100, oncallEngineers: 1 }), // before P
  health('2026-10', { headcount: 10, leavers: 5 }), // starts at END: out
];
const SERVICES = [service('s1'), service('s2', { owners: ['other'] })];

describeKpiCases(teamHealth, [
  {
    name: 'divides leavers over the months of P by the mean monthly headcount, with pages per on-call engineer per week',
    // leavers 1+0+2+1 = 4; monthly headcount 15, 17, 15 -> mean 47/3; 4 / (47/3) = 1200/47 %. n = round(15.67) = 16.
    // pages 31 + 62 + 30 = 123 over engineer-weeks 2×31/7 + 2×31/7 + 1×30/7 = 154/7 = 22 -> 123/22 per engineer per week.
    services: SERVICES,
    records: { teamHealth: ROWS },
    expect: { value: 1200 / 47, n: 16, details: { leavers: 4, mean_headcount: 47 / 3, months: 3, oncall_pages_per_engineer_week: 123 / 22 } },
  },
  {
    name: 'takes the one month of a month period',
    // 2026-08: leavers 0 over headcount 17 -> 0 %; pages 62 over 2×31/7 engineer-weeks = 7.
    services: SERVICES,
    period: monthPeriod(2026, 8),
    records: { teamHealth: ROWS },
    expect: { value: 0, n: 17, details: { leavers: 0, oncall_pages_per_engineer_week: 7 } },
  },
  {
    name: "counts, in a service scope, only the rows of the service's owning team",
    // other: leavers 1 over mean (5+5+4)/3 = 14/3 -> 300/14 %; pages 30 over 30/7 engineer-weeks = 7. n = round(4.67) = 5.
    services: SERVICES,
    scope: { by: 'service', key: 's2' },
    records: { teamHealth: ROWS },
    expect: { value: 300 / 14, n: 5, details: { leavers: 1, oncall_pages_per_engineer_week: 7 } },
  },
  {
    name: 'reports no page rate when no row gives on-call figures',
    records: { teamHealth: [health('2026-07', { headcount: 20, leavers: 1 })] },
    expect: { value: 5, n: 20, details: { oncall_pages_per_engineer_week: null } },
  },
  {
    name: 'has no data when no row falls in the months of P',
    records: { teamHealth: [ROWS[6]!, ROWS[7]!] },
    expect: { noData: true, reason: /no team-health rows/ },
  },
  {
    name: 'has no data when team health was never loaded',
    expect: { noData: true, reason: /team-health/ },
  },
]);
