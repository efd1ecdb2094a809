import type { CloudControlRecord } from '../domain/records.js';
import { cspmCompliance } from './cspm-compliance.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, service } from './test-support/kpi-input.js';

const result = (account: string, control: string, status: 'pass' | 'fail', checkedAt: number): CloudControlRecord => ({ account, control, status, checkedAt });

// The window is [END - 30 d, END) = [d(62), d(92)).
describeKpiCases(cspmCompliance, [
  {
    name: 'counts the latest result per account and control: pass / (pass + fail)',
    // a/c1 pass, a/c2 fail, b/c1: fail at d(40) superseded by pass at d(65) -> 2 pass, 1 fail: 2/3
    records: {
      cloudControls: [result('a', 'c1', 'pass', d(70)), result('a', 'c2', 'fail', d(80)), result('b', 'c1', 'fail', d(40)), result('b', 'c1', 'pass', d(65))],
    },
    expect: { value: 200 / 3, n: 3, details: { pass: 2, fail: 1, outside_window: 0, accounts: 2, key_controls: null } },
  },
  {
    name: 'keeps a latest result exactly 30 days before end and drops older ones',
    // a/c1 at d(61): 31 days old, out; a/c2 at d(62) = END - 30 d, in; b/c3 fail 1 ms before the window, out -> 1/1
    records: { cloudControls: [result('a', 'c1', 'fail', d(61)), result('a', 'c2', 'pass', d(62)), result('b', 'c3', 'fail', d(62) - 1)] },
    expect: { value: 100, n: 1, details: { pass: 1, fail: 0, outside_window: 2 } },
  },
  {
    name: 'takes the latest result at or before end first: one exactly at end hides an older fresh one',
    // a/c1: fail d(70), pass at END -> latest is the END one, outside [END - 30 d, END): the pair drops out.
    // a/c2: pass d(70), fail after END (not seen) -> pass. 1/1
    records: {
      cloudControls: [result('a', 'c1', 'fail', d(70)), result('a', 'c1', 'pass', END), result('a', 'c2', 'pass', d(70)), result('a', 'c2', 'fail', END + 1)],
    },
    expect: { value: 100, n: 1, details: { pass: 1, fail: 0, outside_window: 1 } },
  },
  {
    name: 'restricts to the configured key controls',
    // key controls c1, c9: a/c1 fail, b/c1 pass; a/c2 is not key; c9 has no result -> 1/2
    policy: { cspmKeyControls: ['c1', 'c9'] },
    records: { cloudControls: [result('a', 'c1', 'fail', d(70)), result('a', 'c2', 'pass', d(70)), result('b', 'c1', 'pass', d(75))] },
    expect: { value: 50, n: 2, details: { pass: 1, fail: 1, key_controls: 2, key_controls_without_result: 1 } },
  },
  {
    name: 'has no data when no key control has a recent result',
    policy: { cspmKeyControls: ['c9'] },
    records: { cloudControls: [result('a', 'c1', 'pass', d(70)), result('a', 'c9', 'pass', d(10))] },
    expect: { noData: true, reason: /key cloud control/, details: { pass: 0, fail: 0, outside_window: 1, key_controls_without_result: 1 } },
  },
  {
    name: "counts only the scope's cloud accounts",
    // area A owns account a only: a/c1 pass -> 1/1; b/c1 fail belongs to area B
    services: [service('s1', { area: 'A', cloudAccounts: ['a'] }), service('s2', { area: 'B', cloudAccounts: ['b'] })],
    scope: { by: 'area', key: 'A' },
    records: { cloudControls: [result('a', 'c1', 'pass', d(70)), result('b', 'c1', 'fail', d(70))] },
    expect: { value: 100, n: 1, details: { accounts: 1 } },
  },
  {
    name: 'has no data when cloud controls were loaded but none was checked in the window',
    loaded: ['catalog', 'cloud-controls'],
    expect: { noData: true, reason: /30 days/ },
  },
  {
    name: 'has no data when no cloud controls were ever loaded',
    loaded: ['catalog', 'findings'],
    expect: { noData: true, reason: /cloud control results have been imported/ },
  },
]);
