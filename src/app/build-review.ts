import type { Settings } from '../config/schema.js';
import type { InputKind } from '../domain/facts.js';
import { periodSeries, type Period } from '../domain/period.js';
import { slaDueAt, type Policy } from '../domain/policy.js';
import type { Category } from '../domain/severity.js';
import { DAY_MS, toIso } from '../domain/time.js';
import { countable, openAt, reopenEventsIn } from '../kpis/fix-events.js';
import type { Audience, CoverageGap, EvidenceFinding, Review } from '../scorecard/review.js';
import type { Store } from '../storage/store.js';
import { scorecardFromFacts, taxonomyOf } from './build-scorecard.js';
import { kpisFromFacts } from './compute-kpis.js';
import { loadFacts, type Facts } from './load-facts.js';

const ALL_KINDS: InputKind[] = [
  'catalog',
  'findings',
  'exceptions',
  'exploitability',
  'incidents',
  'pipeline-runs',
  'pull-requests',
  'design-reviews',
  'threat-models',
  'alerts',
  'cloud-controls',
  'identity',
  'logging',
  'iam',
  'surveys',
  'costs',
  'team-health',
  'milestones',
  'commits',
];

export async function buildReview(store: Store, settings: Settings, period: Period, audience: Audience = 'vp-eng'): Promise<Review> {
  const policy = settings.policy as Policy;
  const facts = await loadFacts(store, policy, periodSeries(period, 3)[0]!, period);
  return reviewFromFacts(facts, settings, period, audience);
}

export function reviewFromFacts(facts: Facts, settings: Settings, period: Period, audience: Audience): Review {
  const policy = settings.policy as Policy;
  return {
    title: `Security engineering review — ${period.label}`,
    period: { label: period.label, start: toIso(period.start), end: toIso(period.end) },
    audience,
    scorecard: scorecardFromFacts(facts, settings, period, taxonomyOf(settings)),
    kpis: { company: kpisFromFacts(facts, policy, period, 'company'), byArea: kpisFromFacts(facts, policy, period, 'area') },
    evidence: evidenceOf(facts, policy, period),
    data: { loaded: ALL_KINDS.filter((k) => facts.loaded.has(k)), notLoaded: ALL_KINDS.filter((k) => !facts.loaded.has(k)) },
  };
}

function evidenceOf(facts: Facts, policy: Policy, period: Period): Review['evidence'] {
  const services = new Map(facts.catalog.services.map((s) => [s.id, s]));
  const maxSeq = new Map<number, number>();
  for (const i of facts.intervals) maxSeq.set(i.findingId, Math.max(maxSeq.get(i.findingId) ?? 0, i.seq));
  const view = (i: (typeof facts.intervals)[number]): EvidenceFinding => {
    const s = services.get(i.serviceId)!;
    const due = slaDueAt(policy, i.severity, s.tier, i.openedAt);
    return {
      service: s.id,
      area: s.area,
      severity: i.severity,
      title: i.title,
      tool: i.tool,
      openedAt: toIso(i.openedAt),
      dueAt: due === null ? null : toIso(due),
      daysOverdue: due === null || due >= period.end ? null : Math.round(((period.end - due) / DAY_MS) * 10) / 10,
      reopenCount: (maxSeq.get(i.findingId) ?? 1) - 1,
    };
  };
  const scoped = countable(facts.intervals).filter((i) => services.has(i.serviceId));
  const overdueCriticals = openAt(scoped, period.end)
    .filter((i) => i.severity === 'critical')
    .map(view)
    .filter((f) => f.daysOverdue !== null)
    .sort((a, b) => b.daysOverdue! - a.daysOverdue! || (a.service < b.service ? -1 : 1))
    .slice(0, 15);
  const reopened = reopenEventsIn(scoped, period)
    .filter((i) => i.severity === 'critical' || i.severity === 'high')
    .map(view)
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : 1))
    .slice(0, 15);

  const from = period.end - policy.coverageWindowDays * DAY_MS;
  const coverageGaps: CoverageGap[] = [];
  for (const s of facts.catalog.services) {
    if (s.repos.length === 0) continue;
    const scans = facts.scans.filter((x) => x.serviceId === s.id && x.scannedAt < period.end);
    const recent = new Set<Category>();
    for (const x of scans) {
      if (x.scannedAt < from) continue;
      recent.add(x.category);
      for (const c of policy.coverageEquivalents[x.category] ?? []) recent.add(c);
    }
    const required = new Set(policy.requiredCoverage);
    if (s.tags.includes(policy.iacTag)) required.add('iac');
    const missing = [...required].filter((c) => !recent.has(c));
    if (missing.length === 0) continue;
    const last = scans.reduce<number | null>((m, x) => (m === null || x.scannedAt > m ? x.scannedAt : m), null);
    coverageGaps.push({ service: s.id, area: s.area, missing, lastScanAt: last === null ? null : toIso(last) });
  }
  return { overdueCriticals, reopened, coverageGaps };
}
