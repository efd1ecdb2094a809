import { exceptionCovers, type ExceptionRecord } from '../domain/exception.js';
import { DAY_MS, toIso, type Millis } from '../domain/time.js';
import { exceptionSources, findingsInScopes } from '../storage/exceptions.js';
import type { Store } from '../storage/store.js';

/** An exception that expires within this many days of now is `expiring`. */
export const EXPIRING_DAYS = 14;

/**
 * Where an exception stands at a time:
 * - `active`: approved, started, not expiring soon;
 * - `expiring`: active, and expires within 14 days;
 * - `scheduled`: approved, starts later;
 * - `expired-with-open-findings`: expired while a finding it covers is still open;
 * - `expired`: expired, nothing it covers is open;
 * - `revoked`.
 */
export type ExceptionStanding = 'active' | 'expiring' | 'scheduled' | 'expired-with-open-findings' | 'expired' | 'revoked';

/** `--status` of `secscore exceptions`: `active` includes `expiring`, `expired` includes `expired-with-open-findings`. */
export const EXCEPTION_FILTERS = ['active', 'expiring', 'expired', 'revoked', 'scheduled', 'all'] as const;
export type ExceptionFilter = (typeof EXCEPTION_FILTERS)[number];

export interface ExceptionListing {
  id: string;
  status: ExceptionStanding;
  scope: ExceptionRecord['scope'];
  owner: string | null;
  approver: string | null;
  reason: string | null;
  startsAt: string;
  expiresAt: string | null;
  /** Days from now to the expiry (negative once expired), 1 decimal; null without an expiry. */
  daysToExpiry: number | null;
  /** Findings the scope covers that are open now (false positives left out). */
  openFindings: number;
  backlog: string | null;
  compensatingControls: string | null;
  file: string | null;
}

const FILTERS: Record<ExceptionFilter, readonly ExceptionStanding[]> = {
  active: ['active', 'expiring'],
  expiring: ['expiring'],
  expired: ['expired-with-open-findings', 'expired'],
  revoked: ['revoked'],
  scheduled: ['scheduled'],
  all: ['active', 'expiring', 'scheduled', 'expired-with-open-findings', 'expired', 'revoked'],
};

export function standingOf(e: ExceptionRecord, now: Millis, openFindings: number): ExceptionStanding {
  if (e.status === 'revoked') return 'revoked';
  if (e.expiresAt !== null && e.expiresAt <= now) return openFindings > 0 ? 'expired-with-open-findings' : 'expired';
  if (e.startsAt > now) return 'scheduled';
  if (e.expiresAt !== null && e.expiresAt - now <= EXPIRING_DAYS * DAY_MS) return 'expiring';
  return 'active';
}

/** The exceptions with where each stands at `now`, ordered by expiry (soonest first, none last), then id. */
export async function listExceptions(store: Store, now: Millis, filter: ExceptionFilter = 'all'): Promise<ExceptionListing[]> {
  const exceptions = await store.exceptions();
  const [findings, sources] = await Promise.all([
    findingsInScopes(
      store.db,
      exceptions.map((e) => e.scope),
      now,
    ),
    exceptionSources(store.db),
  ]);
  const open = findings.filter((f) => f.open && !f.falsePositive);
  const wanted = new Set(FILTERS[filter]);
  const listed: ExceptionListing[] = [];
  for (const e of exceptions) {
    const openFindings = open.filter((f) => exceptionCovers(e, f)).length;
    const status = standingOf(e, now, openFindings);
    if (!wanted.has(status)) continue;
    listed.push({
      id: e.id,
      status,
      scope: e.scope,
      owner: e.owner,
      approver: e.approver,
      reason: e.reason,
      startsAt: toIso(e.startsAt),
      expiresAt: e.expiresAt === null ? null : toIso(e.expiresAt),
      daysToExpiry: e.expiresAt === null ? null : Math.round(((e.expiresAt - now) / DAY_MS) * 10) / 10,
      openFindings,
      backlog: e.backlog,
      compensatingControls: e.compensatingControls,
      file: sources.get(e.id) ?? null,
    });
  }
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  // ISO times compare as text; '~' sorts after every digit, so open-ended exceptions come last.
  return listed.sort((a, b) => compare(a.expiresAt ?? '~', b.expiresAt ?? '~') || compare(a.id, b.id));
}
