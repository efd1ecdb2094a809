import type { IntervalFact } from '../domain/facts.js';
import { isCountable } from './fix-events.js';
import { perScope, type ScopeFacts } from './scope-memo.js';

interface Subset {
  key: string;
  prepare: (input: ScopeFacts) => (i: IntervalFact) => boolean;
}

/** Every subset declared so far, in declaration order. */
const declared: Subset[] = [];

/**
 * Declares a subset of a scope's countable intervals (those of its own services) that a KPI
 * counts, independent of the period: each period's fix events and open intervals are then
 * picked from the subset instead of from every interval. `prepare` gives the test for one scope
 * (it may read the scope's services, exceptions and taxonomy). Every declared subset of a scope
 * is cut in one walk over its intervals, the first time any of them is asked for (perScope):
 * reading 10⁵–10⁶ interval objects from memory costs far more than the tests, so each walk
 * saved counts. Lists keep the intervals' order and are shared: callers must not modify them.
 */
export function scopeSubset(key: string, prepare: Subset['prepare']): (input: ScopeFacts) => readonly IntervalFact[] {
  const subset: Subset = { key, prepare };
  declared.push(subset);
  return (input) => {
    const cut = perScope(input, 'subsets', () => cutSubsets(input, declared));
    let list = cut.get(subset);
    // Declared after this scope's walk (a module imported later): cut on its own.
    if (list === undefined) cut.set(subset, (list = cutSubsets(input, [subset]).get(subset)!));
    return list;
  };
}

function cutSubsets(input: ScopeFacts, subsets: readonly Subset[]): Map<Subset, IntervalFact[]> {
  const tests = subsets.map((s) => s.prepare(input));
  const lists: IntervalFact[][] = subsets.map(() => []);
  const { services } = input;
  for (const i of input.intervals) {
    if (!isCountable(i) || !services.has(i.serviceId)) continue;
    for (let k = 0; k < tests.length; k++) if (tests[k]!(i)) lists[k]!.push(i);
  }
  return new Map(subsets.map((s, k) => [s, lists[k]!]));
}
