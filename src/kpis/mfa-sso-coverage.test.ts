import type { IdentityRecord } from '../domain/records.js';
import { mfaSsoCoverage } from './mfa-sso-coverage.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, service } from './test-support/kpi-input.js';

const row = (snapshotAt: number, account: string, privileged: boolean, mfa: boolean, sso: boolean): IdentityRecord => ({
  snapshotAt,
  account,
  privileged,
  mfa,
  sso,
});

describeKpiCases(mfaSsoCoverage, [
  {
    name: 'divides privileged accounts with MFA by privileged accounts in the latest snapshot',
    // snapshot d(50): a1 priv mfa sso, a2 priv mfa sso, a3 priv sso only, a4 not privileged -> MFA 2/3, SSO 3/3. The d(10) snapshot is older.
    records: {
      identity: [
        row(d(10), 'a1', true, false, false),
        row(d(10), 'a2', true, false, false),
        row(d(50), 'a1', true, true, true),
        row(d(50), 'a2', true, true, true),
        row(d(50), 'a3', true, false, true),
        row(d(50), 'a4', false, false, false),
      ],
    },
    expect: { value: 200 / 3, n: 3, details: { accounts: 4, privileged: 3, privileged_mfa: 2, privileged_without_mfa: 1, privileged_sso: 3, sso_share: 100 } },
  },
  {
    name: 'reads a snapshot exactly at end, ignores later ones and drops accounts absent from it',
    // d(10): a9 priv without MFA (gone from later snapshots); END: a1 priv mfa, no sso; END + 1 (not seen): a1 without MFA -> 1/1, SSO 0
    records: { identity: [row(d(10), 'a9', true, false, false), row(END, 'a1', true, true, false), row(END + 1, 'a1', true, false, false)] },
    expect: { value: 100, n: 1, details: { accounts: 1, sso_share: 0 } },
  },
  {
    name: 'has no data in a narrower scope, saying identity is company-wide',
    services: [service('s1', { area: 'A' }), service('s2', { area: 'B' })],
    scope: { by: 'area', key: 'A' },
    records: { identity: [row(d(10), 'a1', true, true, true)] },
    expect: { noData: true, reason: /company-wide/ },
  },
  {
    name: 'has no data when the snapshot has no privileged account',
    records: { identity: [row(d(10), 'a1', true, false, false), row(d(20), 'a1', false, false, false)] },
    expect: { noData: true, reason: /no privileged account/, details: { privileged: 0, sso_share: null } },
  },
  {
    name: 'has no data when every snapshot is after end',
    records: { identity: [row(END + 1, 'a1', true, true, true)] },
    expect: { noData: true, reason: /at or before the period end/ },
  },
  {
    name: 'has no data when no identity snapshots were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /identity snapshots have been imported/ },
  },
]);
