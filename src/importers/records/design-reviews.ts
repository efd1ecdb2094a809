import { inOrder, type RecordKind } from './record-kind.js';

/** Secure design reviews: throughput and cycle time. */
export const designReviews: RecordKind = {
  kind: 'design-reviews',
  name: 'Design reviews',
  columns: [
    { name: 'id', column: 'id', value: { type: 'text' }, required: true },
    { name: 'service', column: 'service_id', value: { type: 'service' } },
    { name: 'requested_at', column: 'requested_at', value: { type: 'timestamp' } },
    { name: 'completed_at', column: 'completed_at', value: { type: 'timestamp' } },
    { name: 'outcome', column: 'outcome', value: { type: 'text' } },
  ],
  key: ['id'],
  order: ['id'],
  check: inOrder([['requested_at', 'completed_at']]),
};
