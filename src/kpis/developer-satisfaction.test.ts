import { developerSatisfaction } from './developer-satisfaction.js';
import { dh, survey } from './test-support/delivery-records.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { END, P, service } from './test-support/kpi-input.js';

// A year before P (2026-Q3) is 2025-Q3: [2025-07-01, 2025-10-01).
const Y = (month: number, day: number) => Date.UTC(2025, month - 1, day);

describeKpiCases(developerSatisfaction, [
  {
    name: 'averages responses normalized from their scales, and compares with the same quarter a year earlier',
    // P: 4 on 1–5 = 75; 7 on 0–10 = 70; 2 on 1–5 at P.start = 25 (no team: counts for the company). Mean 170/3.
    // Out of P: a 5 at END. A year earlier: 3 on 1–5 = 50, 6 on 0–10 = 60 -> 55; a 1 on 1–5 at 2025-10-01 is 2025-Q4, out.
    // yoy_change = 170/3 - 55 = 5/3.
    records: {
      surveys: [
        survey(dh(3), 4),
        survey(dh(40), 7, 0, 10),
        survey(P.start, 2, 1, 5, null),
        survey(END, 5),
        survey(Y(7, 1), 3),
        survey(Y(9, 30), 6, 0, 10),
        survey(Y(10, 1), 1),
      ],
    },
    expect: { value: 170 / 3, n: 3, details: { score_year_earlier: 55, responses_year_earlier: 2, yoy_change: 170 / 3 - 55, yoy_target_points: 10 } },
  },
  {
    name: 'gives no year-over-year change without responses a year earlier',
    // 9 on 0–10 = 90; 3 on 1–7 = 2/6 = 33.33. Mean 61.67. A response in 2026-Q2 is not "a year earlier".
    records: { surveys: [survey(dh(10), 9, 0, 10), survey(dh(20), 3, 1, 7), survey(P.start - 1, 5)] },
    expect: { value: (90 + 100 / 3) / 2, n: 2, details: { score_year_earlier: null, responses_year_earlier: 0, yoy_change: null } },
  },
  {
    name: 'has no data when no response was submitted in P, still showing the year-earlier score',
    records: { surveys: [survey(END, 5), survey(Y(8, 1), 5)] },
    expect: { noData: true, reason: /no survey responses/, details: { score_year_earlier: 100, yoy_change: null } },
  },
  {
    name: 'has no data when surveys were never loaded',
    expect: { noData: true, reason: /surveys/ },
  },
  {
    name: "counts, in a service scope, only the responses of the service's owning teams",
    // s1 is owned by "team": 4 on 1–5 = 75; "other" and unattributed responses are not the scope's.
    services: [service('s1'), service('s2', { owners: ['other'] })],
    scope: { by: 'service', key: 's1' },
    records: { surveys: [survey(dh(5), 4), survey(dh(5), 1, 1, 5, 'other'), survey(dh(6), 1, 1, 5, null)] },
    expect: { value: 75, n: 1 },
  },
]);
