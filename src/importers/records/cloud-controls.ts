import type { RecordKind } from './record-kind.js';

/**
 * Cloud posture control results per account: CSPM compliance. Keyed by (account, control,
 * checked_at). Prowler output is read by the `prowler` scanner importer as findings, not here.
 */
export const cloudControls: RecordKind = {
  kind: 'cloud-controls',
  name: 'Cloud control results',
  columns: [
    { name: 'account', column: 'account', value: { type: 'text' }, required: true },
    { name: 'control', column: 'control', value: { type: 'text' }, required: true },
    { name: 'status', column: 'status', value: { type: 'enum', values: ['pass', 'fail'] }, required: true },
    { name: 'checked_at', column: 'checked_at', value: { type: 'timestamp' }, required: true },
  ],
  key: ['account', 'control', 'checked_at'],
  order: ['account', 'control', 'checked_at'],
};
