import type { RecordKind } from './record-kind.js';

/**
 * Developer survey responses: developer satisfaction. Responses have no id of their own, so a
 * response is keyed by (submitted_at, seq), seq being its position (1, 2, ...) among the rows of
 * the same file with the same submitted_at. Re-importing the same export therefore updates
 * rather than duplicates, as long as the export keeps its row order.
 */
export const surveys: RecordKind = {
  kind: 'surveys',
  name: 'Survey responses',
  columns: [
    { name: 'submitted_at', column: 'submitted_at', value: { type: 'timestamp' }, required: true },
    { name: 'score', column: 'score', value: { type: 'number' }, required: true },
    { name: 'scale_min', column: 'scale_min', value: { type: 'number' }, required: true },
    { name: 'scale_max', column: 'scale_max', value: { type: 'number' }, required: true },
    { name: 'team', column: 'team', value: { type: 'text' } },
  ],
  derived: [{ name: 'seq', column: 'seq' }],
  sequence: { column: 'seq', within: ['submitted_at'] },
  key: ['submitted_at', 'seq'],
  order: ['submitted_at', 'seq'],
  check(row) {
    const [score, min, max] = [row['score'], row['scale_min'], row['scale_max']] as number[];
    if (min! >= max!) return { column: 'scale_max', detail: `scale_max (${max}) must be greater than scale_min (${min})` };
    if (score! < min! || score! > max!) return { column: 'score', detail: `score ${score} is outside its scale ${min}..${max}` };
    return null;
  },
};
