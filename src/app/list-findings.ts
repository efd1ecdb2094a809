import type { FindingView } from '../domain/finding.js';
import type { FindingQuery, Store } from '../storage/store.js';
import { checkSelection } from './compute-kpis.js';

/**
 * The findings of `secscore findings`. A service neither in the catalog nor holding findings is
 * a usage error listing the valid ones, as for `kpis --service`, rather than an empty list that
 * reads as "nothing open"; the findings of a service since removed from the catalog are listed.
 */
export async function listFindings(store: Store, query: FindingQuery): Promise<FindingView[]> {
  const rows = await store.findings(query);
  if (rows.length === 0 && query.serviceId !== undefined) checkSelection(await store.catalog(), { services: [query.serviceId] });
  return rows;
}
