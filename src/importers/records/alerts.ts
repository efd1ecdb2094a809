import { inOrder, type RecordKind } from './record-kind.js';

export const DISPOSITIONS = ['true_positive', 'false_positive', 'benign'] as const;

/** Detection alerts and how they were dispositioned: alert precision. */
export const alerts: RecordKind = {
  kind: 'alerts',
  name: 'Alerts',
  columns: [
    { name: 'id', column: 'id', value: { type: 'text' }, required: true },
    { name: 'rule', column: 'rule', value: { type: 'text' } },
    { name: 'service', column: 'service_id', value: { type: 'service' } },
    { name: 'fired_at', column: 'fired_at', value: { type: 'timestamp' } },
    { name: 'dispositioned_at', column: 'dispositioned_at', value: { type: 'timestamp' } },
    { name: 'disposition', column: 'disposition', value: { type: 'enum', values: DISPOSITIONS } },
    { name: 'runbook', column: 'runbook', value: { type: 'text' } },
  ],
  key: ['id'],
  order: ['id'],
  check: inOrder([['fired_at', 'dispositioned_at']]),
};
