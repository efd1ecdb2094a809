import type { FindingView } from '../domain/finding.js';
import type { FindingQuery, Store } from '../storage/store.js';
import { checkSelection } from './compute-kpis.js';

/**
 * The findings of `secscore findings`. A service not in the catalog is a usage error listing the
 * valid ones, as for `kpis --service`, rather than an empty list that reads as "nothing open".
 */
export async function listFindings(store: Store, query: FindingQuery): Promise<FindingView[]> {
  if (query.serviceId !== undefined) checkSelection(await store.catalog(), { services: [query.serviceId] });
  return store.findings(query);
}
