import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { latestAtOrBefore } from './latest.js';
import { percent } from './stats.js';

/** A control result older than this at `end` is stale and left out (kpis.md). */
const WINDOW_DAYS = 30;

export const cspmCompliance = defineKpi({
  id: 'cspm_compliance',
  name: 'Cloud posture compliance',
  measures: 'Share of key cloud controls passing across the cloud accounts, by their latest recent result.',
  why: 'Cloud misconfiguration is the most common cause of cloud breaches; the key controls are the ones leadership has agreed must hold.',
  formula:
    'Latest result per (account, control) at or before end, kept when its time is in [end - 30 d, end), restricted to the configured key controls (all controls when none are configured): pass / (pass + fail).',
  unit: '%',
  better: 'up',
  target: { op: '>=', value: 95 },
  frequency: 'weekly',
  inputs: ['cloud-controls'],
  compute({ period, policy, records, loaded }) {
    if (!loaded.has('cloud-controls')) return noData('no cloud control results have been imported');
    const keys = new Set(policy.cspmKeyControls);
    const considered = keys.size === 0 ? records.cloudControls : records.cloudControls.filter((r) => keys.has(r.control));
    // The latest result is taken first, then judged fresh: a newer result at exactly `end` hides an older fresh one.
    const latest = [
      ...latestAtOrBefore(
        considered,
        period.end,
        // Length-prefixed: one text per (account, control) pair, as JSON.stringify would give, without building an array per record.
        (r) => `${r.account.length}:${r.account}${r.control}`,
        (r) => r.checkedAt,
      ).values(),
    ];
    const fresh = latest.filter((r) => r.checkedAt >= period.end - WINDOW_DAYS * DAY_MS && r.checkedAt < period.end);
    const pass = fresh.filter((r) => r.status === 'pass').length;
    const fail = fresh.length - pass;
    const n = pass + fail;
    const details = {
      pass,
      fail,
      outside_window: latest.length - fresh.length,
      accounts: new Set(fresh.map((r) => r.account)).size,
      key_controls: keys.size === 0 ? null : keys.size,
      key_controls_without_result: keys.size === 0 ? null : [...keys].filter((k) => !fresh.some((r) => r.control === k)).length,
    };
    if (n === 0) return noData(`no ${keys.size === 0 ? 'cloud' : 'key cloud'} control result in the ${WINDOW_DAYS} days before the period end`, details);
    return { kind: 'value', value: percent(pass, n), n, details };
  },
});
