import { describe, expect, it } from 'vitest';
import { formatTarget, formatValue } from './format.js';

describe('KPI value and target text', () => {
  it('states "No data", never 0, for a KPI without a value', () => {
    expect(formatValue({ value: null, unit: '%' })).toBe('No data');
  });
  it('names the currency of a cost KPI from its records, and keeps the generic unit without one', () => {
    expect(formatValue({ value: 317.3, unit: 'currency per fix', details: { currency: 'EUR' } })).toBe('317.3 EUR per fix');
    expect(formatValue({ value: 317.3, unit: 'currency per fix' })).toBe('317.3');
  });
  it('states a target on a detail with the detail it applies to', () => {
    expect(formatTarget({ unit: 'count', target: { op: '<=', value: 10, on: 'median_cycle_business_days' } })).toBe('median cycle business days ≤ 10');
    expect(formatTarget({ unit: '%', target: { op: '>=', value: 90 } })).toBe('≥ 90 %');
    expect(formatTarget({ unit: 'days', target: { op: 'down' } })).toBe('downward');
  });
});
