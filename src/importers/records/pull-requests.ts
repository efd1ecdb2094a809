import { inOrder, type RecordKind } from './record-kind.js';

/** Pull requests that asked for a security review: security review latency. Keyed by (repo, number). */
export const pullRequests: RecordKind = {
  kind: 'pull-requests',
  name: 'Pull requests',
  columns: [
    { name: 'repo', column: 'repo', value: { type: 'repo', serviceColumn: 'service_id' }, required: true },
    { name: 'number', column: 'number', value: { type: 'integer', min: 1 }, required: true },
    { name: 'created_at', column: 'created_at', value: { type: 'timestamp' } },
    { name: 'merged_at', column: 'merged_at', value: { type: 'timestamp' } },
    { name: 'security_review_requested_at', column: 'security_review_requested_at', value: { type: 'timestamp' } },
    { name: 'first_security_review_at', column: 'first_security_review_at', value: { type: 'timestamp' } },
  ],
  derived: [{ name: 'service', column: 'service_id' }],
  key: ['repo', 'number'],
  order: ['repo', 'number'],
  check: inOrder([
    ['created_at', 'merged_at'],
    ['security_review_requested_at', 'first_security_review_at'],
  ]),
};
