import { cellRef, exceptionRef, figuresRef, readingRef, riskShareOf, serviceRef, type ReviewContext } from './context.js';
import type { ExposureItem } from './exposure.js';
import { readGroup, unitLabel, valueTarget, type MetricReading } from './metrics.js';
import { agree, listOf, num, pct, plural, share, upperFirst } from './phrase.js';
import type { Recommendation, Statement } from './statement.js';
import { familyLabel } from './taxonomy.js';

/** The three sections of scorecard.md §3; each statement is backed by its figures and evidence. */
export interface Narrative {
  well: Statement[];
  wasted: (Statement & { costShare: number })[];
  next: Recommendation[];
}

const MAX_WELL = 5;

export function writeNarrative(ctx: ReviewContext): Narrative {
  return { well: doingWell(ctx), wasted: timeWasted(ctx), next: whatNext(ctx) };
}

// 1. Where engineering is doing well.

function doingWell(ctx: ReviewContext): Statement[] {
  const out: Statement[] = [];
  const paved = pavedRoadStatement(ctx);
  if (paved) out.push(paved);

  const areasOfLine = (line: string) => ctx.scorecard.rows.filter((r) => r.line === line).map((r) => r.area);
  for (const l of ctx.scorecard.lines) {
    if (l.trend.value !== 'Improving' && l.trend.value !== 'Flat to improving') continue;
    out.push({
      id: 'well.line-trend',
      text: `${l.line} is ${l.trend.value === 'Improving' ? 'improving' : 'flat to improving'}: ${l.trend.evidence.join('; ')}.`,
      figures: { line: l.line, trend: l.trend.value },
      evidence: [figuresRef(`line:${l.line}:trend`, `${l.line} — Security trend: ${l.trend.value}`, [...l.trend.evidence, `Rule: ${l.trend.rule}`])],
      rule: 'A product line whose security trend is Improving or Flat to improving over the last three periods.',
      areas: areasOfLine(l.line),
    });
  }

  for (const r of ctx.scorecard.rows) {
    if (r.releaseGateHealth.value !== 'Improving') continue;
    out.push({
      id: 'well.gate-improving',
      text: `${r.area} release gates are improving: ${r.releaseGateHealth.evidence.join('; ')}.`,
      figures: { area: r.area },
      evidence: [cellRef(r, 'releaseGateHealth')],
      rule: 'An area whose release gate health is Improving.',
      areas: [r.area],
    });
  }

  const company = ctx.inputs.reports.company[ctx.inputs.reports.company.length - 1];
  const improving = (company?.groups[0]?.kpis ?? [])
    .map((k) => readGroup(company!.groups[0]!, k.id, company!.period.label))
    .filter(
      (r): r is Extract<MetricReading, { kind: 'value' }> =>
        r.kind === 'value' && r.status === 'meets' && r.trend === 'improving' && r.previous !== null && valueTarget(r.target) !== null,
    )
    .sort((a, b) => relativeChange(b) - relativeChange(a))
    .slice(0, 2);
  for (const r of improving)
    out.push({
      id: 'well.kpi',
      text: `${r.name} meets its target and improved: ${fmtReading(r, r.previous!)} → ${fmtReading(r, r.value)} (target ${valueTarget(r.target)!.op === '<=' ? '≤' : '≥'} ${valueTarget(r.target)!.value}, n = ${r.n}).`,
      figures: { kpi: r.id, value: r.value, previous: r.previous!, n: r.n },
      evidence: [readingRef('company', r)],
      rule: 'A company KPI that meets its target and improved against the previous period.',
      areas: [],
    });
  return out.slice(0, MAX_WELL);
}

