import type { ExceptionRecord } from '../domain/exception.js';
import { cellRef, exceptionRef, figuresRef, readingRef, type ReviewContext } from './context.js';
import { readGroup, unitLabel, valueTarget, type MetricReading } from './metrics.js';
import { day, listOf, lowerFirst, num, pct, plural } from './phrase.js';
import { plainKpiName } from './plain.js';
import { ownerOf, type Ask, type AskList } from './statement.js';
import { familyPlainLabel } from './taxonomy.js';
import type { ScorecardRow, Trigger } from './types.js';

/** "What we need from engineering" (scorecard.md §4). */
export interface Asks {
  mandatory: Ask[];
  recommended: Ask[];
}

const RULE = {
  escalationYes: 'Mandatory: a Yes escalation trigger of the area.',
  target:
    'Mandatory: a KPI that misses its target on tier 0 or tier 1 services, one ask per KPI naming each tier it misses on, the KPI with the largest relative miss (gap over target) on its worst tier first.',
  expired: 'Mandatory: an approved exception past its expiry while a finding it covers is still open.',
  escalationMaybe: 'Recommended: a Maybe escalation trigger of the area.',
  lineTrend: 'Recommended: a product line whose security trend is Worsening or Mixed.',
  kpiTrend:
    'Recommended: a company KPI worsening against the previous period and not meeting its target, unless it is already a mandatory ask for missing its target on tier 0 or 1.',
  noBacklog: 'Recommended: an approved exception covering open findings without a backlog link.',
};

export function writeAsks(ctx: ReviewContext): Asks {
  const asks: Ask[] = [];
  for (const row of ctx.scorecard.rows) for (const t of row.escalation.triggers) asks.push(...fromTrigger(ctx, row, t));
  asks.push(...fromTierTargets(ctx));
  asks.push(...fromExceptions(ctx));
  // A worsening KPI that already has its mandatory ask (a missed tier 0/1 target) is not asked again.
  const targeted = new Set(asks.filter((a) => a.id === 'ask.tier-target').map((a) => a.figures['kpi']));
  asks.push(...fromTrends(ctx).filter((a) => !(a.id === 'ask.kpi-trend' && targeted.has(a.figures['kpi']))));
  const seen = new Set<string>();
  const unique = asks.filter((a) => (seen.has(a.text) ? false : (seen.add(a.text), true)));
  return { mandatory: unique.filter((a) => a.list === 'mandatory'), recommended: unique.filter((a) => a.list === 'recommended') };
}

/**
 * Asks of one kind kept as they are in one list, the largest first; the rest of the kind are
 * rolled into one ask naming each of them (`rollUpAsks`). Without it, a company of 40 areas
 * and 200 teams got 137 mandatory asks (bench scale 1), which no leadership review reads.
 */
export const ASKS_PER_KIND = 3;

/**
 * The kinds rolled up, with the figure that ranks them: one ask per area or per owner, or one
 * per KPI (a company missing many tier 0/1 targets, or worsening on many KPIs: the demo had 8
 * and 7 of them, in a list the seed's review keeps to three asks). A KPI's ask carries its
 * name and figures in `figures.summary`, for the roll-up to name it by.
 */
type RolledKind = {
  of: 'area' | 'owner' | 'kpi';
  weight: (f: Ask['figures']) => number;
  unit: string;
  /** For a KPI kind: the roll-up's text before its list, and its plain words, of the asks it stands for ("{n}": how many). */
  more?: { text: string; plain: (others: readonly Ask[]) => string };
};

const ROLLED_UP: Readonly<Record<string, RolledKind>> = {
  'ask.overdue-criticals': { of: 'area', weight: (f) => Number(f['exposedOverdue'] ?? 0), unit: 'overdue critical' },
  'ask.sla-watch': { of: 'area', weight: () => 0, unit: '' },
  'ask.incident-fixes': { of: 'area', weight: (f) => Number(f['sev1'] ?? 0), unit: 'severity-1 incident' },
  'ask.exception-expiring': { of: 'area', weight: () => 0, unit: '' },
  'ask.exception-expired': { of: 'owner', weight: (f) => Number(f['findings'] ?? 0), unit: 'open finding' },
  'ask.exception-backlog': { of: 'owner', weight: (f) => Number(f['findings'] ?? 0), unit: 'open finding' },
  'ask.tier-target': {
    of: 'kpi',
    weight: (f) => Number(f['worstMiss'] ?? 0),
    unit: '',
    more: {
      text: 'Bring {n} on tier 0/1 services back to target too, the largest miss first',
      plain: (others) => `Bring {n} back to target on the ${tierSystems(others.flatMap((a) => String(a.figures['tier'] ?? '').split(',')))} too.`,
    },
  },
  'ask.kpi-trend': {
    of: 'kpi',
    weight: (f) => Number(f['worsening'] ?? 0),
    unit: '',
    more: { text: 'Reverse the worsening of {n} too, the largest change first', plain: () => 'Reverse the worsening trend in {n} too.' },
  },
};

