import type { RecordKind } from './record-kind.js';

/** Threat model updates of a service: threat model adoption. Keyed by (service, updated_at). */
export const threatModels: RecordKind = {
  kind: 'threat-models',
  name: 'Threat models',
  columns: [
    { name: 'service', column: 'service_id', value: { type: 'service' }, required: true },
    { name: 'updated_at', column: 'updated_at', value: { type: 'timestamp' }, required: true },
    { name: 'link', column: 'link', value: { type: 'text' } },
  ],
  key: ['service_id', 'updated_at'],
  order: ['service_id', 'updated_at'],
};
