import type { Millis } from './time.js';

/** A risk acceptance recorded as code (inputs.md §3, exceptions). */
export interface ExceptionRecord {
  id: string;
  scope: { fingerprint?: string; service?: string; rule?: string; cve?: string };
  reason: string | null;
  owner: string | null;
  approver: string | null;
  startsAt: Millis;
  expiresAt: Millis | null;
  backlog: string | null;
  compensatingControls: string | null;
  status: 'approved' | 'revoked';
}

export interface CoverableFinding {
  /** Null when no exception names it (IntervalFact.fingerprint). */
  fingerprint: string | null;
  serviceId: string;
  ruleId: string | null;
  vulnerabilityIds: readonly string[];
}

/** Covering is by fingerprint, or by rule or vulnerability id within a service. */
export function exceptionCovers(e: ExceptionRecord, f: CoverableFinding): boolean {
  if (e.scope.fingerprint !== undefined) return e.scope.fingerprint === f.fingerprint;
  if (e.scope.service === undefined || e.scope.service !== f.serviceId) return false;
  if (e.scope.rule !== undefined) return e.scope.rule === f.ruleId;
  if (e.scope.cve !== undefined) return f.vulnerabilityIds.includes(e.scope.cve);
  return false;
}

/** Active exception: approved and `startsAt <= t < expiresAt` (no expiry: open-ended). */
export function exceptionActiveAt(e: ExceptionRecord, t: Millis): boolean {
  return e.status === 'approved' && e.startsAt <= t && (e.expiresAt === null || t < e.expiresAt);
}
