import type { KpiInput } from './define-kpi.js';

/** What a scope's period-independent work may read. */
export type ScopeFacts = Pick<KpiInput, 'intervals' | 'services' | 'exceptions' | 'taxonomy'>;

interface Entry {
  services: ScopeFacts['services'];
  exceptions: ScopeFacts['exceptions'];
  taxonomy: ScopeFacts['taxonomy'];
  values: Map<string, unknown>;
}

const cache = new WeakMap<ScopeFacts['intervals'], Entry>();

/**
 * Work that depends on a scope's facts but not on the period (the scope's own countable
 * intervals, the subset a KPI counts, an index over them): done once per scope and shared by
 * both periods and every KPI, instead of once per call. Memoised per intervals array (facts are
 * never mutated once loaded) for the same services, exceptions and taxonomy; `key` names the
 * work and must be unique to it. Values handed back are shared and must not be modified.
 */
export function perScope<T>(input: ScopeFacts, key: string, work: () => T): T {
  let entry = cache.get(input.intervals);
  if (entry === undefined || entry.services !== input.services || entry.exceptions !== input.exceptions || entry.taxonomy !== input.taxonomy) {
    entry = { services: input.services, exceptions: input.exceptions, taxonomy: input.taxonomy, values: new Map() };
    cache.set(input.intervals, entry);
  }
  if (entry.values.has(key)) return entry.values.get(key) as T;
  const value = work();
  entry.values.set(key, value);
  return value;
}