const ROLL_UP_RULE = `Asks of one kind beyond the ${ASKS_PER_KIND} largest are rolled into one that names each of them, largest first, so that the list stays readable.`;

/**
 * The asks as a review shows them (after its audience's filter): of a kind of ROLLED_UP with
 * more than ASKS_PER_KIND + 1 asks in a list, the ASKS_PER_KIND largest, largest first, then
 * one ask naming each of the others with its owner and figure (`rolledUp` keeps them whole,
 * for --format json), all where the kind's first ask was. Every other ask stays as it was.
 */
export function rollUpAsks(asks: Asks): Asks {
  return { mandatory: rollUp(asks.mandatory), recommended: rollUp(asks.recommended) };
}

function rollUp(list: readonly Ask[]): Ask[] {
  const byKind = new Map<string, Ask[]>();
  for (const a of list) if (ROLLED_UP[a.id]) byKind.set(a.id, [...(byKind.get(a.id) ?? []), a]);
  // A kind rolled up is shown where its first ask was: its largest asks, then the rest in one.
  const shown = new Map<string, Ask[]>();
  for (const [id, all] of byKind) {
    if (all.length <= ASKS_PER_KIND + 1) continue;
    const weight = ROLLED_UP[id]!.weight;
    // The largest first; equal ones in the order they came.
    const ranked = all
      .map((a, i) => ({ a, i, w: weight(a.figures) }))
      .sort((x, y) => (y.w === x.w ? 0 : y.w > x.w ? 1 : -1) || x.i - y.i)
      .map((r) => r.a);
    shown.set(id, [...ranked.slice(0, ASKS_PER_KIND), rolledUpAsk(id, ranked.slice(ASKS_PER_KIND))]);
  }
  const placed = new Set<string>();
  return list.flatMap((a) => {
    const kind = shown.get(a.id);
    if (kind === undefined) return [a];
    if (placed.has(a.id)) return [];
    placed.add(a.id);
    return kind;
  });
}

function rolledUpAsk(id: string, others: readonly Ask[]): Ask {
  const kind = ROLLED_UP[id]!;
  const first = others[0]!;
  const subject = (a: Ask) =>
    kind.of === 'area'
      ? `${a.areas.join(', ')} (${a.owner}${kind.unit ? `, ${plural(kind.weight(a.figures), kind.unit)}` : ''})`
      : kind.of === 'kpi'
        ? String(a.figures['summary'] ?? a.figures['kpi'] ?? a.text)
        : `${a.owner}${kind.unit ? ` (${plural(kind.weight(a.figures), kind.unit)})` : ''}`;
  const base = {
    id: `${id}.more`,
    list: first.list,
    source: first.source,
    evidence: [...new Map(others.flatMap((a) => a.evidence).map((e) => [e.ref, e])).values()],
    rule: ROLL_UP_RULE,
    areas: [...new Set(others.flatMap((a) => a.areas))].sort(),
    rolledUp: [...others],
  };
  if (kind.of === 'kpi') {
    // One owner for all of them, or each KPI's own (its tiers' teams, or nobody).
    const same = others.every((a) => a.owner === first.owner);
    const n = (word: string) => plural(others.length, `more ${word}`);
    return {
      ...base,
      owner: same ? first.owner : 'owner needed (as each KPI says)',
      ownerKnown: same && first.ownerKnown,
      // Semicolons between them: a KPI's figures may name two tiers with "and".
      text: `${kind.more!.text.replace('{n}', n('KPI'))}: ${others.map(subject).join('; ')}.`,
      plain: kind.more!.plain(others).replace('{n}', n('measure')),
      figures: { asks: others.length },
    };
  }
  const noun = kind.of === 'area' ? 'area' : 'owner';
  return {
    ...base,
    owner: kind.of === 'area' ? 'the owner named with each area' : 'each owner named',
    ownerKnown: others.every((a) => a.ownerKnown),
    text: `The same for ${plural(others.length, `more ${noun}`)}, largest first: ${listOf(others.map(subject), 8)}.`,
    plain: `The same for ${plural(others.length, `more ${noun === 'area' ? 'area' : 'team'}`)}.`,
    figures: { asks: others.length, total: others.reduce((n, a) => n + kind.weight(a.figures), 0) },
  };
}

