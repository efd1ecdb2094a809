import type { RecordKind } from './record-kind.js';

/** Whether a service ships its required logs and how long they are kept: logging coverage. Keyed by (service, at). */
export const logging: RecordKind = {
  kind: 'logging',
  name: 'Logging records',
  columns: [
    { name: 'service', column: 'service_id', value: { type: 'service' }, required: true },
    { name: 'at', column: 'at', value: { type: 'timestamp' }, required: true },
    { name: 'shipped', column: 'shipped', value: { type: 'boolean' }, required: true },
    { name: 'retained_days', column: 'retained_days', value: { type: 'integer', min: 0 } },
  ],
  key: ['service_id', 'at'],
  order: ['service_id', 'at'],
};
