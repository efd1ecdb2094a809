import type { RecordKind } from './record-kind.js';

/** Commits per repository per day: the denominator of the secrets leak rate. Keyed by (repo, day). */
export const commits: RecordKind = {
  kind: 'commits',
  name: 'Commit counts',
  columns: [
    { name: 'repo', column: 'repo', value: { type: 'repo' }, required: true },
    { name: 'day', column: 'day', value: { type: 'day' }, required: true },
    { name: 'count', column: 'count', value: { type: 'integer', min: 0 }, required: true },
  ],
  key: ['repo', 'day'],
  order: ['repo', 'day'],
};
