import type { Millis } from './time.js';

/** One scan snapshot of a stream (service, tool, category) as the lifecycle sees it. */
export interface SnapshotPresence<K> {
  scannedAt: Millis;
  partial: boolean;
  present: ReadonlySet<K>;
}

export interface DerivedInterval {
  seq: number;
  openedAt: Millis;
  fixedAt: Millis | null;
  lastSeenAt: Millis;
}

/**
 * The lifecycle of inputs.md §2, as a pure function of a stream's snapshots: a finding present
 * in a snapshot is open; an open finding absent from a later full snapshot is fixed at that
 * snapshot's time; a fixed finding seen again is reopened (a new interval). A partial snapshot
 * opens findings but fixes none. Snapshots are taken in time order whatever order they arrived
 * in, which is what makes out-of-order imports agree with in-order ones.
 */
export function deriveIntervals<K>(snapshots: readonly SnapshotPresence<K>[]): Map<K, DerivedInterval[]> {
  const ordered = [...snapshots].sort((a, b) => a.scannedAt - b.scannedAt || Number(a.partial) - Number(b.partial));
  const result = new Map<K, DerivedInterval[]>();
  const open = new Map<K, DerivedInterval>();
  for (const snap of ordered) {
    for (const key of snap.present) {
      const current = open.get(key);
      if (current) {
        current.lastSeenAt = snap.scannedAt;
        continue;
      }
      const list = result.get(key) ?? [];
      const interval: DerivedInterval = { seq: list.length + 1, openedAt: snap.scannedAt, fixedAt: null, lastSeenAt: snap.scannedAt };
      list.push(interval);
      result.set(key, list);
      open.set(key, interval);
    }
    if (snap.partial) continue;
    for (const [key, interval] of open) {
      if (!snap.present.has(key)) {
        interval.fixedAt = snap.scannedAt;
        open.delete(key);
      }
    }
  }
  return result;
}