function ask(list: AskList, source: Ask['source'], owners: readonly string[], a: Omit<Ask, 'list' | 'source' | 'owner' | 'ownerKnown'>): Ask {
  return { list, source, ...ownerOf(owners), ...a };
}

function fromTrigger(ctx: ReviewContext, row: ScorecardRow, t: Trigger): Ask[] {
  // Expired exceptions become one ask per owner (fromExceptions), not one per area.
  if (t.id === 'expired_exception' && t.level === 'Yes') return [];
  const list: AskList = t.level === 'Yes' ? 'mandatory' : 'recommended';
  const evidence = [cellRef(row, 'escalation')];
  const base = { figures: { area: row.area, ...t.figures }, evidence, areas: [row.area], rule: t.level === 'Yes' ? RULE.escalationYes : RULE.escalationMaybe };
  const area = row.area;
  if (t.id === 'critical_sla') {
    if (t.level === 'Yes')
      return [
        ask(list, 'escalation', row.owners, {
          id: 'ask.overdue-criticals',
          text: `Clear the ${plural(Number(t.figures['exposedOverdue'] ?? 0), 'overdue critical')} on tier 0/1 or internet-exposed services in ${area}: critical SLA compliance is ${pct(Number(t.figures['compliance']))} against ≥ ${t.figures['target']} %.`,
          plain: `Fix the overdue severe weaknesses on the most important systems of ${area}.`,
          ...base,
        }),
      ];
    return [
      ask(list, 'escalation', row.owners, {
        id: 'ask.sla-watch',
        text: `Keep critical fixes on time in ${area}: ${t.text}.`,
        plain: `Keep fixes of severe weaknesses on time in ${area}.`,
        ...base,
      }),
    ];
  }
  if (t.id === 'expired_exception')
    return [
      ask(list, 'escalation', row.owners, {
        id: 'ask.exception-expiring',
        text: `Decide before expiry in ${area}: ${t.text}.`,
        plain: `Decide on the risk acceptances about to expire in ${area}.`,
        ...base,
      }),
    ];
  if (t.id === 'sev1_incident') {
    if (t.level === 'Yes')
      return [
        ask(list, 'escalation', row.owners, {
          id: 'ask.incident-fixes',
          text: `${area}: fund the follow-up fixes of ${t.text}.`,
          plain: `Fund the fixes that follow this quarter's most serious incidents in ${area}.`,
          ...base,
        }),
      ];
    return [
      ask(list, 'escalation', row.owners, {
        id: 'ask.incident-rise',
        text: `Review the rise in serious incidents in ${area}: ${t.text}.`,
        plain: `Review the rise in serious incidents in ${area}.`,
        ...base,
      }),
    ];
  }
  const owners = t.services.flatMap((id) => ctx.services.get(id)?.owners ?? []);
  const label = row.topFailureMode.value;
  const plainLabel = row.topFailureMode.top.map((f) => familyPlainLabel(ctx.inputs.taxonomy, f.id)).join(' and ');
  return [
    ask(list, 'escalation', owners, {
      id: 'ask.shared-owner',
      text: `Name a senior owner for ${label} in ${listOf(t.services)} (${area}).`,
      plain: `Name one accountable senior owner for ${plainLabel} in ${area}.`,
      ...base,
    }),
  ];
}

/** How far a value misses its target, relative to the target (0.2 = 20 % short); a miss of a zero target ranks first. */
export function relativeMiss(value: number, target: number): number {
  return target === 0 ? (value === target ? 0 : Infinity) : Math.abs(value - target) / Math.abs(target);
}

