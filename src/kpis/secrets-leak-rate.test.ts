import type { ScanFact } from '../domain/facts.js';
import type { CommitCountRecord } from '../domain/records.js';
import { secretsLeakRate } from './secrets-leak-rate.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const leak = (over: Parameters<typeof interval>[0]) => interval({ category: 'secrets', tool: 'gitleaks', severity: 'high', ...over });
const commits = (repo: string, day: string, count: number): CommitCountRecord => ({ repo, day, count });
const S1 = 'github.com/acme/s1';
const S2 = 'github.com/acme/s2';

// 3 new secret findings in P: at the period start exactly, d(10), d(40) (on s2).
// Not counted: first opened at END, before P, a reopen in P of a finding first opened before P, a false positive, a sast finding.
const leaks = [
  leak({ findingId: 1, openedAt: P.start }),
  leak({ findingId: 2, openedAt: d(10), fixedAt: d(11) }),
  leak({ findingId: 3, openedAt: d(40), serviceId: 's2' }),
  leak({ findingId: 4, openedAt: END }),
  leak({ findingId: 5, openedAt: P.start - DAY }),
  leak({ findingId: 6, seq: 1, openedAt: P.start - 20 * DAY, fixedAt: P.start - 10 * DAY }),
  leak({ findingId: 6, seq: 2, openedAt: d(5) }),
  leak({ findingId: 7, openedAt: d(3), falsePositive: true }),
  interval({ findingId: 8, openedAt: d(3), category: 'sast' }),
];
const services = [service('s1'), service('s2')];
// A secrets scan of s1 in the coverage window before the end (30 days by default).
const scanned = (serviceId: string, at: number): ScanFact => ({ serviceId, tool: 'gitleaks', category: 'secrets', scannedAt: at });
const secretsScan = [scanned('s1', END - 10 * DAY)];

describeKpiCases(secretsLeakRate, [
  {
    name: 'divides new secret findings in P by commits in P, per 1000',
    // commits in P: 2026-07-01 1000 + 2026-09-30 500 (s2) = 1500; 2026-10-01 and 2026-06-30 are outside. 3 * 1000 / 1500 = 2
    services,
    intervals: leaks,
    records: {
      commits: [commits(S1, '2026-07-01', 1000), commits(S2, '2026-09-30', 500), commits(S1, '2026-10-01', 700), commits(S1, '2026-06-30', 300)],
    },
    expect: { value: 2, n: 1500, unit: 'per 1k commits', details: { leaks: 3, commits: 1500 } },
  },
  {
    name: 'cuts commits and findings to a single-service scope',
    // s2: 1 leak (d(40)); its repository's commits in P: 500 + 250 = 750 (s1's 1000 are out of scope). 1 * 1000 / 750
    services,
    intervals: leaks,
    records: { commits: [commits(S1, '2026-07-01', 1000), commits(S2, '2026-09-30', 500), commits(S2, '2026-08-15', 250)] },
    scope: { by: 'service', key: 's2' },
    expect: { value: 1000 / 750, n: 750, details: { leaks: 1, commits: 750 } },
  },
  {
    name: 'is 0 per 1k commits when commits were counted, secrets were scanned and nothing leaked',
    services,
    intervals: [interval({ findingId: 1, openedAt: d(3), category: 'sast' })],
    scans: secretsScan,
    records: { commits: [commits(S1, '2026-08-01', 400)] },
    expect: { value: 0, n: 400, unit: 'per 1k commits' },
  },
  {
    name: "has no data when nothing leaked and no secrets scan of the scope is in the window (a sast scan, one 31 days before the end, another service's)",
    services,
    intervals: [interval({ findingId: 1, openedAt: d(3), category: 'sast' })],
    scans: [
      { serviceId: 's1', tool: 'semgrep', category: 'sast', scannedAt: END - DAY },
      scanned('s1', END - 31 * DAY),
      scanned('s2', END - DAY),
      scanned('s1', END),
    ],
    scope: { by: 'service', key: 's1' },
    records: { commits: [commits(S1, '2026-08-01', 400)] },
    expect: { noData: true, reason: /no secrets scan of the scope in the 30 days before the end of the period/ },
  },
  {
    name: 'counts a secrets scan exactly 30 days before the end as in the window',
    services,
    scans: [scanned('s1', END - 30 * DAY)],
    records: { commits: [commits(S1, '2026-08-01', 400)] },
    expect: { value: 0, n: 400 },
  },
  {
    name: 'without commit data, is the count with a note that the rate is unavailable',
    services,
    intervals: leaks,
    expect: {
      value: 3,
      n: 3,
      unit: 'count',
      details: { leaks: 3, commits: null },
      note: /rate per 1k commits unavailable: no commit counts have been imported/,
    },
  },
  {
    name: 'with commit data but none in P, is the count with a note',
    // only commits after the period
    services,
    intervals: leaks,
    records: { commits: [commits(S1, '2026-10-01', 700)] },
    expect: { value: 3, n: 3, unit: 'count', note: /unavailable: no commits were counted in the period/ },
  },
  {
    name: 'has no data when findings were never loaded',
    services,
    loaded: ['catalog', 'commits'],
    expect: { noData: true, reason: /findings/ },
  },
]);
