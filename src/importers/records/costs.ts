import type { RecordKind } from './record-kind.js';

/** What a security tool costs a year over [from, to): cost-to-outcome. Keyed by (tool, from). */
export const costs: RecordKind = {
  kind: 'costs',
  name: 'Tool costs',
  columns: [
    { name: 'tool', column: 'tool', value: { type: 'text' }, required: true },
    { name: 'annual_cost', column: 'annual_cost', value: { type: 'number', min: 0 }, required: true },
    { name: 'currency', column: 'currency', value: { type: 'text' }, required: true },
    { name: 'from', column: 'from_at', value: { type: 'timestamp' }, required: true },
    { name: 'to', column: 'to_at', value: { type: 'timestamp' }, required: true },
  ],
  key: ['tool', 'from_at'],
  order: ['tool', 'from_at'],
  check(row) {
    const [from, to] = [row['from_at'], row['to_at']] as number[];
    return to! > from! ? null : { column: 'to', detail: '"to" must be after "from" (the period is [from, to))' };
  },
};
