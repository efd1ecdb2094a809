import { exceptionActiveAt, type ExceptionRecord } from '../domain/exception.js';
import type { IntervalFact } from '../domain/facts.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { openAt, scopeCountable } from './fix-events.js';
import { perScope } from './scope-memo.js';
import { median, percent } from './stats.js';

export const exceptionVolumeAge = defineKpi({
  id: 'exception_volume_age',
  name: 'Exception volume & age',
  measures: 'How many risk acceptances are active at the end of the period, and how old they are.',
  why: 'Exceptions are risk the business chose to carry; a growing, ageing or unowned pile is risk nobody is working down.',
  formula:
    'Count of approved exceptions active at end (starts_at <= end < expires_at). Exceptions are company-wide records: a narrower scope counts those that cover a finding of its services or whose scope.service is one of them. ' +
    'Also: median and max age in days at end (end - starts_at) of the active ones; expired_while_open = approved exceptions of the scope with expires_at <= end (no longer active at end) covering a finding still open at end; ' +
    'backlog_share and expiry_share = % of the active ones with a backlog link / with an expiry. Zero, not no data, when exceptions were loaded and none is active.',
  unit: 'count',
  better: 'down',
  target: { op: 'down' },
  frequency: 'monthly',
  inputs: ['exceptions', 'findings'],
  compute(input) {
    const { period, services, exceptions, loaded, scope } = input;
    if (!loaded.has('exceptions')) return noData('no exceptions have been imported');
    // Covering is by fingerprint, or by rule or CVE within a service (exceptionCovers): indexed
    // once per scope, so that a scope is not scanned once per exception (1M intervals × thousands
    // of exceptions), nor once per period: each period picks from the findings some exception covers.
    const covering = perScope(input, 'exception-volume-age cover index', () => coverIndex(scopeCountable(input), exceptions));
    const inScope = (e: ExceptionRecord) =>
      scope.by === 'company' || (e.scope.service !== undefined && services.has(e.scope.service)) || (e.scope.fingerprint !== undefined && covering.has(e));
    const mine = exceptions.filter(inScope);
    const end = period.end;
    const active = mine.filter((e) => exceptionActiveAt(e, end));
    const ages = active.map((e) => (end - e.startsAt) / DAY_MS);
    const stillOpen = coverIndex(openAt(covering.covered, end), mine);
    const expiredWhileOpen = mine.filter((e) => e.status === 'approved' && e.expiresAt !== null && e.expiresAt <= end && stillOpen.has(e));
    const details = {
      median_age_days: median(ages),
      max_age_days: ages.length === 0 ? null : Math.max(...ages),
      expired_while_open: expiredWhileOpen.length,
      backlog_share: active.length === 0 ? null : percent(active.filter((e) => e.backlog !== null && e.backlog !== '').length, active.length),
      expiry_share: active.length === 0 ? null : percent(active.filter((e) => e.expiresAt !== null).length, active.length),
    };
    return { kind: 'value', value: active.length, n: active.length, details };
  },
});

/**
 * Whether an exception of `exceptions` covers any of `findings`, exactly as `exceptionCovers`
 * over each of them, by key lookups; only the keys some exception names are collected.
 * `covered`: the findings some exception of `exceptions` covers, in their order.
 */
function coverIndex(findings: readonly IntervalFact[], exceptions: readonly ExceptionRecord[]): { has(e: ExceptionRecord): boolean; covered: IntervalFact[] } {
  // Rule and CVE keys are (service, id) pairs, kept as service → ids so that no key text is built per finding.
  const wantedFp = new Set<string>();
  const wantedRule = new Map<string, Set<string>>();
  const wantedCve = new Map<string, Set<string>>();
  const addTo = (m: Map<string, Set<string>>, service: string, id: string) => {
    const ids = m.get(service);
    if (ids === undefined) m.set(service, new Set([id]));
    else ids.add(id);
  };
  for (const e of exceptions) {
    if (e.scope.fingerprint !== undefined) wantedFp.add(e.scope.fingerprint);
    else if (e.scope.service !== undefined && e.scope.rule !== undefined) addTo(wantedRule, e.scope.service, e.scope.rule);
    else if (e.scope.service !== undefined && e.scope.cve !== undefined) addTo(wantedCve, e.scope.service, e.scope.cve);
  }
  const hitFp = new Set<string>();
  const hitRule = new Map<string, Set<string>>();
  const hitCve = new Map<string, Set<string>>();
  const covered: IntervalFact[] = [];
  for (const f of findings) {
    let hit = false;
    if (wantedFp.size > 0 && wantedFp.has(f.fingerprint)) {
      hitFp.add(f.fingerprint);
      hit = true;
    }
    if (f.ruleId !== null && wantedRule.get(f.serviceId)?.has(f.ruleId)) {
      addTo(hitRule, f.serviceId, f.ruleId);
      hit = true;
    }
    const cves = wantedCve.get(f.serviceId);
    if (cves !== undefined)
      for (const id of f.vulnerabilityIds)
        if (cves.has(id)) {
          addTo(hitCve, f.serviceId, id);
          hit = true;
        }
    if (hit) covered.push(f);
  }
  return {
    covered,
    has(e) {
      if (e.scope.fingerprint !== undefined) return hitFp.has(e.scope.fingerprint);
      if (e.scope.service === undefined) return false;
      if (e.scope.rule !== undefined) return hitRule.get(e.scope.service)?.has(e.scope.rule) ?? false;
      if (e.scope.cve !== undefined) return hitCve.get(e.scope.service)?.has(e.scope.cve) ?? false;
      return false;
    },
  };
}
