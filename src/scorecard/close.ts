import { figuresRef, readingRef, riskShareOf, type ReviewContext } from './context.js';
import { SLA_METRIC } from './escalation.js';
import { weightBy } from './exposure.js';
import { readMetric, type MetricReading } from './metrics.js';
import { agree, listOf, num, pct, plural, share } from './phrase.js';
import type { Statement } from './statement.js';
import { postureOf } from './board.js';

export type ProblemClassId =
  'platform-consistency' | 'shared-service-concentration' | 'risk-concentration' | 'baseline-coverage' | 'remediation-throughput' | 'signal-quality';

/** A problem class the figures point to; `strength` is the observed figure over its threshold (≥ 1 when named). */
export interface ProblemClass {
  id: ProblemClassId;
  name: string;
  path: string;
  strength: number;
  evidence: string;
}

/** The close (scorecard.md §5): two to four sentences naming the dominant problem class and the most efficient path. */
export interface Close {
  classes: ProblemClass[];
  sentences: Statement[];
}

const RULE =
  'Problem classes, each named when its figure reaches its threshold and ranked by figure over threshold: platform consistency (non-standard pipelines over-represented in gate trouble, or paved-road services doing better); risk concentration (the heaviest services — at most the configured share of services — holding at least the configured share of the risk index), called shared-service concentration when the services with several owners among them hold at least half of that concentrated risk (one shared service holding most of it is enough); baseline coverage (long tail without scans); remediation throughput (company critical SLA compliance missing its target); signal quality (noisy share of findings). The two strongest are named, with their paths.';

export function writeClose(ctx: ReviewContext): Close {
  const classes = problemClasses(ctx).sort((a, b) => b.strength - a.strength);
  const sentences: Statement[] = [];
  const critical = criticalTeams(ctx);
  if (critical) sentences.push(critical);
  const top = classes.slice(0, 2);
  const evidence = top.map((c) => figuresRef(`class:${c.id}`, c.name, [c.evidence, `strength ${num(c.strength)} × its threshold`]));
  if (top.length > 0) {
    sentences.push({
      id: 'close.classes',
      text: `We have ${listOf(top.map((c) => c.name))}.`,
      figures: Object.fromEntries(top.map((c) => [c.id, c.strength])),
      evidence,
      rule: RULE,
      areas: [],
    });
    sentences.push({
      id: 'close.path',
      text: `The most efficient path now is not more scattered review hours: it is ${listOf(top.map((c) => c.path))}.`,
      figures: {},
      evidence,
      rule: RULE,
      areas: [],
    });
  } else {
    const posture = postureOf(ctx);
    if (posture.value !== 'No data')
      sentences.push({
        id: 'close.none',
        text: `No problem class reaches its threshold in ${ctx.period.label}; the overall trend is ${posture.value.toLowerCase()} (${posture.evidence.join('; ')}), so the most efficient path is to hold the current standards rather than add review hours.`,
        figures: { trend: posture.value },
        evidence: [figuresRef('company:trend', `Company security trend: ${posture.value}`, [...posture.evidence, `Rule: ${posture.rule}`])],
        rule: RULE,
        areas: [],
      });
  }
  return { classes, sentences };
}

/** "Not an awareness problem in the critical teams": tier 0 and 1 meet the critical SLA target. */
function criticalTeams(ctx: ReviewContext): Statement | null {
  const readings = ['0', '1'].map((tier) => ({ tier, r: readMetric(ctx.inputs.reports.byTier, tier, SLA_METRIC) }));
  const withValue = readings.filter((x): x is { tier: string; r: Extract<MetricReading, { kind: 'value' }> } => x.r.kind === 'value');
  if (withValue.length === 0 || withValue.some((x) => x.r.status !== 'meets')) return null;
  return {
    id: 'close.critical-teams',
    text: `We do not have a security awareness problem in the critical teams: critical SLA compliance is ${listOf(withValue.map((x) => `${pct(x.r.value)} on tier ${x.tier}`))} services, against a target of ≥ ${ctx.inputs.slaTarget} %.`,
    figures: Object.fromEntries(withValue.map((x) => [`tier${x.tier}`, x.r.value])),
    evidence: withValue.map((x) => readingRef(`tier ${x.tier}`, x.r)),
    rule: 'Stated when critical SLA compliance meets its target on every critical tier (0 and 1) that has data.',
    areas: [],
  };
}

