import type { IntervalFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import { tierWeight, type Service } from '../domain/service.js';
import { SEVERITY_WEIGHT } from '../kpis/risk-index.js';
import type { IncidentSeverity } from './inputs.js';
import { classifyFinding, classifyIncident, familyLabel, familyRank, noisyRuleIds, type Taxonomy } from './taxonomy.js';
import type { FailureFamilyScore, FailureModeCell } from './types.js';

export const INCIDENT_WEIGHT: Record<IncidentSeverity, number> = { sev1: 10, sev2: 5, sev3: 2, sev4: 1 };
export const DEFAULT_JOIN_RATIO = 0.8;

export interface FailureModeIncident {
  /** Null when the incident names no service: it cannot be tier-weighted and is not counted. */
  serviceId: string | null;
  severity: IncidentSeverity;
  cause: string | null;
  startedAt: number;
}

export interface FailureModeInput {
  period: Period;
  /** The area's services. */
  services: ReadonlyMap<string, Service>;
  /** The area's finding intervals, all seqs; `file` feeds the taxonomy's `paths` clauses where known. */
  intervals: readonly (IntervalFact & { file?: string | null })[];
  incidents: readonly FailureModeIncident[];
  taxonomy: Taxonomy;
  /** The second family is named too when it scores at least this share of the first. */
  joinRatio?: number;
}

export type FailureModeFamily = FailureFamilyScore;

export interface FailureModeResult {
  /** One family label, or two joined by " and "; null when nothing scored. */
  label: string | null;
  /** The named families: the first, and the second when joined. */
  top: FailureModeFamily[];
  /** Sorted by score, highest first (ties in taxonomy order). */
  families: FailureModeFamily[];
  /** One sentence explaining the rule applied, with figures. */
  rule: string;
}

/**
 * Top failure mode (scorecard.md §1): the family with the highest weighted score over P.
 * A finding counts once when any of its intervals overlaps P (`openedAt < end`, not fixed
 * before `start`), `info` excluded; it weighs severity × tier × (1 + reopen events up to
 * `end`). An incident started in P weighs its severity × tier. Two families are named when the
 * second scores at least `joinRatio` of the first.
 */
export function topFailureMode(input: FailureModeInput): FailureModeResult {
  const { period, services, taxonomy } = input;
  const joinRatio = input.joinRatio ?? DEFAULT_JOIN_RATIO;
  type Interval = (typeof input.intervals)[number];
  const groups = findingGroups(input.intervals);

  // Rule false-positive shares are judged over the area's findings opened up to the end of P.
  const history: Interval[] = [];
  groups.each((list, from, to) => {
    const latest = latestOf(list, from, to, (i) => i.openedAt < period.end);
    if (latest && latest.severity !== 'info' && services.has(latest.serviceId)) history.push(latest);
  });
  const noisyRules = noisyRuleIds(taxonomy, history);

  const scores = new Map<string, { score: number; findings: number; incidents: number; services: Set<string> }>();
  const add = (id: string, weight: number, serviceId: string, kind: 'findings' | 'incidents') => {
    const s = scores.get(id) ?? { score: 0, findings: 0, incidents: 0, services: new Set<string>() };
    s.score += weight;
    s[kind]++;
    s.services.add(serviceId);
    scores.set(id, s);
  };

  let findingCount = 0;
  groups.each((list, from, to) => {
    const current = latestOf(list, from, to, (i) => i.openedAt < period.end && (i.fixedAt === null || i.fixedAt >= period.start));
    if (!current || current.severity === 'info') return;
    const service = services.get(current.serviceId);
    if (!service) return;
    let reopens = 0;
    for (let j = from; j < to; j++) if (list[j]!.seq > 1 && list[j]!.openedAt < period.end) reopens++;
    findingCount++;
    add(classifyFinding(taxonomy, current, noisyRules), SEVERITY_WEIGHT[current.severity] * tierWeight(service.tier) * (1 + reopens), service.id, 'findings');
  });

  let incidentCount = 0;
  let unmappedIncidents = 0;
  for (const incident of input.incidents) {
    if (incident.startedAt < period.start || incident.startedAt >= period.end || incident.serviceId === null) continue;
    const service = services.get(incident.serviceId);
    if (!service) continue;
    const family = classifyIncident(taxonomy, incident.cause);
    if (family === null) {
      unmappedIncidents++;
      continue;
    }
    incidentCount++;
    add(family, INCIDENT_WEIGHT[incident.severity] * tierWeight(service.tier), service.id, 'incidents');
  }

  const families = [...scores]
    .map(([id, s]) => ({
      id,
      label: familyLabel(taxonomy, id),
      score: s.score,
      findings: s.findings,
      incidents: s.incidents,
      services: [...s.services].sort(),
    }))
    .sort((a, b) => b.score - a.score || familyRank(taxonomy, a.id) - familyRank(taxonomy, b.id));

  const [first, second] = families;
  const unmappedNote = unmappedIncidents > 0 ? `; ${plural(unmappedIncidents, 'incident')} with no mapped cause not counted` : '';
  if (!first) {
    return {
      label: null,
      top: [],
      families,
      rule: `No finding opened or open in ${period.label} and no incident with a mapped cause started in it, so no failure mode is named${unmappedNote}.`,
    };
  }
  // Scores are integers in practice; the tolerance keeps "exactly 80 %" from failing on float error.
  const joined = second !== undefined && second.score >= first.score * joinRatio - 1e-9 * first.score;
  const label = joined ? `${first.label} and ${second.label}` : first.label;
  const pct = (x: number) => `${fmt(x * 100)} %`;
  const comparison =
    second === undefined
      ? `${first.label} ${fmt(first.score)}, no other family scored`
      : `${first.label} ${fmt(first.score)}, next ${second.label} ${fmt(second.score)} (${pct(second.score / first.score)} of the top, ${joined ? 'at or above' : 'below'} the ${pct(joinRatio)} needed to name both)`;
  const rule =
    `Highest weighted score over ${period.label} from ${plural(findingCount, 'finding')} opened or open in it (info excluded, false positives only under noisy scans) ` +
    `and ${plural(incidentCount, 'incident')} started in it, each weighted severity (critical 10, high 5, medium 2, low 1; sev1 10, sev2 5, sev3 2, sev4 1) ` +
    `× tier (0: 3, 1: 2, 2: 1) × (1 + reopen events): ${comparison}${unmappedNote}.`;
  return { label, top: joined ? [first, second] : [first], families, rule };
}

/**
 * The scorecard cell: the named families, "None found" when the area was scanned in the review
 * window and nothing scored, "No data" when findings were never imported or the area's
 * services had no scan.
 */
export function failureModeCell(result: FailureModeResult, scanned: { findingsLoaded: boolean; scans: number }): FailureModeCell {
  const evidence = result.families
    .slice(0, 3)
    .map(
      (f) =>
        `${f.label}: score ${fmt(f.score)} from ${plural(f.findings, 'finding')}${f.incidents ? ` and ${plural(f.incidents, 'incident')}` : ''} in ${f.services.join(', ')}`,
    );
  if (result.label !== null) {
    return { kind: 'named', value: result.label, top: result.top, families: result.families, evidence, rule: result.rule };
  }
  if (!scanned.findingsLoaded)
    return { kind: 'no-data', value: 'No data', top: [], families: [], evidence: ['no scanner findings have been imported'], rule: result.rule };
  if (scanned.scans === 0)
    return { kind: 'no-data', value: 'No data', top: [], families: [], evidence: ["no scan of the area's services in the review window"], rule: result.rule };
  return {
    kind: 'none',
    value: 'None found',
    top: [],
    families: [],
    evidence: [`${plural(scanned.scans, 'scan')} of the area's services in the review window found nothing that scores`],
    rule: result.rule,
  };
}

/**
 * The intervals of each finding, in the order findings first appear: as runs of `list` itself
 * when it is ordered by finding (the loaded facts are, and a scope's are picked from them in
 * order), without an array per finding; grouped in a map otherwise. A report judges every area and every service, 10⁶ intervals each time at bench
 * scale 1: an array and three filtered copies per finding were most of this function's time.
 */
function findingGroups<T extends { findingId: number }>(list: readonly T[]): { each: (visit: (list: readonly T[], from: number, to: number) => void) => void } {
  // Ordered by finding (as loaded): each finding's intervals are adjacent.
  let adjacent = true;
  for (let j = 1; j < list.length && adjacent; j++) adjacent = list[j]!.findingId >= list[j - 1]!.findingId;
  if (adjacent) {
    return {
      each(visit) {
        for (let from = 0; from < list.length;) {
          let to = from + 1;
          while (to < list.length && list[to]!.findingId === list[from]!.findingId) to++;
          visit(list, from, to);
          from = to;
        }
      },
    };
  }
  const byFinding = new Map<number, T[]>();
  for (const i of list) {
    const same = byFinding.get(i.findingId);
    if (same) same.push(i);
    else byFinding.set(i.findingId, [i]);
  }
  return {
    each(visit) {
      for (const same of byFinding.values()) visit(same, 0, same.length);
    },
  };
}

/** The interval of highest seq (the first of equal ones) among `list[from..to)` where `keep` holds. */
function latestOf<T extends { seq: number }>(list: readonly T[], from: number, to: number, keep: (i: T) => boolean): T | undefined {
  let latest: T | undefined;
  for (let j = from; j < to; j++) {
    const i = list[j]!;
    if (keep(i) && (latest === undefined || i.seq > latest.seq)) latest = i;
  }
  return latest;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
