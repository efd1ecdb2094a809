import type { IntervalFact } from '../domain/facts.js';
import { isCountable } from './fix-events.js';
import { perScope, type ScopeFacts } from './scope-memo.js';

/**
 * A subset of a scope's countable intervals (those of its own services) that a KPI counts,
 * independent of the period: each period's fix events and open intervals are then picked from
 * the subset instead of from every interval. `prepare` gives the test for one scope (it may read
 * the scope's services, exceptions and taxonomy). A KPI lists the subsets it reads in its
 * definition (`KpiDefinition.subsets`), so that `cutSubsets` can cut all those of the KPIs
 * computed in one walk over a scope's intervals.
 */
export interface ScopeSubset {
  key: string;
  prepare: (input: ScopeFacts) => (i: IntervalFact) => boolean;
}

export function scopeSubset(key: string, prepare: ScopeSubset['prepare']): ScopeSubset {
  return { key, prepare };
}

const cutOf = (input: ScopeFacts): Map<ScopeSubset, readonly IntervalFact[]> => perScope(input, 'subsets', () => new Map());

/**
 * Cuts the subsets of a scope not cut yet, in one walk over its intervals (memoised per scope,
 * see perScope): reading 10⁵–10⁶ interval objects from memory costs far more than the tests,
 * so each walk saved counts. Lists keep the intervals' order.
 */
export function cutSubsets(input: ScopeFacts, subsets: readonly ScopeSubset[]): void {
  const cut = cutOf(input);
  const todo = subsets.filter((s) => !cut.has(s));
  if (todo.length === 0) return;
  const tests = todo.map((s) => s.prepare(input));
  const lists: IntervalFact[][] = todo.map(() => []);
  const { services, intervals } = input;
  for (let j = 0; j < intervals.length; j++) {
    const i = intervals[j]!;
    if (!isCountable(i) || !services.has(i.serviceId)) continue;
    for (let k = 0; k < tests.length; k++) if (tests[k]!(i)) lists[k]!.push(i);
  }
  todo.forEach((s, k) => cut.set(s, lists[k]!));
}

/** A subset of a scope: as `cutSubsets` cut it, or cut on its own. Shared: callers must not modify it. */
export function subsetOf(input: ScopeFacts, subset: ScopeSubset): readonly IntervalFact[] {
  cutSubsets(input, [subset]);
  return cutOf(input).get(subset)!;
}
