import type { RecordKind } from './record-kind.js';

/** Whether a service uses the standard IAM roles: least-privilege adoption. Keyed by (service, at). */
export const iam: RecordKind = {
  kind: 'iam',
  name: 'IAM records',
  columns: [
    { name: 'service', column: 'service_id', value: { type: 'service' }, required: true },
    { name: 'at', column: 'at', value: { type: 'timestamp' }, required: true },
    { name: 'standard_roles', column: 'standard_roles', value: { type: 'boolean' }, required: true },
  ],
  key: ['service_id', 'at'],
  order: ['service_id', 'at'],
};
