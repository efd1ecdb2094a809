import type { KpiRow } from '../kpis/evaluate.js';
import type { Review } from '../scorecard/review.js';
import type { Cell } from '../scorecard/types.js';
import { mdText } from './markdown-text.js';
import type { Renderer } from './types.js';

const STATUS_LABEL: Record<KpiRow['status'], string> = { meets: '🟢 meets', near: '🟡 near', misses: '🔴 misses', 'no-data': '⚪ No data' };
const TREND_LABEL: Record<string, string> = { improving: '↗ improving', worsening: '↘ worsening', flat: '→ flat' };

export function formatValue(row: Pick<KpiRow, 'value' | 'unit'>): string {
  if (row.value === null) return 'No data';
  if (row.unit === '%') return `${row.value.toFixed(1)} %`;
  if (row.unit === 'days' || row.unit === 'hours' || row.unit === 'business days') return `${row.value.toFixed(1)} ${row.unit}`;
  return String(row.value);
}

export function formatTarget(row: Pick<KpiRow, 'target' | 'unit'>): string {
  const t = row.target;
  if (!('value' in t)) return t.op === 'down' ? 'downward' : 'upward';
  return `${t.op === '<=' ? '≤' : '≥'} ${t.value}${row.unit === '%' ? ' %' : row.unit === 'days' ? ' d' : ''}`;
}

/** Markdown that pastes into GitHub and Confluence: pipe tables, footnotes for the evidence of every cell. */
export const markdownRenderer: Renderer = {
  extension: 'md',
  binary: false,
  async render(review) {
    const out: string[] = [];
    const notes: string[] = [];
    const note = (cell: Cell<unknown>): string => {
      notes.push([...cell.evidence.map(mdText), `Rule: ${mdText(cell.rule)}`].join(' — '));
      return `[^${notes.length}]`;
    };
    out.push(`# ${mdText(review.title)}`, '');
    out.push(`Period ${review.period.label} (${review.period.start} to ${review.period.end}, end exclusive).`, '');
    out.push(`Data loaded: ${review.data.loaded.join(', ') || 'nothing'}. Not loaded: ${review.data.notLoaded.join(', ') || 'none'} — figures that need them say "No data".`, '');

    out.push('## Engineering leadership scorecard', '');
    out.push('| Product / Platform area | Release gate health | Review latency | Top failure mode | Escalation needed |', '|---|---|---|---|---|');
    for (const r of review.scorecard.rows) {
      out.push(
        `| ${mdText(r.area)} | ${r.releaseGateHealth.value} ${note(r.releaseGateHealth)} | ${r.reviewLatency.value} ${note(r.reviewLatency)} | ${
          r.topFailureMode.value === null ? 'No data' : mdText(r.topFailureMode.value)
        } ${note(r.topFailureMode)} | ${r.escalation.value} ${note(r.escalation)} |`,
      );
    }
    out.push('');

    out.push('## Product-line view', '');
    out.push('| Product line | Security trend | Practical meaning |', '|---|---|---|');
    for (const l of review.scorecard.lines) out.push(`| ${mdText(l.line)} | ${l.trend.value} ${note(l.trend)} | ${mdText(l.meaning)} |`);
    out.push('');

    out.push('## KPIs — company', '');
    out.push('| KPI | Value | n | Target | Status | Previous | Trend |', '|---|---|---|---|---|---|---|');
    for (const group of review.kpis.company.groups) {
      for (const k of group.kpis) {
        const prev = k.previous === null ? 'No data' : formatValue({ value: k.previous, unit: k.unit });
        out.push(
          `| ${mdText(k.name)} (\`${k.id}\`) | ${formatValue(k)} | ${k.n} | ${formatTarget(k)} | ${STATUS_LABEL[k.status]} | ${prev} | ${k.trend === null ? '—' : TREND_LABEL[k.trend]} |`,
        );
      }
    }
    out.push('');
    const noData = review.kpis.company.groups.flatMap((g) => g.kpis).filter((k) => k.status === 'no-data');
    for (const k of noData) out.push(`- \`${k.id}\`: No data — ${mdText(k.reason ?? '')}`);
    if (noData.length) out.push('');

    out.push('## KPIs by area', '');
    const ids = review.kpis.byArea.groups[0]?.kpis.map((k) => k) ?? [];
    out.push(`| Area | ${ids.map((k) => mdText(k.name)).join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`);
    for (const g of review.kpis.byArea.groups) {
      out.push(`| ${mdText(g.key)} | ${g.kpis.map((k) => `${formatValue(k)} (${STATUS_LABEL[k.status]}, n=${k.n})`).join(' | ')} |`);
    }
    out.push('');

    out.push('## Evidence', '');
    out.push('### Critical findings overdue at the end of the period', '');
    if (review.evidence.overdueCriticals.length === 0) out.push('None.', '');
    else {
      out.push('| Service | Area | Finding | Tool | Opened | Due | Days overdue |', '|---|---|---|---|---|---|---|');
      for (const f of review.evidence.overdueCriticals)
        out.push(`| ${mdText(f.service)} | ${mdText(f.area)} | ${mdText(f.title)} | ${mdText(f.tool)} | ${f.openedAt.slice(0, 10)} | ${f.dueAt?.slice(0, 10) ?? '—'} | ${f.daysOverdue ?? '—'} |`);
      out.push('');
    }
    out.push('### Critical and high findings reopened in the period', '');
    if (review.evidence.reopened.length === 0) out.push('None.', '');
    else {
      out.push('| Service | Finding | Severity | Reopened | Times reopened |', '|---|---|---|---|---|');
      for (const f of review.evidence.reopened) out.push(`| ${mdText(f.service)} | ${mdText(f.title)} | ${f.severity} | ${f.openedAt.slice(0, 10)} | ${f.reopenCount} |`);
      out.push('');
    }
    out.push('### Coverage gaps at the end of the period', '');
    if (review.evidence.coverageGaps.length === 0) out.push('None: every service with a repository was scanned for every required category in the last 30 days.', '');
    else {
      out.push('| Service | Area | Missing in the last 30 days | Last scan seen |', '|---|---|---|---|');
      for (const g of review.evidence.coverageGaps)
        out.push(`| ${mdText(g.service)} | ${mdText(g.area)} | ${g.missing.join(', ')} | ${g.lastScanAt?.slice(0, 10) ?? 'none in the review window'} |`);
      out.push('');
    }

    if (notes.length) {
      out.push('---', '');
      notes.forEach((n, i) => out.push(`[^${i + 1}]: ${n}`));
      out.push('');
    }
    return out.join('\n');
  },
};