/** One ask per KPI missing its target on tier 0 and/or tier 1, naming each missing tier and its figures; the worst relative miss first. */
function fromTierTargets(ctx: ReviewContext): Ask[] {
  const report = ctx.inputs.reports.byTier;
  type Miss = { tier: string; r: Extract<MetricReading, { kind: 'value' }>; target: { op: '<=' | '>='; value: number }; miss: number };
  const byKpi = new Map<string, Miss[]>();
  for (const tier of ['0', '1']) {
    const group = report.groups.find((g) => g.key === tier);
    if (!group) continue;
    for (const k of group.kpis) {
      const r = readGroup(group, k.id, report.period.label);
      const target = r.kind === 'value' ? valueTarget(r.target) : null;
      if (r.kind !== 'value' || r.status !== 'misses' || target === null) continue;
      byKpi.set(r.id, [...(byKpi.get(r.id) ?? []), { tier, r, target, miss: relativeMiss(r.value, target.value) }]);
    }
  }
  const worst = (ms: readonly Miss[]) => Math.max(...ms.map((x) => x.miss));
  const op = (t: Miss['target']) => (t.op === '<=' ? '≤' : '≥');
  return [...byKpi.values()]
    .sort((a, b) => worst(b) - worst(a) || (a[0]!.r.id < b[0]!.r.id ? -1 : 1))
    .map((ms) => {
      const r = ms[0]!.r;
      const tiers = ms.map((x) => x.tier);
      const services = ctx.inputs.catalog.services.filter((s) => tiers.includes(String(s.tier)));
      const sameTarget = ms.every((x) => x.target.op === ms[0]!.target.op && x.target.value === ms[0]!.target.value);
      // Each tier's figure (with its own target where the targets differ), then the shared target.
      const against = (t: Miss['target']) => `against ${op(t)} ${fmt(r, t.value)}`;
      const figuresOf = (n: boolean) =>
        `${listOf(ms.map((x) => `${fmt(x.r, x.r.value)} on tier ${x.tier}${sameTarget ? '' : ` ${against(x.target)}`}${n ? ` (n = ${x.r.n})` : ''}`))}${
          sameTarget ? ` ${against(ms[0]!.target)}` : ''
        }`;
      const text =
        ms.length === 1
          ? `Bring ${r.name} on tier ${tiers[0]} services back to target: ${fmt(r, r.value)} ${against(ms[0]!.target)} (n = ${r.n}).`
          : `Bring ${r.name} on ${listOf(tiers.map((t) => `tier ${t}`))} services back to target: ${figuresOf(true)}.`;
      const summary = `${r.name} at ${figuresOf(false)}`;
      const figures: Record<string, number | string> = { tier: tiers.join(','), kpi: r.id, target: ms[0]!.target.value, worstMiss: worst(ms), summary };
      for (const x of ms) Object.assign(figures, { [`tier${x.tier}Value`]: x.r.value, [`tier${x.tier}Target`]: x.target.value, [`tier${x.tier}N`]: x.r.n });
      if (ms.length === 1) Object.assign(figures, { value: r.value, n: r.n });
      return ask(
        'mandatory',
        'target',
        services.flatMap((s) => s.owners),
        {
          id: 'ask.tier-target',
          text,
          // A KPI whose plain name already says which systems ("on the most critical systems") is not told them twice.
          plain: /critical systems/.test(plainKpiName(r.id))
            ? `Bring ${plainKpiName(r.id)} back to target.`
            : `Bring ${plainKpiName(r.id)} back to target on the ${tierSystems(tiers)}.`,
          figures,
          evidence: ms.map((x) => readingRef(`tier ${x.tier}`, x.r)),
          rule: RULE.target,
          areas: [...new Set(services.map((s) => s.area))].sort(),
        },
      );
    });
}

/** The board's words for tier 0 and/or tier 1 services. */
function tierSystems(tiers: readonly string[]): string {
  const has0 = tiers.includes('0');
  const has1 = tiers.includes('1');
  return has0 && has1 ? 'most critical and critical systems' : has0 ? 'most critical systems' : 'critical systems';
}

