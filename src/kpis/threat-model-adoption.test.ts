import type { ThreatModelRecord } from '../domain/records.js';
import { DAY_MS } from '../domain/time.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, service } from './test-support/kpi-input.js';
import { threatModelAdoption } from './threat-model-adoption.js';

const model = (serviceId: string, updatedAt: number): ThreatModelRecord => ({ serviceId, updatedAt, link: null });
const YEAR_BEFORE_END = END - 365 * DAY_MS;

describeKpiCases(threatModelAdoption, [
  {
    name: 'divides tier 0/1 services with a threat model updated in the year before end by tier 0/1 services',
    // s0 (tier 0) d(10) -> yes; s1 exactly END - 365 d -> yes; s2 1 ms earlier -> outdated; s3 tier 2 (not counted);
    // s4 (tier 0) only at END -> not in [END - 365 d, END) -> none. 2/4; tier 0: 1/2, tier 1: 1/2
    services: [service('s0', { tier: 0 }), service('s1'), service('s2'), service('s3', { tier: 2 }), service('s4', { tier: 0 })],
    records: { threatModels: [model('s0', d(10)), model('s1', YEAR_BEFORE_END), model('s2', YEAR_BEFORE_END - 1), model('s3', d(10)), model('s4', END)] },
    expect: { value: 50, n: 4, details: { covered: 2, outdated: 1, none: 1, tier0_share: 50, tier1_share: 50 } },
  },
  {
    name: 'counts a service once when an older model was updated since',
    // s1: two years old and d(30) -> yes; s2 nothing -> 1/2; no tier 0 service
    services: [service('s1'), service('s2')],
    records: { threatModels: [model('s1', YEAR_BEFORE_END - 365 * DAY_MS), model('s1', d(30))] },
    expect: { value: 50, n: 2, details: { covered: 1, outdated: 0, none: 1, tier0_share: null, tier1_share: 50 } },
  },
  {
    name: 'has no data when the scope has no tier 0 or tier 1 service',
    services: [service('s3', { tier: 2 })],
    records: { threatModels: [model('s3', d(10))] },
    expect: { noData: true, reason: /no tier 0 or tier 1 service/ },
  },
  {
    name: 'has no data when no threat models were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /threat models have been imported/ },
  },
]);
