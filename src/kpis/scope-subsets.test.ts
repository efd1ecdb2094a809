import { describe, expect, it } from 'vitest';
import { cutSubsets, scopeSubset, subsetOf } from './scope-subsets.js';
import { d, input, interval, service } from './test-support/kpi-input.js';

const criticals = scopeSubset('critical', () => (i) => i.severity === 'critical');
const exposed = scopeSubset(
  'internet-exposed',
  ({ services }) =>
    (i) =>
      services.get(i.serviceId)!.internetExposed,
);

const facts = () =>
  input({
    services: [service('s1'), service('s2', { internetExposed: false })],
    intervals: [
      interval({ findingId: 1, serviceId: 's1', severity: 'critical', openedAt: d(0) }),
      interval({ findingId: 2, serviceId: 's2', severity: 'critical', openedAt: d(1) }),
      interval({ findingId: 3, serviceId: 's3', severity: 'critical', openedAt: d(2) }),
      interval({ findingId: 4, serviceId: 's1', severity: 'critical', openedAt: d(3), falsePositive: true }),
      interval({ findingId: 5, serviceId: 's1', severity: 'info', openedAt: d(4) }),
      interval({ findingId: 6, serviceId: 's1', severity: 'high', openedAt: d(5) }),
    ],
  });

describe('scope subsets', () => {
  it('keep the countable intervals of the scope’s own services that pass the test, in order', () => {
    const x = facts();
    cutSubsets(x, [criticals, exposed]);
    expect(subsetOf(x, criticals).map((i) => i.findingId)).toEqual([1, 2]);
    expect(subsetOf(x, exposed).map((i) => i.findingId)).toEqual([1, 6]);
  });

  it('are the same whether cut together or on their own', () => {
    const together = facts();
    cutSubsets(together, [criticals, exposed]);
    const alone = facts();
    expect(subsetOf(alone, exposed)).toEqual(subsetOf(together, exposed));
    expect(subsetOf(alone, criticals)).toEqual(subsetOf(together, criticals));
  });

  it('are cut again for other services over the same intervals', () => {
    const x = facts();
    const narrower = { ...x, services: new Map([['s2', service('s2')]]) };
    expect(subsetOf(x, criticals).map((i) => i.findingId)).toEqual([1, 2]);
    expect(subsetOf(narrower, criticals).map((i) => i.findingId)).toEqual([2]);
  });
});
