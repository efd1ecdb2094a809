import type { RecordKind } from './record-kind.js';

/**
 * Identity snapshots: one row per account per snapshot; all rows sharing a `snapshot_at` are
 * one snapshot. MFA/SSO coverage of privileged accounts. Keyed by (snapshot_at, account).
 */
export const identity: RecordKind = {
  kind: 'identity',
  name: 'Identity snapshots',
  columns: [
    { name: 'snapshot_at', column: 'snapshot_at', value: { type: 'timestamp' }, required: true },
    { name: 'account', column: 'account', value: { type: 'text' }, required: true },
    { name: 'privileged', column: 'privileged', value: { type: 'boolean' }, required: true },
    { name: 'mfa', column: 'mfa', value: { type: 'boolean' }, required: true },
    { name: 'sso', column: 'sso', value: { type: 'boolean' }, required: true },
  ],
  key: ['snapshot_at', 'account'],
  order: ['snapshot_at', 'account'],
};
