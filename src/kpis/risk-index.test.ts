import { describe, expect, it } from 'vitest';
import { riskIndex as kpi } from './risk-index.js';
import { d, END, input, interval, service } from './test-support/kpi-input.js';

describe('risk_index', () => {
  it('weights open findings by severity, tier and exposure', () => {
    // critical on tier 0 exposed: 10*3*2 = 60; medium on tier 2 internal: 2*1*1 = 2; fixed and info ignored
    const services = [service('crown', { tier: 0, internetExposed: true }), service('tool', { tier: 2, internetExposed: false })];
    const intervals = [
      interval({ serviceId: 'crown', openedAt: d(0) }),
      interval({ serviceId: 'tool', severity: 'medium', openedAt: d(0) }),
      interval({ serviceId: 'tool', severity: 'high', openedAt: d(0), fixedAt: d(3) }),
      interval({ serviceId: 'tool', severity: 'info', openedAt: d(0) }),
      interval({ serviceId: 'tool', severity: 'low', openedAt: END }),
    ];
    expect(kpi.compute(input({ services, intervals }))).toMatchObject({ kind: 'value', value: 62, n: 2, details: { open_count: 2 } });
  });

  it('is 0, not no-data, for a scope with findings loaded and nothing open', () => {
    expect(kpi.compute(input({ intervals: [] }))).toMatchObject({ kind: 'value', value: 0, n: 0 });
  });
});
