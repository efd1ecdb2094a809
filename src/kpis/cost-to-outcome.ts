import { DAY_MS } from '../domain/time.js';
import type { CostRecord } from '../domain/records.js';
import type { Period } from '../domain/period.js';
import { defineKpi, noData } from './define-kpi.js';
import { countable, fixEventsIn } from './fix-events.js';

/** Annual cost × days of overlap of [from, to) with P / 365. */
function attributed(c: CostRecord, p: Period): number {
  const overlap = Math.max(0, Math.min(c.to, p.end) - Math.max(c.from, p.start)) / DAY_MS;
  return (c.annualCost * overlap) / 365;
}

export const costToOutcome = defineKpi({
  id: 'cost_to_outcome',
  name: 'Cost-to-outcome (tool ROI)',
  measures: 'Security tool spend per critical or high finding actually fixed.',
  why: 'Tools are judged by the risk they remove, not the alerts they raise; cost per fix shows which spend turns into outcomes.',
  formula:
    'Tool cost attributed to P (sum over cost records of annual_cost × days of overlap of [from, to) with P / 365) / critical and high fix events in P. ' +
    'Per tool: that tool’s attributed cost / fix events of findings the tool reported (tool names compared case-insensitively; null when it has none). Costs are company-wide: narrower scopes have no data.',
  unit: 'currency per fix',
  better: 'down',
  target: { op: 'down' },
  frequency: 'quarterly',
  inputs: ['costs', 'findings'],
  compute({ period, intervals, records, loaded, scope }) {
    if (scope.by !== 'company') return noData('costs are company-wide records: cost per fix is computed for the whole company only');
    if (!loaded.has('costs')) return noData('no tool costs have been imported');
    if (!loaded.has('findings')) return noData('no scanner findings have been imported');
    const costs = records.costs.filter((c) => attributed(c, period) > 0);
    if (costs.length === 0) return noData('no tool cost record overlaps the period');
    const currencies = [...new Set(costs.map((c) => c.currency))];
    if (currencies.length > 1) return noData(`tool costs are in more than one currency (${currencies.join(', ')}); not summed`);
    const fixes = fixEventsIn(countable(intervals), period).filter((i) => i.severity === 'critical' || i.severity === 'high');
    // Keyed by the tool as its first cost record spells it; matched to findings case-insensitively.
    const byTool = new Map<string, { name: string; cost: number }>();
    for (const c of costs) {
      const key = c.tool.toLowerCase();
      const entry = byTool.get(key) ?? { name: c.tool, cost: 0 };
      entry.cost += attributed(c, period);
      byTool.set(key, entry);
    }
    const perTool: Record<string, number | null> = {};
    for (const [key, { name, cost }] of byTool) {
      const n = fixes.filter((i) => i.tool.toLowerCase() === key).length;
      perTool[name] = n === 0 ? null : cost / n;
    }
    const total = [...byTool.values()].reduce((a, b) => a + b.cost, 0);
    const details = { total_cost: total, currency: currencies[0]!, fixes: fixes.length, per_tool: perTool };
    if (fixes.length === 0) return noData('no critical or high findings were fixed in the period', details);
    return { kind: 'value', value: total / fixes.length, n: fixes.length, details };
  },
});
