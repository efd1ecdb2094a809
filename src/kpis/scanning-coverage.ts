import type { Category } from '../domain/severity.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { percent } from './stats.js';

const REPORTED: Category[] = ['sast', 'sca', 'iac', 'secrets'];

export const scanningCoverage = defineKpi({
  id: 'scanning_coverage',
  name: 'SAST/SCA/IaC coverage',
  measures: 'Share of services with a repository that are scanned for every required category.',
  why: 'A clean dashboard means nothing for services nobody scans; long-tail repos evading the baseline are where surprises come from.',
  formula:
    'In-scope: services with at least one repository. Covered for a category: an import of that category scanned in [end - 30 d, end). Value: services covered for all required categories (default sast, sca, secrets; iac for services tagged iac) / in-scope services.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 90 },
  frequency: 'monthly',
  inputs: ['catalog', 'findings'],
  compute({ period, policy, services, scans, loaded }) {
    const inScope = [...services.values()].filter((s) => s.repos.length > 0);
    if (inScope.length === 0) return noData('no service in scope has a repository in the catalog');
    if (!loaded.has('findings')) return noData('no scans have been imported');
    const from = period.end - policy.coverageWindowDays * DAY_MS;
    const covered = new Map<string, Set<Category>>();
    for (const scan of scans) {
      if (scan.scannedAt < from || scan.scannedAt >= period.end) continue;
      const set = covered.get(scan.serviceId) ?? new Set<Category>();
      set.add(scan.category);
      for (const c of policy.coverageEquivalents[scan.category] ?? []) set.add(c);
      covered.set(scan.serviceId, set);
    }
    const required = (tags: readonly string[]): Category[] => {
      const r = new Set(policy.requiredCoverage);
      if (tags.includes(policy.iacTag)) r.add('iac');
      return [...r];
    };
    let full = 0;
    const uncovered: string[] = [];
    for (const s of inScope) {
      const has = covered.get(s.id) ?? new Set<Category>();
      if (required(s.tags).every((c) => has.has(c))) full++;
      else uncovered.push(s.id);
    }
    const perCategory: Record<string, number | null> = {};
    for (const c of REPORTED) {
      const population = c === 'iac' && !policy.requiredCoverage.includes('iac') ? inScope.filter((s) => s.tags.includes(policy.iacTag)) : inScope;
      perCategory[c] = population.length === 0 ? null : percent(population.filter((s) => covered.get(s.id)?.has(c)).length, population.length);
    }
    return {
      kind: 'value',
      value: percent(full, inScope.length),
      n: inScope.length,
      details: { per_category: perCategory, uncovered_services: uncovered.join(', '), uncovered: uncovered.length },
    };
  },
});
