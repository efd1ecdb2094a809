import { exceptionActiveAt, type CoverableFinding, type ExceptionRecord } from '../domain/exception.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { countable, openAt } from './fix-events.js';
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
  compute({ period, services, intervals, exceptions, loaded, scope }) {
    if (!loaded.has('exceptions')) return noData('no exceptions have been imported');
    const scoped = countable(intervals).filter((i) => services.has(i.serviceId));
    // Covering is by fingerprint, or by rule or CVE within a service (exceptionCovers): indexed
    // once, so that a scope is not scanned once per exception (1M intervals × thousands of exceptions).
    const covered = scope.by === 'company' ? null : coverIndex(scoped, exceptions);
    const inScope = (e: ExceptionRecord) =>
      scope.by === 'company' || (e.scope.service !== undefined && services.has(e.scope.service)) || (e.scope.fingerprint !== undefined && covered!.has(e));
    const mine = exceptions.filter(inScope);
    const end = period.end;
    const active = mine.filter((e) => exceptionActiveAt(e, end));
    const ages = active.map((e) => (end - e.startsAt) / DAY_MS);
    const stillOpen = coverIndex(openAt(scoped, end), mine);
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
 */
function coverIndex(findings: readonly CoverableFinding[], exceptions: readonly ExceptionRecord[]): { has(e: ExceptionRecord): boolean } {
  const key = (service: string, id: string) => `${service}\u0000${id}`;
  const wantedFp = new Set<string>();
  const wantedRule = new Set<string>();
  const wantedCve = new Set<string>();
  for (const e of exceptions) {
    if (e.scope.fingerprint !== undefined) wantedFp.add(e.scope.fingerprint);
    else if (e.scope.service !== undefined && e.scope.rule !== undefined) wantedRule.add(key(e.scope.service, e.scope.rule));
    else if (e.scope.service !== undefined && e.scope.cve !== undefined) wantedCve.add(key(e.scope.service, e.scope.cve));
  }
  const hit = new Set<string>();
  for (const f of findings) {
    if (wantedFp.has(f.fingerprint)) hit.add(`f\u0000${f.fingerprint}`);
    if (wantedRule.size > 0 && f.ruleId !== null && wantedRule.has(key(f.serviceId, f.ruleId))) hit.add(`r\u0000${key(f.serviceId, f.ruleId)}`);
    if (wantedCve.size > 0) for (const id of f.vulnerabilityIds) if (wantedCve.has(key(f.serviceId, id))) hit.add(`c\u0000${key(f.serviceId, id)}`);
  }
  return {
    has(e) {
      if (e.scope.fingerprint !== undefined) return hit.has(`f\u0000${e.scope.fingerprint}`);
      if (e.scope.service === undefined) return false;
      if (e.scope.rule !== undefined) return hit.has(`r\u0000${key(e.scope.service, e.scope.rule)}`);
      if (e.scope.cve !== undefined) return hit.has(`c\u0000${key(e.scope.service, e.scope.cve)}`);
      return false;
    },
  };
}