function problemClasses(ctx: ReviewContext): ProblemClass[] {
  const out: ProblemClass[] = [];
  const { review } = ctx.inputs.settings;

  const p = ctx.pipelines;
  let platform = 0;
  let platformEvidence = '';
  if (p !== null && p.nonStandard.runs > 0 && p.total.runs > 0) {
    const runShare = p.nonStandard.runs / p.total.runs;
    const worst = Math.max(
      ...(
        [
          [p.nonStandard.failed, p.total.failed],
          [p.nonStandard.bypassed, p.total.bypassed],
          [p.nonStandard.toolErrors, p.total.toolErrors],
        ] as const
      ).map(([part, total]) => (total === 0 ? 0 : part / total)),
    );
    platform = worst / runShare / review.frictionRatio;
    platformEvidence = `non-standard templates ran ${share(p.nonStandard.runs, p.total.runs)} of runs but produced up to ${pct(worst * 100)} of gate failures, bypasses or tool errors`;
  }
  if (ctx.pavedRoad.escalations === 'paved-better' || ctx.pavedRoad.latency === 'paved-better') {
    if (platform < 1) platformEvidence = 'services on standard platform paths escalate less or move faster through review';
    platform = Math.max(platform, 1);
  }
  if (platform >= 1)
    out.push({
      id: 'platform-consistency',
      name: 'a platform consistency problem',
      path:
        p !== null && p.nonStandard.services.length > 0
          ? `stronger standard paths (${plural(p.nonStandard.services.length, 'service')} still on custom pipeline templates)`
          : 'stronger standard paths',
      strength: platform,
      evidence: platformEvidence,
    });

  if (ctx.totalRisk > 0 && ctx.services.size > 0) {
    const k = Math.max(1, Math.floor(ctx.services.size * review.concentration.serviceShare));
    const heaviest = weightBy(ctx.exposure, (i) => i.serviceId).slice(0, k);
    const heaviestWeight = heaviest.reduce((n, h) => n + h.weight, 0);
    const held = heaviestWeight / ctx.totalRisk;
    // Shared: several owners. Shared-service concentration when the shared services among the heaviest hold at
    // least half of the risk the heaviest hold (so one shared service holding most of it is enough).
    const shared = heaviest.filter((h) => (ctx.services.get(h.key)?.owners.length ?? 0) >= 2);
    const sharedWeight = shared.reduce((n, h) => n + h.weight, 0);
    if (held >= review.concentration.riskShare) {
      const sharedConcentration = shared.length > 0 && sharedWeight * 2 >= heaviestWeight;
      const names = (sharedConcentration ? shared : heaviest).map((h) => h.key);
      const heldBy =
        riskShareOf(
          ctx,
          ctx.exposure.filter((i) => names.includes(i.serviceId)),
        ) ?? 0;
      out.push({
        id: sharedConcentration ? 'shared-service-concentration' : 'risk-concentration',
        name: sharedConcentration ? 'a shared-service concentration problem' : 'a risk concentration problem',
        path: sharedConcentration
          ? `clearer ownership in the ${plural(names.length, 'shared service')} (${listOf(names)}) that ${agree(names.length, 'holds', 'hold')} ${share(heldBy, 1)} of the open risk, where defects can scale across customers`
          : `focused remediation in the ${plural(names.length, 'service')} (${listOf(names)}) that ${agree(names.length, 'holds', 'hold')} ${share(heldBy, 1)} of the open risk`,
        strength: held / review.concentration.riskShare,
        evidence: `the ${plural(heaviest.length, 'heaviest service')} (${share(heaviest.length, ctx.services.size)} of services) ${agree(heaviest.length, 'holds', 'hold')} ${pct(held * 100)} of the risk index; ${shared.length} of ${heaviest.length === 1 ? 'it' : 'them'} ${agree(shared.length, 'has', 'have')} several owners, holding ${share(sharedWeight, heaviestWeight)} of that risk`,
      });
    }
  }

  const lt = ctx.longTail;
  if (lt !== null && lt.inScope > 0 && lt.unscanned.length > 0 && lt.unscanned.length / lt.inScope >= review.longTailShare)
    out.push({
      id: 'baseline-coverage',
      name: 'a baseline coverage problem',
      path: `bringing the ${plural(lt.unscanned.length, 'unscanned service')} under the baseline`,
      strength: lt.unscanned.length / lt.inScope / review.longTailShare,
      evidence: `${lt.unscanned.length} of ${lt.inScope} services with repositories had no recent scan`,
    });

  const company = ctx.inputs.reports.company[ctx.inputs.reports.company.length - 1] ?? null;
  const sla = readMetric(company, 'company', SLA_METRIC);
  if (sla.kind === 'value' && sla.status === 'misses' && sla.value > 0)
    out.push({
      id: 'remediation-throughput',
      name: 'a remediation throughput problem',
      path:
        ctx.overdueExposed.length > 0
          ? `clearing the ${plural(ctx.overdueExposed.length, 'overdue critical')} on exposed services first`
          : 'clearing overdue criticals first',
      strength: ctx.inputs.slaTarget / sla.value,
      evidence: `critical SLA compliance ${pct(sla.value)} against ≥ ${ctx.inputs.slaTarget} % (n = ${sla.n})`,
    });

  const seen = ctx.signal.reduce((n, s) => n + s.seen, 0);
  const noisy = ctx.signal.reduce((n, s) => n + s.noisy, 0);
  if (seen > 0 && noisy / seen >= review.noisyShare)
    out.push({
      id: 'signal-quality',
      name: 'a signal quality problem',
      path: 'tuning or retiring the noisy rules',
      strength: noisy / seen / review.noisyShare,
      evidence: `${noisy} of ${seen} findings seen in the period were false positives or from noisy rules`,
    });
  return out;
}
