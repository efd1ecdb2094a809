import type { LoggingRecord } from '../domain/records.js';
import { loggingCoverage } from './logging-coverage.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, service } from './test-support/kpi-input.js';

const log = (serviceId: string, at: number, shipped: boolean, retainedDays: number | null): LoggingRecord => ({ serviceId, at, shipped, retainedDays });
const services = [service('s0', { tier: 0 }), service('s1'), service('s2'), service('s3', { tier: 2 }), service('s4')];

describeKpiCases(loggingCoverage, [
  {
    name: 'divides tier 0/1 services shipping logs kept long enough by all tier 0/1 services',
    // s0 shipped, 90 days (= minimum) -> covered; s1 shipped d(5) then not shipped d(40) -> not; s2 shipped, 89 days -> short;
    // s3 tier 2 (not counted); s4 no record -> 1/4
    services,
    records: {
      logging: [log('s0', d(10), true, 90), log('s1', d(5), true, 365), log('s1', d(40), false, 365), log('s2', d(10), true, 89), log('s3', d(10), true, 365)],
    },
    expect: { value: 25, n: 4, details: { covered: 1, not_shipped: 1, short_or_unknown_retention: 1, no_record: 1, min_retention_days: 90 } },
  },
  {
    name: 'reads a record exactly at end and ignores records after it',
    // s0: not shipped d(1), shipped 90 at END -> covered; s1: shipped with unknown retention d(1), 365 days after END (not seen) -> 1/2
    services: [service('s0', { tier: 0 }), service('s1')],
    records: { logging: [log('s0', d(1), false, null), log('s0', END, true, 90), log('s1', d(1), true, null), log('s1', END + 1, true, 365)] },
    expect: { value: 50, n: 2, details: { covered: 1, short_or_unknown_retention: 1 } },
  },
  {
    name: 'uses the configured minimum retention',
    // minimum 30: s2 with 89 days is covered; s1 with 29 is not -> 1/2
    services: [service('s1'), service('s2')],
    policy: { loggingMinRetentionDays: 30 },
    records: { logging: [log('s1', d(10), true, 29), log('s2', d(10), true, 89)] },
    expect: { value: 50, n: 2, details: { min_retention_days: 30 } },
  },
  {
    name: 'has no data when the scope has no tier 0 or tier 1 service',
    services,
    scope: { by: 'tier', key: '2' },
    records: { logging: [log('s3', d(10), true, 365)] },
    expect: { noData: true, reason: /no tier 0 or tier 1 service/ },
  },
  {
    name: 'has no data when no logging records were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /logging records have been imported/ },
  },
]);
