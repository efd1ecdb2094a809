import { exceptionActiveAt, type CoverableFinding, type ExceptionRecord } from '../domain/exception.js';
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
  if (f.fingerprint !== null && wanted.fingerprints.has(f.fingerprint)) {
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

/**
 * The exceptions of `exceptions` that cover a finding, in their order, exactly as
 * `exceptionCovers` over each of them, by key look-ups: the escalation's expired-exception
 * trigger asked `exceptionCovers` of every exception for every open finding (and again of every
 * exception to see whether a covered finding was renewed), 55 s of a 150 s scorecard at 10⁶
 * intervals. Memoised per exceptions array (never mutated once loaded); the lists handed back are
 * shared and must not be modified.
 */
export function coveringExceptions(exceptions: readonly ExceptionRecord[]): (f: CoverableFinding) => readonly ExceptionRecord[] {
  let covering = coveringCache.get(exceptions);
  if (covering === undefined) coveringCache.set(exceptions, (covering = coveringIndex(exceptions)));
  return covering;
}

const coveringCache = new WeakMap<readonly ExceptionRecord[], (f: CoverableFinding) => readonly ExceptionRecord[]>();
const NONE: readonly ExceptionRecord[] = [];

function coveringIndex(exceptions: readonly ExceptionRecord[]): (f: CoverableFinding) => readonly ExceptionRecord[] {
  const byFingerprint = new Map<string, number[]>();
  const byService = new Map<string, { rules: Map<string, number[]>; cves: Map<string, number[]> }>();
  const add = (m: Map<string, number[]>, k: string, n: number) => {
    const list = m.get(k);
    if (list === undefined) m.set(k, [n]);
    else list.push(n);
  };
  exceptions.forEach((e, n) => {
    if (e.scope.fingerprint !== undefined) return add(byFingerprint, e.scope.fingerprint, n);
    if (e.scope.service === undefined || (e.scope.rule === undefined && e.scope.cve === undefined)) return;
    let ids = byService.get(e.scope.service);
    if (ids === undefined) byService.set(e.scope.service, (ids = { rules: new Map(), cves: new Map() }));
    if (e.scope.rule !== undefined) add(ids.rules, e.scope.rule, n);
    else add(ids.cves, e.scope.cve!, n);
  });
  return (f) => {
    const ids = byService.get(f.serviceId);
    const fingerprint = f.fingerprint === null ? undefined : byFingerprint.get(f.fingerprint);
    if (ids === undefined && fingerprint === undefined) return NONE;
    const found: number[] = fingerprint === undefined ? [] : [...fingerprint];
    if (ids !== undefined) {
      if (f.ruleId !== null) found.push(...(ids.rules.get(f.ruleId) ?? []));
      if (ids.cves.size > 0) for (const id of f.vulnerabilityIds) found.push(...(ids.cves.get(id) ?? []));
    }
    if (found.length === 0) return NONE;
    // A finding naming a CVE twice, or found by several keys, lists each exception once, in order.
    found.sort((a, b) => a - b);
    const out: ExceptionRecord[] = [];
    for (let k = 0; k < found.length; k++) if (k === 0 || found[k] !== found[k - 1]) out.push(exceptions[found[k]!]!);
    return out;
  };
}
