import { exceptionActiveAt, type ExceptionRecord } from '../domain/exception.js';
import type { IntervalFact } from '../domain/facts.js';

/**
 * Which findings exceptions cover, by key look-ups instead of `exceptionCovers` over every pair
 * (10⁵ findings × thousands of exceptions), with the same rules: an exception names a
 * fingerprint, or a rule or CVE id within a service.
 */
export interface CoverKeys {
  fingerprints: Set<string>;
  /** Rule and CVE ids by service, so that no key text is built per finding. */
  byService: Map<string, { rules: Set<string>; cves: Set<string> }>;
}

const noKeys = (): CoverKeys => ({ fingerprints: new Set(), byService: new Map() });

function ofService(keys: CoverKeys, service: string): { rules: Set<string>; cves: Set<string> } {
  let ids = keys.byService.get(service);
  if (ids === undefined) keys.byService.set(service, (ids = { rules: new Set(), cves: new Set() }));
  return ids;
}

export function coverKeys(exceptions: readonly ExceptionRecord[]): CoverKeys {
  const keys = noKeys();
  for (const e of exceptions) {
    if (e.scope.fingerprint !== undefined) keys.fingerprints.add(e.scope.fingerprint);
    else if (e.scope.service !== undefined && e.scope.rule !== undefined) ofService(keys, e.scope.service).rules.add(e.scope.rule);
    else if (e.scope.service !== undefined && e.scope.cve !== undefined) ofService(keys, e.scope.service).cves.add(e.scope.cve);
  }
  return keys;
}

/** The keys of the exceptions active at `t`; memoised per exceptions array (never mutated once loaded), so that every scope shares them. */
export function activeCoverKeys(exceptions: readonly ExceptionRecord[], t: number): CoverKeys {
  let byTime = activeCache.get(exceptions);
  if (byTime === undefined) activeCache.set(exceptions, (byTime = new Map()));
  let keys = byTime.get(t);
  if (keys === undefined) byTime.set(t, (keys = coverKeys(exceptions.filter((e) => exceptionActiveAt(e, t)))));
  return keys;
}

const activeCache = new WeakMap<readonly ExceptionRecord[], Map<number, CoverKeys>>();

/** Whether an exception that named `wanted` covers `f`; each key of `wanted` it bears is added to `hits` when given. */
export function covers(f: IntervalFact, wanted: CoverKeys, hits: CoverKeys | null = null): boolean {
  let any = false;
  if (wanted.fingerprints.has(f.fingerprint)) {
    any = true;
    hits?.fingerprints.add(f.fingerprint);
  }
  const ids = wanted.byService.size === 0 ? undefined : wanted.byService.get(f.serviceId);
  if (ids === undefined) return any;
  if (f.ruleId !== null && ids.rules.has(f.ruleId)) {
    any = true;
    if (hits) ofService(hits, f.serviceId).rules.add(f.ruleId);
  }
  if (ids.cves.size > 0)
    for (const id of f.vulnerabilityIds)
      if (ids.cves.has(id)) {
        any = true;
        if (hits) ofService(hits, f.serviceId).cves.add(id);
      }
  return any;
}

/** Whether an exception of `exceptions` covers any of `findings`, exactly as `exceptionCovers` over each of them. */
export function coverIndex(findings: readonly IntervalFact[], exceptions: readonly ExceptionRecord[]): { has(e: ExceptionRecord): boolean } {
  const wanted = coverKeys(exceptions);
  const hits = noKeys();
  for (const f of findings) covers(f, wanted, hits);
  return {
    has(e) {
      if (e.scope.fingerprint !== undefined) return hits.fingerprints.has(e.scope.fingerprint);
      if (e.scope.service === undefined) return false;
      const ids = hits.byService.get(e.scope.service);
      if (e.scope.rule !== undefined) return ids?.rules.has(e.scope.rule) ?? false;
      if (e.scope.cve !== undefined) return ids?.cves.has(e.scope.cve) ?? false;
      return false;
    },
  };
}
