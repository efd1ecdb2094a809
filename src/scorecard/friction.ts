import type { ScanFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { Service } from '../domain/service.js';
import { DAY_MS } from '../domain/time.js';
import type { ExposureItem } from './exposure.js';
import type { AlertRunbookCount, IncidentFact, PipelineRunAggregate } from './inputs.js';

/**
 * The friction sources of the narrative's "where engineering time is being wasted"
 * (scorecard.md §3.2), as figures. Each function returns null when its inputs were never
 * loaded, so that the statement built on it is left out rather than stated as zero.
 */

export interface RunCounts {
  runs: number;
  failed: number;
  bypassed: number;
  toolErrors: number;
}

export interface TemplateFigures extends RunCounts {
  template: string;
  standard: boolean;
  services: string[];
}

export interface PipelineFriction {
  templates: TemplateFigures[];
  total: RunCounts;
  nonStandard: RunCounts & { templates: string[]; services: string[] };
}

/** Pipeline runs in P by template: how much of the gate trouble comes from non-standard templates. */
export function pipelineFriction(runs: readonly PipelineRunAggregate[] | null, standardTemplates: readonly string[]): PipelineFriction | null {
  if (runs === null || runs.length === 0) return null;
  const byTemplate = new Map<string, TemplateFigures>();
  for (const r of runs) {
    const t = byTemplate.get(r.template) ?? {
      template: r.template,
      standard: standardTemplates.includes(r.template),
      runs: 0,
      failed: 0,
      bypassed: 0,
      toolErrors: 0,
      services: [],
    };
    t.runs += r.runs;
    t.failed += r.failed;
    t.bypassed += r.bypassed;
    t.toolErrors += r.toolErrors;
    if (!t.services.includes(r.serviceId)) t.services.push(r.serviceId);
    byTemplate.set(r.template, t);
  }
  const templates = [...byTemplate.values()]
    .map((t) => ({ ...t, services: t.services.sort() }))
    .sort((a, b) => b.runs - a.runs || (a.template < b.template ? -1 : 1));
  const sum = (list: readonly RunCounts[]): RunCounts => ({
    runs: list.reduce((n, t) => n + t.runs, 0),
    failed: list.reduce((n, t) => n + t.failed, 0),
    bypassed: list.reduce((n, t) => n + t.bypassed, 0),
    toolErrors: list.reduce((n, t) => n + t.toolErrors, 0),
  });
  const custom = templates.filter((t) => !t.standard);
  return {
    templates,
    total: sum(templates),
    nonStandard: { ...sum(custom), templates: custom.map((t) => t.template), services: [...new Set(custom.flatMap((t) => t.services))].sort() },
  };
}

export interface SharedAuthorization {
  /** Services with several owners (or none) holding open authorization-family findings, heaviest first. */
  services: { id: string; area: string; owners: string[]; findings: number; weight: number }[];
  findings: number;
  weight: number;
  /** Risk weight of all open authorization-family findings, and of everything open. */
  familyWeight: number;
  totalWeight: number;
}

/** Open authorization-logic findings at the end of P in services without a single owner. */
export function sharedAuthorization(
  exposure: readonly ExposureItem[],
  services: ReadonlyMap<string, Service>,
  families: readonly string[],
): SharedAuthorization {
  const auth = exposure.filter((i) => families.includes(i.family));
  const byService = new Map<string, { findings: number; weight: number }>();
  for (const i of auth) {
    const s = services.get(i.serviceId);
    if (!s || s.owners.length === 1) continue;
    const e = byService.get(s.id) ?? { findings: 0, weight: 0 };
    e.findings++;
    e.weight += i.weight;
    byService.set(s.id, e);
  }
  const list = [...byService]
    .map(([id, e]) => ({ id, area: services.get(id)!.area, owners: [...services.get(id)!.owners], ...e }))
    .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  return {
    services: list,
    findings: list.reduce((n, s) => n + s.findings, 0),
    weight: list.reduce((n, s) => n + s.weight, 0),
    familyWeight: auth.reduce((n, i) => n + i.weight, 0),
    totalWeight: exposure.reduce((n, i) => n + i.weight, 0),
  };
}

export interface RunbookGaps {
  /** Alerts dispositioned in P; null when alerts were never loaded. */
  alerts: { total: number; without: number; rules: { rule: string; without: number }[]; services: string[] } | null;
  /** Incidents started in P; null when incidents were never loaded. */
  incidents: { total: number; without: number; ids: string[]; services: string[] } | null;
}

/** Investigations triggered by telemetry without a runbook: alerts and incidents in P that named none. */
export function runbookGaps(alerts: readonly AlertRunbookCount[] | null, incidents: readonly IncidentFact[] | null, period: Period): RunbookGaps | null {
  if (alerts === null && incidents === null) return null;
  let alertFigures: RunbookGaps['alerts'] = null;
  if (alerts !== null) {
    const rules = new Map<string, number>();
    for (const a of alerts) {
      const without = a.alerts - a.withRunbook;
      if (without > 0) rules.set(a.rule ?? '(no rule)', (rules.get(a.rule ?? '(no rule)') ?? 0) + without);
    }
    alertFigures = {
      total: alerts.reduce((n, a) => n + a.alerts, 0),
      without: alerts.reduce((n, a) => n + a.alerts - a.withRunbook, 0),
      rules: [...rules].map(([rule, without]) => ({ rule, without })).sort((a, b) => b.without - a.without || (a.rule < b.rule ? -1 : 1)),
      services: [...new Set(alerts.filter((a) => a.alerts > a.withRunbook && a.serviceId !== null).map((a) => a.serviceId!))].sort(),
    };
  }
  let incidentFigures: RunbookGaps['incidents'] = null;
  if (incidents !== null) {
    const inP = incidents.filter((i) => i.startedAt !== null && i.startedAt >= period.start && i.startedAt < period.end);
    const without = inP.filter((i) => i.runbook === null || i.runbook.trim() === '');
    incidentFigures = {
      total: inP.length,
      without: without.length,
      ids: without.map((i) => i.id).sort(),
      services: [...new Set(without.flatMap((i) => (i.serviceId === null ? [] : [i.serviceId])))].sort(),
    };
  }
  return { alerts: alertFigures, incidents: incidentFigures };
}

export interface LongTail {
  /** Services with at least one repository. */
  inScope: number;
  /** Of those, the ones with no scan of any kind in the window before the end. */
  unscanned: { id: string; area: string; tier: number; lastScanAt: number | null }[];
  windowDays: number;
}

/** Long-tail repositories that evade the baseline: services with a repository and no recent scan at all. */
export function longTail(services: readonly Service[], scans: readonly ScanFact[], end: number, windowDays: number): LongTail {
  const from = end - windowDays * DAY_MS;
  const inScope = services.filter((s) => s.repos.length > 0);
  const last = new Map<string, number>();
  for (const x of scans) if (x.scannedAt < end) last.set(x.serviceId, Math.max(last.get(x.serviceId) ?? -Infinity, x.scannedAt));
  const unscanned = inScope
    .filter((s) => (last.get(s.id) ?? -Infinity) < from)
    .map((s) => ({ id: s.id, area: s.area, tier: s.tier, lastScanAt: last.get(s.id) ?? null }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return { inScope: inScope.length, unscanned, windowDays };
}
