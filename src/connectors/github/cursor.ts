import type { Millis } from '../../domain/time.js';

/**
 * Where the last sync of one resource of one repository stopped (kept in the database, in
 * sync_state, committed with the data it led to).
 */
export interface ResourceCursor {
  /** The next sync reads what changed (or was created) at or after this time; null: everything. */
  since: Millis | null;
  /** The first page's URL and ETag at the last listing: asking the same URL again with the ETag answers 304 when nothing changed. */
  url: string | null;
  etag: string | null;
  /** What a resource remembers besides (a repository's default branch; the streams an alert source covers). */
  extra: Record<string, unknown>;
}

export const EMPTY_CURSOR: ResourceCursor = { since: null, url: null, etag: null, extra: {} };

export function cursorToText(c: ResourceCursor): string {
  return JSON.stringify({ since: c.since === null ? null : new Date(c.since).toISOString(), url: c.url, etag: c.etag, extra: c.extra });
}

/** A stored cursor; one that cannot be read (written by another version) is none: the resource is read afresh. */
export function cursorFromText(text: string): ResourceCursor | null {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const since = typeof v['since'] === 'string' ? Date.parse(v['since']) : null;
    return {
      since: since === null || Number.isNaN(since) ? null : since,
      url: typeof v['url'] === 'string' ? v['url'] : null,
      etag: typeof v['etag'] === 'string' ? v['etag'] : null,
      extra: typeof v['extra'] === 'object' && v['extra'] !== null && !Array.isArray(v['extra']) ? (v['extra'] as Record<string, unknown>) : {},
    };
  } catch {
    return null;
  }
}

/**
 * The ETag to send with the first page: the last listing's, when it was of the same URL and
 * this listing reads on from that cursor (not a re-read from an earlier `--since`). A 304 then
 * means nothing changed since the last listing.
 */
export function etagFor(cursor: ResourceCursor | null, url: string, fromCursor: boolean): string | null {
  return fromCursor && cursor !== null && cursor.url === url ? cursor.etag : null;
}

/** What one sync reads of a resource: from `since` (null: everything), and the cursor it starts from, if any. */
export interface ReadWindow {
  since: Millis | null;
  cursor: ResourceCursor | null;
  /** `since` is the cursor's own: the listing goes on from where the last one stopped (ETags apply). */
  fromCursor: boolean;
}

/** What reading a resource gave: its items (none when nothing changed) and the cursor to store. */
export interface ResourceRead<T> {
  /** The source answered (a 304 included); false: not readable here (feature off, no access), nothing of it stored. */
  available: boolean;
  rows: T[];
  cursor: ResourceCursor;
  /** The source answered 304: nothing changed since the last sync. */
  unchanged: boolean;
  /** Items listed (before filtering). */
  listed: number;
}
