import type { ExceptionRecord } from '../domain/exception.js';
import type { Taxonomy } from '../domain/failure-modes.js';
import type { InputKind, IntervalFact, ScanFact } from '../domain/facts.js';
import type { Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import type { OperationalRecords } from '../domain/records.js';
import type { Catalog } from '../domain/service.js';
import { DAY_MS } from '../domain/time.js';
import { defaultTaxonomy } from '../scorecard/taxonomy.js';
import type { Store } from '../storage/store.js';
import { recordWindows } from './record-windows.js';

/** Everything the measuring and judging layers read for a span of periods, loaded once. */
export interface Facts {
  catalog: Catalog;
  intervals: IntervalFact[];
  scans: ScanFact[];
  exceptions: ExceptionRecord[];
  loaded: Set<InputKind>;
  /** The operational records the loaded span can use (record-windows.ts); KPIs pick their periods. */
  records: OperationalRecords;
  /** The failure-mode taxonomy in force: KPIs that count a failure mode classify with it. */
  taxonomy: Taxonomy;
}

/**
 * Loads the facts needed to compute periods from `first` to `last` (inclusive); `taxonomy`
 * defaults to the built-in one. Operational records are read within the windows of that span
 * (record-windows.ts); with `kinds` (the inputs of the KPIs to compute), those of other kinds
 * are not read.
 */
export async function loadFacts(
  store: Store,
  policy: Policy,
  first: Period,
  last: Period,
  taxonomy: Taxonomy = defaultTaxonomy(),
  kinds?: ReadonlySet<InputKind>,
): Promise<Facts> {
  // Side by side: on DuckDB the records are read on a second connection while the intervals are.
  const [catalog, intervals, scans, exceptions, loaded, records] = await store.together([
    () => store.catalog(),
    () => store.intervalFacts(first.start, last.end, { epssThreshold: policy.epssThreshold }),
    () => store.scanFacts(first.end - policy.coverageWindowDays * DAY_MS, last.end),
    () => store.exceptions(),
    () => store.loadedKinds(),
    () => store.operationalRecords(kinds, recordWindows(first, last)),
  ] as const);
  return { catalog, intervals, scans, exceptions, loaded, records, taxonomy };
}
