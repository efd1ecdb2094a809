import { defineKpi, noData } from './define-kpi.js';
import { percent } from './stats.js';

export const mfaSsoCoverage = defineKpi({
  id: 'mfa_sso_coverage',
  name: 'MFA/SSO coverage (privileged)',
  measures: 'Share of privileged accounts protected by multi-factor authentication, with the share behind single sign-on.',
  why: 'A privileged account without MFA is one phished password away from an incident.',
  formula: 'Latest identity snapshot at or before end: privileged accounts with MFA / privileged accounts.',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 100 },
  frequency: 'monthly',
  inputs: ['identity'],
  compute({ period, records, loaded, scope }) {
    if (!loaded.has('identity')) return noData('no identity snapshots have been imported');
    if (scope.by !== 'company') return noData('identity snapshots are company-wide: MFA/SSO coverage is reported for the whole company only');
    // The snapshot is every row sharing the greatest snapshot time at or before end; an account
    // missing from it (deprovisioned) no longer counts, whatever earlier snapshots said.
    let at: number | null = null;
    for (const r of records.identity) if (r.snapshotAt <= period.end && (at === null || r.snapshotAt > at)) at = r.snapshotAt;
    if (at === null) return noData('no identity snapshot at or before the period end');
    const accounts = new Map(records.identity.filter((r) => r.snapshotAt === at).map((r) => [r.account, r]));
    const privileged = [...accounts.values()].filter((r) => r.privileged);
    const mfa = privileged.filter((r) => r.mfa).length;
    const sso = privileged.filter((r) => r.sso).length;
    const n = privileged.length;
    const details = {
      accounts: accounts.size,
      privileged: n,
      privileged_mfa: mfa,
      privileged_without_mfa: n - mfa,
      privileged_sso: sso,
      sso_share: n === 0 ? null : percent(sso, n),
    };
    if (n === 0) return noData('the latest identity snapshot has no privileged account', details);
    return { kind: 'value', value: percent(mfa, n), n, details };
  },
});
