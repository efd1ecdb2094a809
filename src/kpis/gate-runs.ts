import type { Period } from '../domain/period.js';
import type { PipelineRunRecord } from '../domain/records.js';
import { inPeriod } from './event-time.js';

/**
 * Pipeline runs started in P (kpis.md "Event times": runs by started_at). Memoised per runs
 * array and period (records are never mutated once loaded): the gate KPIs of a scope share one
 * list, which callers must not modify.
 */
export function runsIn(runs: readonly PipelineRunRecord[], p: Period): readonly PipelineRunRecord[] {
  let byPeriod = runsInCache.get(runs);
  if (byPeriod === undefined) runsInCache.set(runs, (byPeriod = new Map()));
  const key = `${p.start} ${p.end}`;
  let out = byPeriod.get(key);
  if (out === undefined) byPeriod.set(key, (out = runs.filter((r) => inPeriod(r.startedAt, p))));
  return out;
}

const runsInCache = new WeakMap<readonly PipelineRunRecord[], Map<string, readonly PipelineRunRecord[]>>();

/** A run that includes a security stage (a gate run): any stage outcome but `absent`. */
export function hasSecurityStage(r: PipelineRunRecord): boolean {
  return r.securityStage !== 'absent';
}

/** Runs with a security stage started in P, and how many of them ended in a tool error. */
export function gateRunsIn(runs: readonly PipelineRunRecord[], p: Period): { runs: readonly PipelineRunRecord[]; toolErrors: number } {
  const gated = runsIn(runs, p).filter(hasSecurityStage);
  return { runs: gated, toolErrors: gated.filter((r) => r.securityStage === 'tool_error').length };
}
