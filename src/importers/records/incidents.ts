import { inOrder, type RecordKind } from './record-kind.js';

export const INCIDENT_SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;

/** Security incidents: MTTD (detected − started) and MTTC (contained − detected), escalations. */
export const incidents: RecordKind = {
  kind: 'incidents',
  name: 'Incidents',
  columns: [
    { name: 'id', column: 'id', value: { type: 'text' }, required: true },
    { name: 'title', column: 'title', value: { type: 'text' } },
    { name: 'severity', column: 'severity', value: { type: 'enum', values: INCIDENT_SEVERITIES }, required: true },
    { name: 'service', column: 'service_id', value: { type: 'service' } },
    { name: 'started_at', column: 'started_at', value: { type: 'timestamp' } },
    { name: 'detected_at', column: 'detected_at', value: { type: 'timestamp' } },
    { name: 'contained_at', column: 'contained_at', value: { type: 'timestamp' } },
    { name: 'resolved_at', column: 'resolved_at', value: { type: 'timestamp' } },
    { name: 'cause', column: 'cause', value: { type: 'text' } },
    { name: 'runbook', column: 'runbook', value: { type: 'text' } },
  ],
  key: ['id'],
  order: ['id'],
  // Each pair also across a missing middle time (no containment: detected → resolved).
  check: inOrder([
    ['started_at', 'detected_at'],
    ['detected_at', 'contained_at'],
    ['contained_at', 'resolved_at'],
    ['detected_at', 'resolved_at'],
    ['started_at', 'resolved_at'],
  ]),
};
