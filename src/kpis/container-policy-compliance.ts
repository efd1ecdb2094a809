import type { IntervalFact } from '../domain/facts.js';
import { slaDueAt } from '../domain/policy.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { openAt } from './fix-events.js';
import { scopeSubset, subsetOf } from './scope-subsets.js';
import { percent } from './stats.js';

const WINDOW_DAYS = 30;

/** A fixed version is available at `t`: published by then when the date is known, else named by the tool. */
function fixAvailableAt(i: IntervalFact, t: number): boolean {
  return i.fixAvailableAt !== null ? i.fixAvailableAt <= t : i.fixVersion !== null;
}

const containerCriticals = scopeSubset('container critical', () => (i) => i.category === 'container' && i.severity === 'critical');

export const containerPolicyCompliance = defineKpi({
  id: 'container_policy_compliance',
  name: 'Container/image policy compliance',
  measures: 'Share of scanned container images that carry no overdue, fixable critical vulnerability.',
  why: 'Images are what actually runs; a fixable critical past its SLA in a running image is the cheapest exposure to remove.',
  formula:
    'Images: the services with a scan of category container in [end - 30 d, end) (a scan does not name which of a service’s images it read, so a service counts as one image). ' +
    'Compliant: no critical container finding of the service that is open at end, has a fixed version available at end (fix_available_at <= end when the date is known; else the tool names a fix version) and is overdue at end (opened_at + SLA < end); ' +
    'and, when approved base images are configured, a base image in that list. Value = compliant / images.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 90 },
  frequency: 'monthly',
  inputs: ['catalog', 'findings'],
  subsets: [containerCriticals],
  compute(input) {
    const { period, policy, services, scans, loaded } = input;
    if (!loaded.has('findings')) return noData('no scans have been imported');
    const end = period.end;
    const from = end - WINDOW_DAYS * DAY_MS;
    const images = new Set(
      scans.filter((s) => s.category === 'container' && s.scannedAt >= from && s.scannedAt < end && services.has(s.serviceId)).map((s) => s.serviceId),
    );
    const offending = new Set<string>();
    for (const i of openAt(subsetOf(input, containerCriticals), end)) {
      if (!images.has(i.serviceId)) continue;
      if (!fixAvailableAt(i, end)) continue;
      const due = slaDueAt(policy, 'critical', services.get(i.serviceId)!.tier, i.openedAt);
      if (due !== null && due < end) offending.add(i.serviceId);
    }
    const details = {
      images: images.size,
      with_overdue_fixable_critical: offending.size,
      base_image_checked: false,
    };
    if (images.size === 0) return noData('no container image of the scope was scanned in the 30 days before the end', details);
    const compliant = images.size - offending.size;
    return {
      kind: 'value',
      value: percent(compliant, images.size),
      n: images.size,
      details,
      ...(policy.approvedBaseImages.length > 0
        ? { note: 'approved base images are configured, but no imported input records an image’s base image: base images were not checked' }
        : {}),
    };
  },
});
