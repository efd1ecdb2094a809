import type { RecordKind } from './record-kind.js';

/** Security roadmap milestones: delivery predictability (met = completed_at <= due_at). */
export const milestones: RecordKind = {
  kind: 'milestones',
  name: 'Milestones',
  columns: [
    { name: 'id', column: 'id', value: { type: 'text' }, required: true },
    { name: 'title', column: 'title', value: { type: 'text' } },
    { name: 'area', column: 'area', value: { type: 'area' } },
    { name: 'due_at', column: 'due_at', value: { type: 'timestamp' }, required: true },
    { name: 'completed_at', column: 'completed_at', value: { type: 'timestamp' } },
  ],
  key: ['id'],
  order: ['id'],
};
