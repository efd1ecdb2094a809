import { exceptionActiveAt, type ExceptionRecord } from '../domain/exception.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { coverIndex, coverKeys, covers } from './exception-cover.js';
import { openAt } from './fix-events.js';
import { perScope } from './scope-memo.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { median, percent } from './stats.js';

/** The scope's findings some exception covers (cut with the other subsets: exceptions are few, findings many). */
const covered = scopeSubset('covered by an exception', ({ exceptions }) => {
  const wanted = coverKeys(exceptions);
  return (i) => covers(i, wanted);
});

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
  subsets: [covered],
  compute(input) {
    const { period, services, exceptions, loaded, scope } = input;
    if (!loaded.has('exceptions')) return noData('no exceptions have been imported');
    // Covering is by fingerprint, or by rule or CVE within a service (exceptionCovers): indexed
    // once per scope, so that a scope is not scanned once per exception (1M intervals × thousands
    // of exceptions), nor once per period: each period picks from the findings some exception covers.
    const covering = perScope(input, 'exception-volume-age cover index', () => coverIndex(subsetOf(input, covered), exceptions));
    const inScope = (e: ExceptionRecord) =>
      scope.by === 'company' || (e.scope.service !== undefined && services.has(e.scope.service)) || (e.scope.fingerprint !== undefined && covering.has(e));
    const mine = exceptions.filter(inScope);
    const end = period.end;
    const active = mine.filter((e) => exceptionActiveAt(e, end));
    const ages = active.map((e) => (end - e.startsAt) / DAY_MS);
    const stillOpen = coverIndex(openAt(subsetOf(input, covered), end), mine);
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
