import { classifyFinding, matchedFamily, meetsFamily, noisyFamily, noisyRuleIds } from '../domain/failure-modes.js';
import { defineKpi, noData, type KpiInput } from './define-kpi.js';
import { openAt } from './fix-events.js';
import { latestAtOrBefore } from './latest.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { percent } from './stats.js';

/** The failure-mode family of over-broad IAM grants (data/failure-modes.yaml). */
const IAM_WILDCARD = 'iam-wildcard';

/** The scope's findings iam-wildcard may be given to (see iamWildcardOpenAt): which they are does not depend on `t`. */
const wildcardCandidates = scopeSubset(IAM_WILDCARD, ({ taxonomy }) => {
  if (noisyFamily(taxonomy) === IAM_WILDCARD) return () => true;
  const meets = meetsFamily(taxonomy, IAM_WILDCARD);
  return (i) => meets(i) && matchedFamily(taxonomy, i) === IAM_WILDCARD;
});

export const iamLeastPrivilege = defineKpi({
  id: 'iam_least_privilege',
  name: 'IAM least-privilege adoption',
  measures: 'Share of services whose workloads use the standard, scoped IAM roles.',
  why: 'Over-broad permissions turn a small compromise into a large one; standard roles are how least privilege scales.',
  formula:
    'Services whose latest IAM record at or before end marks standard roles / services with an IAM record at or before end; also the open findings at end in the iam-wildcard failure mode.',
  unit: '%',
  better: 'up',
  target: { op: 'up' },
  frequency: 'quarterly',
  inputs: ['catalog', 'iam', 'findings'],
  subsets: [wildcardCandidates],
  compute(input) {
    const { period, services, records, loaded } = input;
    if (!loaded.has('iam')) return noData('no IAM records have been imported');
    const latest = [
      ...latestAtOrBefore(
        records.iam,
        period.end,
        (r) => r.serviceId,
        (r) => r.at,
      ).values(),
    ].filter((r) => services.has(r.serviceId));
    const standard = latest.filter((r) => r.standardRoles).length;
    const details = {
      standard_roles: standard,
      non_standard_roles: latest.length - standard,
      iam_wildcard_open: loaded.has('findings') ? iamWildcardOpenAt(input, period.end) : null,
    };
    if (latest.length === 0) return noData('no service of the scope has an IAM record at or before the period end', details);
    return { kind: 'value', value: percent(standard, latest.length), n: latest.length, details };
  },
});

/**
 * Open findings at `t` the taxonomy in force puts in iam-wildcard, classified as the
 * scorecard's exposure classifies them (rules judged noisy over the findings opened before `t`).
 */
function iamWildcardOpenAt(input: KpiInput, t: number): number {
  const { intervals, services, taxonomy } = input;
  // classifyFinding gives iam-wildcard only to a finding whose traits match it first
  // (matchedFamily), unless noisy scans are iam-wildcard themselves: the rules judged noisy,
  // which need every finding seen before `t`, matter only when some open finding matches.
  const candidates = openAt(subsetOf(input, wildcardCandidates), t);
  if (candidates.length === 0) return 0;
  // Only the candidates' rules are asked whether they are noisy: their counts are all that is needed.
  const rules = new Set(candidates.map((i) => i.ruleId));
  const seen = intervals.filter((i) => i.ruleId !== null && rules.has(i.ruleId) && i.openedAt < t && services.has(i.serviceId));
  const noisy = noisyRuleIds(taxonomy, seen);
  return new Set(candidates.filter((i) => classifyFinding(taxonomy, i, noisy) === IAM_WILDCARD).map((i) => i.findingId)).size;
}
