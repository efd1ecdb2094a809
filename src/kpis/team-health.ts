import type { Period } from '../domain/period.js';
import type { TeamHealthRecord } from '../domain/records.js';
import { DAY_MS } from '../domain/time.js';
import { defineKpi, noData } from './define-kpi.js';
import { percent } from './stats.js';

function monthStart(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y!, m! - 1, 1);
}

function monthDays(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return (Date.UTC(y!, m!, 1) - Date.UTC(y!, m! - 1, 1)) / DAY_MS;
}

/** Rows of the months of P: a month belongs to P when its first instant is in `[start, end)`; the row counts for the whole month. */
export function teamHealthIn(rows: readonly TeamHealthRecord[], p: Period): TeamHealthRecord[] {
  return rows.filter((r) => {
    const t = monthStart(r.month);
    return t >= p.start && t < p.end;
  });
}

export const teamHealth = defineKpi({
  id: 'team_health',
  name: 'Team health & retention',
  measures: 'Attrition in the security team, and the on-call load behind it.',
  why: 'Burnt-out, shrinking teams lose the context that keeps response fast; attrition is the lagging signal, page load the leading one.',
  formula:
    'Sum of leavers over the months of P / mean over those months of the month’s total headcount (all teams), as a percentage. Also on-call pages per on-call engineer per week: Σ pages / Σ (on-call engineers × days in the month / 7), over team-months that give both.',
  unit: '%',
  better: 'down',
  target: { op: 'down' },
  frequency: 'quarterly',
  inputs: ['team-health'],
  compute({ period, records, loaded }) {
    if (!loaded.has('team-health')) return noData('no team-health records have been imported');
    const rows = teamHealthIn(records.teamHealth, period);
    const headcount = new Map<string, number>();
    for (const r of rows) headcount.set(r.month, (headcount.get(r.month) ?? 0) + r.headcount);
    const leavers = rows.reduce((s, r) => s + r.leavers, 0);
    const months = [...headcount.values()];
    const meanHeadcount = months.length === 0 ? 0 : months.reduce((s, h) => s + h, 0) / months.length;
    const paged = rows.filter((r) => r.oncallPages !== null && r.oncallEngineers !== null && r.oncallEngineers > 0);
    const engineerWeeks = paged.reduce((s, r) => s + (r.oncallEngineers! * monthDays(r.month)) / 7, 0);
    const details = {
      leavers,
      mean_headcount: months.length === 0 ? null : meanHeadcount,
      months: months.length,
      oncall_pages_per_engineer_week: paged.length === 0 ? null : paged.reduce((s, r) => s + r.oncallPages!, 0) / engineerWeeks,
    };
    if (months.length === 0) return noData('no team-health rows for the months of the period', details);
    if (meanHeadcount === 0) return noData('headcount is zero in every month of the period', details);
    return { kind: 'value', value: percent(leavers, meanHeadcount), n: Math.round(meanHeadcount), details };
  },
});