function pavedRoadStatement(ctx: ReviewContext): Statement | null {
  const c = ctx.pavedRoad;
  const leans = [c.escalations, c.latency];
  if (!leans.includes('paved-better') || leans.includes('paved-worse')) return null;
  const parts: string[] = [];
  const claims: string[] = [];
  const figures: Statement['figures'] = { pavedServices: c.paved.services.length, otherServices: c.other.services.length };
  if (c.escalations === 'paved-better') {
    claims.push('generate fewer escalations');
    parts.push(
      `${c.paved.escalated.length} of ${c.paved.judged.length} paved-road services have an escalation against ${c.other.escalated.length} of ${c.other.judged.length} others (${share(c.paved.escalated.length, c.paved.judged.length)} vs ${share(c.other.escalated.length, c.other.judged.length)})`,
    );
    Object.assign(figures, {
      pavedEscalated: c.paved.escalated.length,
      pavedJudged: c.paved.judged.length,
      otherEscalated: c.other.escalated.length,
      otherJudged: c.other.judged.length,
    });
  }
  if (c.latency === 'paved-better' && c.paved.latency.kind === 'value' && c.other.latency.kind === 'value') {
    claims.push('move faster through review');
    parts.push(`security reviews took a median ${num(c.paved.latency.value)} business days against ${num(c.other.latency.value)}`);
    Object.assign(figures, { pavedLatency: c.paved.latency.value, otherLatency: c.other.latency.value });
  }
  return {
    id: 'well.paved-road',
    text: `Teams on standard platform paths ${claims.join(' and ')}: ${parts.join('; ')}.`,
    figures,
    evidence: [
      figuresRef('cohort:paved-road', 'Services on standard platform paths', [
        `${plural(c.paved.services.length, 'service')}: ${c.paved.services.join(', ')}`,
        `escalated (Yes): ${c.paved.escalated.join(', ') || 'none'}`,
      ]),
      figuresRef('cohort:other', 'Services off the standard paths', [
        `${plural(c.other.services.length, 'service')}: ${c.other.services.join(', ')}`,
        `escalated (Yes): ${c.other.escalated.join(', ') || 'none'}`,
      ]),
      ...(c.latency !== null ? [readingRef('paved-road', c.paved.latency), readingRef('other', c.other.latency)] : []),
    ],
    rule: `Services tagged ${ctx.inputs.settings.review.pavedRoadTagPrefix}* against the rest, each side with at least ${ctx.inputs.settings.review.minCohortServices} services: stated when the paved road is better by at least ${num(ctx.inputs.settings.review.minDifference * 100)} % (share points of escalated services, or relative review latency) on one measure and not worse on the other.`,
    areas: [],
  };
}

// 2. Where engineering time is being wasted: each friction source with its share of the cost.

