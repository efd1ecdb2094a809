import type { Period } from '../domain/period.js';
import type { PipelineRunRecord } from '../domain/records.js';
import { countInPeriod, inPeriod, sortedTimes } from './event-time.js';

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

const isToolError = (r: PipelineRunRecord): boolean => r.securityStage === 'tool_error';

/** Runs with a security stage started in P, and how many of them ended in a tool error. */
export function gateRunsIn(runs: readonly PipelineRunRecord[], p: Period): { runs: readonly PipelineRunRecord[]; toolErrors: number } {
  const gated = runsIn(runs, p).filter(hasSecurityStage);
  return { runs: gated, toolErrors: gated.filter(isToolError).length };
}

/**
 * How many runs started in P, how many of them had a security stage and how many of those ended
 * in a tool error, as `runsIn` and `gateRunsIn` count them, for KPIs that need only the counts:
 * by binary search over the start times of each, sorted once (`sortedTimes`).
 */
export function gateRunCounts(runs: readonly PipelineRunRecord[], p: Period): { runs: number; gated: number; toolErrors: number } {
  return {
    runs: countInPeriod(
      sortedTimes(runs, 'started', (r) => r.startedAt),
      p,
    ),
    gated: countInPeriod(
      sortedTimes(runs, 'started, gated', (r) => (hasSecurityStage(r) ? r.startedAt : null)),
      p,
    ),
    toolErrors: countInPeriod(
      sortedTimes(runs, 'started, tool error', (r) => (isToolError(r) ? r.startedAt : null)),
      p,
    ),
  };
}
