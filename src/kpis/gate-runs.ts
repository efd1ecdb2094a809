import type { Period } from '../domain/period.js';
import type { PipelineRunRecord } from '../domain/records.js';
import { inPeriod } from './event-time.js';

/** Pipeline runs started in P (kpis.md "Event times": runs by started_at). */
export function runsIn(runs: readonly PipelineRunRecord[], p: Period): PipelineRunRecord[] {
  return runs.filter((r) => inPeriod(r.startedAt, p));
}

/** A run that includes a security stage (a gate run): any stage outcome but `absent`. */
export function hasSecurityStage(r: PipelineRunRecord): boolean {
  return r.securityStage !== 'absent';
}