function timeWasted(ctx: ReviewContext): (Statement & { costShare: number })[] {
  const out: (Statement & { costShare: number })[] = [];
  const { review } = ctx.inputs.settings;
  const areasOf = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => (ctx.services.has(id) ? [ctx.services.get(id)!.area] : [])))].sort();

  const p = ctx.pipelines;
  if (p !== null && p.nonStandard.runs > 0) {
    const runShare = p.nonStandard.runs / p.total.runs;
    const kinds = (
      [
        ['security-stage failures', p.nonStandard.failed, p.total.failed],
        ['bypasses', p.nonStandard.bypassed, p.total.bypassed],
        ['tool errors', p.nonStandard.toolErrors, p.total.toolErrors],
      ] as const
    ).filter(([, , total]) => total > 0);
    const worst = Math.max(0, ...kinds.map(([, part, total]) => part / total));
    if (kinds.length > 0 && worst >= runShare * review.frictionRatio)
      out.push({
        id: 'wasted.pipelines',
        text: `Custom or legacy pipeline templates (${listOf(p.nonStandard.templates)}) ran ${share(p.nonStandard.runs, p.total.runs)} of ${plural(p.total.runs, 'pipeline run')} but produced ${listOf(kinds.map(([name, part, total]) => `${share(part, total)} of ${name}`))}.`,
        figures: {
          runs: p.total.runs,
          nonStandardRuns: p.nonStandard.runs,
          failed: p.nonStandard.failed,
          bypassed: p.nonStandard.bypassed,
          toolErrors: p.nonStandard.toolErrors,
        },
        evidence: p.templates.map((t) =>
          figuresRef(`template:${t.template}`, `pipeline template ${t.template}${t.standard ? ' (standard)' : ''}`, [
            `${plural(t.runs, 'run')} in ${ctx.period.label}: ${t.failed} failed, ${t.bypassed} bypassed, ${t.toolErrors} tool errors`,
            `services: ${t.services.join(', ')}`,
          ]),
        ),
        rule: `Pipelines not on a standard template (${review.standardTemplates.join(', ')}): stated when their share of failures, bypasses or tool errors is at least ${review.frictionRatio}× their share of runs.`,
        areas: areasOf(p.nonStandard.services),
        costShare: worst,
      });
  }

  const a = ctx.sharedAuth;
  if (a !== null && a.services.length > 0)
    out.push({
      id: 'wasted.shared-authorization',
      text: `Authorization logic in shared services has no single owner: ${plural(a.services.length, 'service')} with several owners or none (${listOf(
        a.services.map((s) => `${s.id}: ${s.owners.length ? s.owners.join(', ') : 'no owner'}`),
      )}) ${agree(a.services.length, 'holds', 'hold')} ${plural(a.findings, 'open authorization finding')}, ${share(a.weight, a.familyWeight)} of the authorization risk and ${share(a.weight, a.totalWeight)} of all open risk.`,
      figures: { services: a.services.length, findings: a.findings, weight: a.weight, familyWeight: a.familyWeight, totalWeight: a.totalWeight },
      evidence: a.services.map((s) => serviceRef(ctx, s.id)),
      rule: `Open findings of the families ${review.authorizationFamilies.join(', ')} at the end of the period in services without exactly one owner; shares of the risk index.`,
      areas: [...new Set(a.services.map((s) => s.area))].sort(),
      costShare: a.totalWeight === 0 ? 0 : a.weight / a.totalWeight,
    });

  const rb = ctx.runbooks;
  if (rb !== null) {
    const parts: string[] = [];
    let cost = 0;
    const figures: Statement['figures'] = {};
    if (rb.alerts !== null && rb.alerts.without > 0) {
      parts.push(
        `${rb.alerts.without} of ${plural(rb.alerts.total, 'alert')} dispositioned in ${ctx.period.label} (${share(rb.alerts.without, rb.alerts.total)}) named no runbook${rb.alerts.rules.length ? `, most from ${listOf(rb.alerts.rules.slice(0, 3).map((r) => `${r.rule} (${r.without})`))}` : ''}`,
      );
      cost = Math.max(cost, rb.alerts.without / rb.alerts.total);
      Object.assign(figures, { alerts: rb.alerts.total, alertsWithoutRunbook: rb.alerts.without });
    }
    if (rb.incidents !== null && rb.incidents.without > 0) {
      parts.push(`${rb.incidents.without} of ${plural(rb.incidents.total, 'incident')} (${listOf(rb.incidents.ids)}) had none either`);
      cost = Math.max(cost, rb.incidents.without / rb.incidents.total);
      Object.assign(figures, { incidents: rb.incidents.total, incidentsWithoutRunbook: rb.incidents.without });
    }
    if (parts.length > 0)
      out.push({
        id: 'wasted.runbooks',
        text: `Investigations triggered by telemetry run without clear runbooks: ${parts.join('; ')}.`,
        figures,
        evidence: [figuresRef('runbooks', 'Alerts and incidents without a runbook', parts)],
        rule: 'Alerts dispositioned and incidents started in the period whose record names no runbook.',
        areas: areasOf([...(rb.alerts?.services ?? []), ...(rb.incidents?.services ?? [])]),
        costShare: cost,
      });
  }

  const lt = ctx.longTail;
  if (lt !== null && lt.inScope > 0 && lt.unscanned.length > 0 && lt.unscanned.length / lt.inScope >= review.longTailShare)
    out.push({
      id: 'wasted.long-tail',
      text: `Long-tail repositories evade the platform baseline: ${lt.unscanned.length} of ${plural(lt.inScope, 'service')} with repositories (${share(lt.unscanned.length, lt.inScope)}) had no scan in the ${lt.windowDays} days before the end of ${ctx.period.label}: ${listOf(
        lt.unscanned.map((u) => u.id),
        6,
      )}.`,
      figures: { unscanned: lt.unscanned.length, inScope: lt.inScope, windowDays: lt.windowDays },
      evidence: lt.unscanned.map((u) => ({
        ...serviceRef(ctx, u.id),
        detail: [
          ...serviceRef(ctx, u.id).detail,
          `last scan: ${u.lastScanAt === null ? 'none in the review window' : new Date(u.lastScanAt).toISOString().slice(0, 10)}`,
        ],
      })),
      rule: `Services with a repository and no scan of any kind in the ${lt.windowDays} days before the end; stated at ${num(review.longTailShare * 100)} % of such services or more.`,
      areas: [...new Set(lt.unscanned.map((u) => u.area))].sort(),
      costShare: lt.unscanned.length / lt.inScope,
    });

  for (const s of ctx.signal) {
    if (s.seen === 0 || s.noisy / s.seen < review.noisyShare) continue;
    out.push({
      id: 'wasted.noisy-scans',
      text: `Noisy scans in ${s.area}: ${share(s.noisy, s.seen)} of ${plural(s.seen, 'finding')} seen in ${ctx.period.label} were false positives or came from noisy rules${s.rules.length ? ` (${listOf(s.rules, 3)})` : ''}.`,
      figures: { area: s.area, seen: s.seen, noisy: s.noisy },
      evidence: [
        figuresRef(`signal:${s.area}`, `${s.area} — signal quality`, [
          `${s.noisy} of ${s.seen} findings seen in the period were false positives or from noisy rules`,
          `noisy rules: ${s.rules.join(', ') || 'none'}`,
        ]),
      ],
      rule: `An area where false positives and findings of noisy rules are at least ${num(review.noisyShare * 100)} % of the findings seen in the period (non-info).`,
      areas: [s.area],
      costShare: s.noisy / s.seen,
    });
  }
  return out.sort((x, y) => y.costShare - x.costShare);
}