/** Exceptions are never passive: past expiry over open findings (mandatory) or without a backlog link (recommended), one ask per owner. */
function fromExceptions(ctx: ReviewContext): Ask[] {
  const out: Ask[] = [];
  for (const kind of ['expired', 'noBacklog'] as const) {
    const list = ctx.passiveExceptions.filter((p) => (kind === 'expired' ? p.expired : p.noBacklog && !p.expired));
    const byOwner = new Map<string, typeof list>();
    for (const p of list) {
      const owners = ownersOfException(
        ctx,
        p.exception,
        p.covered.map((i) => i.serviceId),
      );
      const key = owners.join('\u0000');
      byOwner.set(key, [...(byOwner.get(key) ?? []), p]);
    }
    for (const [key, group] of byOwner) {
      const owners = key === '' ? [] : key.split('\u0000');
      const findings = group.reduce((n, p) => n + p.covered.length, 0);
      const text =
        kind === 'expired'
          ? `Renew with a dated plan, or fix: ${listOf(
              group.map((p) => `${p.exception.id} (expired ${day(p.exception.expiresAt!)}, ${plural(p.covered.length, 'open finding')})`),
              6,
            )}.`
          : `Tie ${plural(group.length, 'exception')} to backlog items: ${listOf(
              group.map((p) => `${p.exception.id} (${plural(p.covered.length, 'open finding')})`),
              6,
            )}.`;
      out.push(
        ask(kind === 'expired' ? 'mandatory' : 'recommended', 'exception', owners, {
          id: kind === 'expired' ? 'ask.exception-expired' : 'ask.exception-backlog',
          text,
          plain: exceptionAskPlain(kind === 'expired' ? 'ask.exception-expired' : 'ask.exception-backlog', group.length)!,
          figures: { exceptions: group.length, findings },
          evidence: group.map((p) => exceptionRef(p.exception, p.covered.length)),
          rule: kind === 'expired' ? RULE.expired : RULE.noBacklog,
          areas: [...new Set(group.flatMap((p) => p.covered.map((i) => i.area)))].sort(),
        }),
      );
    }
  }
  return out;
}

/**
 * The plain words of an exception ask (one per owner) for `n` exceptions, or null for another
 * kind: the board, which names no owner, says them once with the total (board.ts).
 */
export function exceptionAskPlain(id: string, n: number): string | null {
  if (id === 'ask.exception-expired') return `Resolve ${plural(n, 'expired risk acceptance')} whose issues are still open.`;
  if (id === 'ask.exception-backlog') return `Tie ${plural(n, 'accepted risk')} to planned work.`;
  return null;
}

function ownersOfException(ctx: ReviewContext, e: ExceptionRecord, services: readonly string[]): string[] {
  if (e.owner !== null && e.owner.trim() !== '') return [e.owner];
  return [...new Set(services.flatMap((id) => ctx.services.get(id)?.owners ?? []))].sort();
}

function fromTrends(ctx: ReviewContext): Ask[] {
  const out: Ask[] = [];
  for (const l of ctx.scorecard.lines) {
    if (l.trend.value !== 'Worsening' && l.trend.value !== 'Mixed') continue;
    out.push(
      ask('recommended', 'trend', l.owners, {
        id: 'ask.line-trend',
        text: `Reverse the ${l.trend.value === 'Worsening' ? 'worsening' : 'mixed'} trend of ${l.line}: ${lowerFirst(l.meaning.value)}; ${l.trend.evidence.join('; ')}.`,
        plain: `Reverse the ${l.trend.value === 'Worsening' ? 'worsening' : 'uneven'} security trend of ${l.line}.`,
        figures: { line: l.line, trend: l.trend.value },
        evidence: [figuresRef(`line:${l.line}:trend`, `${l.line} — Security trend: ${l.trend.value}`, [...l.trend.evidence, `Rule: ${l.trend.rule}`])],
        rule: RULE.lineTrend,
        areas: ctx.scorecard.rows.filter((r) => r.line === l.line).map((r) => r.area),
      }),
    );
  }
  const company = ctx.inputs.reports.company[ctx.inputs.reports.company.length - 1];
  const group = company?.groups[0];
  if (company && group)
    for (const k of group.kpis) {
      const r = readGroup(group, k.id, company.period.label);
      if (r.kind !== 'value' || r.trend !== 'worsening' || r.status === 'meets' || r.previous === null) continue;
      out.push(
        ask('recommended', 'trend', [], {
          id: 'ask.kpi-trend',
          text: `Reverse the worsening ${r.name}: ${fmt(r, r.previous)} → ${fmt(r, r.value)}${valueTarget(r.target) ? ` (target ${valueTarget(r.target)!.op === '<=' ? '≤' : '≥'} ${fmt(r, valueTarget(r.target)!.value)})` : ''}.`,
          plain: `Reverse the worsening trend in ${plainKpiName(r.id)}.`,
          figures: {
            kpi: r.id,
            value: r.value,
            previous: r.previous,
            worsening: relativeMiss(r.value, r.previous),
            summary: `${r.name} from ${fmt(r, r.previous)} to ${fmt(r, r.value)}`,
          },
          evidence: [readingRef('company', r)],
          rule: RULE.kpiTrend,
          areas: [],
        }),
      );
    }
  return out;
}

function fmt(r: Extract<MetricReading, { kind: 'value' }>, v: number): string {
  return r.unit === '%' ? pct(v) : `${num(v)} ${r.unit === 'days' ? 'd' : unitLabel(r)}`;
}
