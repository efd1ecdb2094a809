import type { IntervalFact } from '../domain/facts.js';
import { tierWeight, type Service } from '../domain/service.js';
import type { Severity } from '../domain/severity.js';
import { countable, openAt } from '../kpis/fix-events.js';
import { SEVERITY_WEIGHT } from '../kpis/risk-index.js';
import { classifyFinding, noisyRuleIds, type Taxonomy } from './taxonomy.js';

/** One finding open at an instant, with its `risk_index` weight and its failure-mode family. */
export interface ExposureItem {
  findingId: number;
  /** Where an exception names it (IntervalFact.fingerprint). */
  fingerprint: string | null;
  serviceId: string;
  area: string;
  line: string;
  family: string;
  severity: Severity;
  /** severity × tier × (2 if internet-exposed): the finding's share of `risk_index` (kpis.md). */
  weight: number;
  title: string;
  ruleId: string | null;
  vulnerabilityIds: string[];
  openedAt: number;
}

/**
 * The open exposure at `t`: what `risk_index` sums, one item per open finding (false positives
 * and info excluded, as in every KPI), classified by the taxonomy. Rules are judged noisy over
 * all findings opened before `t`.
 */
export function exposureAt(t: number, intervals: readonly IntervalFact[], services: ReadonlyMap<string, Service>, taxonomy: Taxonomy): ExposureItem[] {
  const seen = intervals.filter((i) => i.openedAt < t && services.has(i.serviceId));
  const noisy = noisyRuleIds(taxonomy, seen);
  return openAt(countable(seen), t).map((i) => {
    const s = services.get(i.serviceId)!;
    return {
      findingId: i.findingId,
      fingerprint: i.fingerprint,
      serviceId: s.id,
      area: s.area,
      line: s.line,
      family: classifyFinding(taxonomy, i, noisy),
      severity: i.severity,
      weight: SEVERITY_WEIGHT[i.severity] * tierWeight(s.tier) * (s.internetExposed ? 2 : 1),
      title: i.title,
      ruleId: i.ruleId,
      vulnerabilityIds: i.vulnerabilityIds,
      openedAt: i.openedAt,
    };
  });
}

export function totalWeight(items: readonly ExposureItem[]): number {
  let sum = 0;
  for (const i of items) sum += i.weight;
  return sum;
}

/** Sum of weights by a key, largest first (ties by key). */
export function weightBy(items: readonly ExposureItem[], key: (i: ExposureItem) => string): { key: string; weight: number; count: number }[] {
  const m = new Map<string, { weight: number; count: number }>();
  for (const i of items) {
    const k = key(i);
    const e = m.get(k) ?? { weight: 0, count: 0 };
    e.weight += i.weight;
    e.count++;
    m.set(k, e);
  }
  return [...m].map(([k, e]) => ({ key: k, ...e })).sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : 1));
}

/** Findings seen in the period (opened before its end, not fixed before its start), false positives included: the population of signal quality. */
export function findingsSeenIn(intervals: readonly IntervalFact[], start: number, end: number): IntervalFact[] {
  const latest = new Map<number, IntervalFact>();
  for (const i of intervals) {
    if (i.openedAt >= end || (i.fixedAt !== null && i.fixedAt < start) || i.severity === 'info') continue;
    const prev = latest.get(i.findingId);
    if (!prev || i.seq > prev.seq) latest.set(i.findingId, i);
  }
  return [...latest.values()];
}