// 3. What engineering should do next, ranked by expected risk reduction.

interface Candidate extends Omit<Recommendation, 'rank'> {}

function whatNext(ctx: ReviewContext): Recommendation[] {
  const c: Candidate[] = [];
  const { review } = ctx.inputs.settings;
  const shareText = (s: number | null) => (s === null ? '' : `${pct(s * 100)} of the open risk index`);

  for (const r of ctx.scorecard.rows) {
    if (r.topFailureMode.kind !== 'named') continue;
    const ids = r.topFailureMode.top.map((f) => f.id);
    const items = ctx.exposure.filter((i) => i.area === r.area && ids.includes(i.family));
    const s = riskShareOf(ctx, items);
    if (items.length === 0 || s === null || s === 0) continue;
    c.push({
      id: 'next.failure-mode',
      text: `Prioritise ${r.topFailureMode.value} work in ${r.area}: its ${plural(items.length, 'open finding')} there ${agree(items.length, 'carries', 'carry')} ${shareText(s)}.`,
      figures: { area: r.area, findings: items.length, riskShare: s },
      evidence: [cellRef(r, 'topFailureMode')],
      rule: "The area's top failure mode; expected reduction: the risk index of its open findings in the area.",
      areas: [r.area],
      riskShare: s,
    });
  }

  const a = ctx.sharedAuth;
  if (a !== null && a.services.length > 0) {
    const items = ctx.exposure.filter((i) => review.authorizationFamilies.includes(i.family) && a.services.some((s) => s.id === i.serviceId));
    const s = riskShareOf(ctx, items);
    if (s !== null && s > 0)
      c.push({
        id: 'next.shared-authorization',
        text: `Prioritise shared-service authorization consistency: one owner each for the authorization logic of ${listOf(a.services.map((x) => x.id))}, whose ${plural(a.findings, 'open finding')} ${agree(a.findings, 'carries', 'carry')} ${shareText(s)}.`,
        figures: { services: a.services.length, findings: a.findings, riskShare: s },
        evidence: a.services.map((x) => serviceRef(ctx, x.id)),
        rule: 'Open authorization-family findings in services without a single owner; expected reduction: their risk index.',
        areas: [...new Set(a.services.map((x) => x.area))].sort(),
        riskShare: s,
      });
  }

  if (ctx.overdueExposed.length > 0) {
    const s = riskShareOf(ctx, ctx.overdueExposed);
    const svc = [...new Set(ctx.overdueExposed.map((i) => i.serviceId))].sort();
    c.push({
      id: 'next.overdue-criticals',
      text: `Clear the ${plural(ctx.overdueExposed.length, 'overdue critical finding')} on tier 0/1 or internet-exposed services (${listOf(svc)}): ${shareText(s)}.`,
      figures: { findings: ctx.overdueExposed.length, services: svc.length, riskShare: s ?? 0 },
      evidence: svc.map((id) => serviceRef(ctx, id)),
      rule: 'Critical findings open and past their SLA at the end on tier 0/1 or internet-exposed services, not under an active exception; expected reduction: their risk index.',
      areas: areasOfItems(ctx.overdueExposed),
      riskShare: s,
    });
  }

  if (ctx.passiveExceptions.length > 0) {
    const items = uniqueItems(ctx.passiveExceptions.flatMap((p) => p.covered));
    const s = riskShareOf(ctx, items);
    c.push({
      id: 'next.exceptions',
      text: `Stop treating security exceptions as passive paperwork: tie the ${plural(ctx.passiveExceptions.length, 'exception')} without a backlog item or past expiry (${listOf(
        ctx.passiveExceptions.map((p) => p.exception.id),
      )}) to backlog work; the ${plural(items.length, 'open finding')} they cover ${agree(items.length, 'carries', 'carry')} ${shareText(s)}.`,
      figures: { exceptions: ctx.passiveExceptions.length, findings: items.length, riskShare: s ?? 0 },
      evidence: ctx.passiveExceptions.map((p) => exceptionRef(p.exception, p.covered.length)),
      rule: 'Approved exceptions covering open findings at the end without a backlog link or past their expiry; expected reduction: the risk index of the findings they cover.',
      areas: areasOfItems(items),
      riskShare: s,
    });
  }

  const p = ctx.pipelines;
  if (p !== null && p.nonStandard.services.length > 0) {
    const items = ctx.exposure.filter((i) => i.family === 'ci-runner-artifact-trust' && p.nonStandard.services.includes(i.serviceId));
    const s = items.length > 0 ? riskShareOf(ctx, items) : null;
    c.push({
      id: 'next.pipelines',
      text: `Finish migrating the ${plural(p.nonStandard.services.length, 'service')} still on custom or legacy pipeline templates (${listOf(p.nonStandard.templates)}) to the standard template${
        s === null ? '' : `; their open ${familyLabel(ctx.inputs.taxonomy, 'ci-runner-artifact-trust')} findings carry ${shareText(s)}`
      }.`,
      figures: { services: p.nonStandard.services.length, templates: p.nonStandard.templates.length, ...(s === null ? {} : { riskShare: s }) },
      evidence: p.templates
        .filter((t) => !t.standard)
        .map((t) =>
          figuresRef(`template:${t.template}`, `pipeline template ${t.template}`, [
            `${plural(t.runs, 'run')}: ${t.failed} failed, ${t.bypassed} bypassed, ${t.toolErrors} tool errors`,
            `services: ${t.services.join(', ')}`,
          ]),
        ),
      rule: 'Services with runs on a non-standard pipeline template; expected reduction: the risk index of their open CI runner/artifact findings (unmeasured when they have none).',
      areas: [...new Set(p.nonStandard.services.flatMap((id) => (ctx.services.has(id) ? [ctx.services.get(id)!.area] : [])))].sort(),
      riskShare: s,
    });
  }

  const lt = ctx.longTail;
  if (lt !== null && lt.unscanned.length > 0)
    c.push({
      id: 'next.long-tail',
      text: `Bring the ${plural(lt.unscanned.length, 'unscanned service')} (${listOf(lt.unscanned.map((u) => u.id))}) under the baseline scans; their exposure is unknown until then.`,
      figures: { services: lt.unscanned.length },
      evidence: lt.unscanned.map((u) => serviceRef(ctx, u.id)),
      rule: 'Services with a repository and no recent scan; the risk they carry cannot be measured, so it ranks after measured reductions.',
      areas: [...new Set(lt.unscanned.map((u) => u.area))].sort(),
      riskShare: null,
    });

  const rb = ctx.runbooks;
  if (rb?.alerts && rb.alerts.rules.length > 0)
    c.push({
      id: 'next.runbooks',
      text: `Make a runbook mandatory for the alert rules that fire without one, starting with ${listOf(rb.alerts.rules.slice(0, 3).map((r) => r.rule))}.`,
      figures: { rules: rb.alerts.rules.length, alertsWithoutRunbook: rb.alerts.without },
      evidence: [
        figuresRef(
          'runbooks',
          'Alerts and incidents without a runbook',
          rb.alerts.rules.map((r) => `${r.rule}: ${r.without} alerts without a runbook`),
        ),
      ],
      rule: 'Alert rules with alerts dispositioned in the period without a runbook; investigation time, not risk index, so it ranks after measured reductions.',
      areas: [...new Set(rb.alerts.services.flatMap((id) => (ctx.services.has(id) ? [ctx.services.get(id)!.area] : [])))].sort(),
      riskShare: null,
    });

  return c
    .map((x, i) => ({ x, i }))
    .sort((p1, p2) => (p2.x.riskShare ?? -1) - (p1.x.riskShare ?? -1) || p1.i - p2.i)
    .slice(0, review.maxRecommendations)
    .map(({ x }, i) => ({ ...x, text: upperFirst(x.text), rank: i + 1 }));
}

function relativeChange(r: Extract<MetricReading, { kind: 'value' }>): number {
  if (r.previous === null || r.previous === 0) return 0;
  return Math.abs((r.value - r.previous) / r.previous);
}

function fmtReading(r: Extract<MetricReading, { kind: 'value' }>, v: number): string {
  if (r.unit === '%') return pct(v);
  return `${num(v)} ${unitLabel(r)}`;
}

function areasOfItems(items: readonly ExposureItem[]): string[] {
  return [...new Set(items.map((i) => i.area))].sort();
}

function uniqueItems(items: readonly ExposureItem[]): ExposureItem[] {
  return [...new Map(items.map((i) => [i.findingId, i])).values()];
}
