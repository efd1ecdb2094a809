import type { IamRecord } from '../domain/records.js';
import { defaultTaxonomy, loadTaxonomy, mergeTaxonomy } from '../scorecard/taxonomy.js';
import { iamLeastPrivilege } from './iam-least-privilege.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, service } from './test-support/kpi-input.js';

const iam = (serviceId: string, at: number, standardRoles: boolean): IamRecord => ({ serviceId, at, standardRoles });
const three = [service('s1'), service('s2'), service('s3')];

// A company extension that claims AdministratorAccess findings for a family tried before iam-wildcard.
const extended = mergeTaxonomy(
  defaultTaxonomy(),
  loadTaxonomy('families:\n  - id: admin-roles\n    label: admin roles\n    match:\n      - rules: [AdministratorAccess]\n', 'company.yaml'),
);

describeKpiCases(iamLeastPrivilege, [
  {
    name: 'divides services on standard roles by services with an IAM record, by the latest record',
    // s1: standard d(10), then not d(50) -> not; s2 standard; s3 no record -> 1/2
    services: three,
    records: { iam: [iam('s1', d(10), true), iam('s1', d(50), false), iam('s2', d(20), true)] },
    expect: { value: 50, n: 2, details: { standard_roles: 1, non_standard_roles: 1 } },
  },
  {
    name: 'reads a record exactly at end and ignores records after it',
    // s1: not d(1), standard at END (<= end) -> standard; s2 only after END -> no record. 1/1
    services: three,
    records: { iam: [iam('s1', d(1), false), iam('s1', END, true), iam('s2', END + 1, false)] },
    expect: { value: 100, n: 1 },
  },
  {
    name: 'counts the open findings in the iam-wildcard failure mode at end',
    // Open at END and iam-wildcard: f1 (rule CKV_AWS_1), f5 (reopened, title), f6 (CWE-269 on iac), f9 (fixed exactly at END is
    // still open at END). Not: f2 fixed d(10), f3 opened at END, f4 false positive, f7 CWE-269 on sast (clause needs iac/cspm),
    // f8 info. -> 4
    records: { iam: [iam('s1', d(1), true)] },
    intervals: [
      interval({ findingId: 1, openedAt: d(5), category: 'iac', ruleId: 'CKV_AWS_1', severity: 'high' }),
      interval({ findingId: 2, openedAt: d(5), fixedAt: d(10), ruleId: 'AdministratorAccess' }),
      interval({ findingId: 3, openedAt: END, title: 'IAM wildcard' }),
      interval({ findingId: 4, openedAt: d(5), ruleId: 'AdministratorAccess', falsePositive: true }),
      interval({ findingId: 5, seq: 1, openedAt: d(1), fixedAt: d(3), title: 'IAM policy wildcard action' }),
      interval({ findingId: 5, seq: 2, openedAt: d(20), title: 'IAM policy wildcard action' }),
      interval({ findingId: 6, openedAt: d(5), category: 'iac', cwes: [269], severity: 'medium' }),
      interval({ findingId: 7, openedAt: d(5), category: 'sast', cwes: [269] }),
      interval({ findingId: 8, openedAt: d(5), ruleId: 'AdministratorAccess', severity: 'info' }),
      interval({ findingId: 9, openedAt: d(5), fixedAt: END, ruleId: 'AdministratorAccess', severity: 'low' }),
    ],
    expect: { value: 100, n: 1, details: { iam_wildcard_open: 4 } },
  },
  {
    name: 'leaves out the findings of a noisy rule, as the scorecard does',
    // CKV_AWS_62: 5 findings, 3 false positives (share 0.6 >= 0.5) -> noisy, its 2 open ones go to noisy-scans; CKV_AWS_63 open -> 1
    records: { iam: [iam('s1', d(1), false)] },
    intervals: [
      ...[1, 2, 3].map((n) => interval({ findingId: n, openedAt: d(n), category: 'iac', ruleId: 'CKV_AWS_62', falsePositive: true })),
      ...[4, 5].map((n) => interval({ findingId: n, openedAt: d(n), category: 'iac', ruleId: 'CKV_AWS_62' })),
      interval({ findingId: 6, openedAt: d(6), category: 'iac', ruleId: 'CKV_AWS_63' }),
    ],
    expect: { value: 0, n: 1, details: { standard_roles: 0, iam_wildcard_open: 1 } },
  },
  {
    name: 'classifies with the taxonomy in force: a company family before iam-wildcard takes the findings it matches',
    // f1 AdministratorAccess -> admin-roles (extension first); f2 CKV_AWS_1 -> iam-wildcard. -> 1
    taxonomy: extended,
    records: { iam: [iam('s1', d(1), true)] },
    intervals: [
      interval({ findingId: 1, openedAt: d(5), ruleId: 'AdministratorAccess' }),
      interval({ findingId: 2, openedAt: d(5), category: 'iac', ruleId: 'CKV_AWS_1' }),
    ],
    expect: { value: 100, n: 1, details: { iam_wildcard_open: 1 } },
  },
  {
    name: "counts only the scope's services and their findings",
    // service s1: its record (not standard) and its open wildcard finding; s2's are another scope. 0/1, 1 open
    services: [service('s1'), service('s2')],
    scope: { by: 'service', key: 's1' },
    records: { iam: [iam('s1', d(1), false), iam('s2', d(1), true)] },
    intervals: [
      interval({ findingId: 1, openedAt: d(5), ruleId: 'AdministratorAccess' }),
      interval({ findingId: 2, serviceId: 's2', openedAt: d(5), ruleId: 'AdministratorAccess' }),
    ],
    expect: { value: 0, n: 1, details: { iam_wildcard_open: 1 } },
  },
  {
    name: 'reports no wildcard count when no findings were ever loaded',
    loaded: ['catalog', 'iam'],
    records: { iam: [iam('s1', d(1), true)] },
    expect: { value: 100, n: 1, details: { iam_wildcard_open: null } },
  },
  {
    name: 'has no data when no service has an IAM record at or before end',
    records: { iam: [iam('s1', END + 1, true)] },
    expect: { noData: true, reason: /at or before the period end/, details: { standard_roles: 0 } },
  },
  {
    name: 'has no data when no IAM records were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /IAM records/ },
  },
]);
