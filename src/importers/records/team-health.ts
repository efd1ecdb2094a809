import type { RecordKind } from './record-kind.js';

/** Monthly headcount, leavers and on-call load per team: team health. Keyed by (month, team). */
export const teamHealth: RecordKind = {
  kind: 'team-health',
  name: 'Team health',
  columns: [
    { name: 'month', column: 'month', value: { type: 'month' }, required: true },
    { name: 'team', column: 'team', value: { type: 'text' }, required: true },
    { name: 'headcount', column: 'headcount', value: { type: 'integer', min: 0 }, required: true },
    { name: 'leavers', column: 'leavers', value: { type: 'integer', min: 0 }, required: true },
    { name: 'oncall_pages', column: 'oncall_pages', value: { type: 'integer', min: 0 } },
    { name: 'oncall_engineers', column: 'oncall_engineers', value: { type: 'integer', min: 0 } },
  ],
  key: ['month', 'team'],
  order: ['month', 'team'],
};
