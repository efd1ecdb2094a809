import { unitText, type KpiRow } from '../kpis/evaluate.js';
import type { SectionId } from '../scorecard/review.js';

/**
 * What every format shares: section titles, value formats, and the tone of each rating.
 * Tone picks a colour; the rating's own words are always printed beside it, so no format
 * says anything by colour alone.
 */

export type Tone = 'good' | 'warn' | 'bad' | 'none';

const TONE: Record<string, Tone> = {
  Good: 'good',
  Low: 'good',
  No: 'good',
  Improving: 'good',
  meets: 'good',
  'Flat to improving': 'good',
  falling: 'good',
  Mixed: 'warn',
  Moderate: 'warn',
  Maybe: 'warn',
  Flat: 'warn',
  near: 'warn',
  steady: 'warn',
  Poor: 'bad',
  High: 'bad',
  Yes: 'bad',
  Worsening: 'bad',
  misses: 'bad',
  rising: 'bad',
  new: 'bad',
};

/** The tone of a rating word; "No data" and anything unknown has none (never green). */
export function toneOf(value: string): Tone {
  return TONE[value] ?? 'none';
}

export const SECTION_TITLE: Record<SectionId, string> = {
  board: 'Board summary',
  scorecard: 'Engineering leadership scorecard',
  'product-lines': 'Product-line view',
  platform: 'Pipelines and standard paths',
  'drill-down': 'Drill-down by service',
  narrative: 'Engineering narrative',
  asks: 'What we need from engineering',
  close: 'Close',
  kpis: 'KPIs',
  evidence: 'Evidence',
};

export const NARRATIVE_TITLE = {
  well: '1. Where engineering is doing well',
  wasted: '2. Where engineering time is being wasted',
  next: '3. What engineering should do next',
} as const;

/** What the scorecard and the report say instead of empty tables when the catalog holds no product area or line. */
export const EMPTY_CATALOG =
  'No product areas or lines: the catalog is empty. Load it with `secscore catalog import <file>` (`secscore init` writes an example).';

export const ASKS_TITLE = { mandatory: 'Mandatory this quarter', recommended: 'Recommended this quarter' } as const;

export const SCORECARD_HEADERS = ['Product / Platform area', 'Release gate health', 'Review latency', 'Top failure mode', 'Escalation needed'] as const;
export const LINE_HEADERS = ['Product line', 'Security trend', 'Practical meaning'] as const;

export const AUDIENCE_LABEL = {
  'vp-eng': 'VP Engineering',
  platform: 'Director of Platform Engineering',
  'product-eng': 'Product Engineering Director',
  board: 'Board',
} as const;

export function formatValue(row: Pick<KpiRow, 'value' | 'unit'> & { details?: KpiRow['details'] }): string {
  if (row.value === null) return 'No data';
  // A cost KPI names its currency (the cost records state it) instead of the generic unit.
  const unit = unitText(row.unit, row.details);
  if (unit !== row.unit) return `${row.value} ${unit}`;
  if (row.unit === '%') return `${row.value.toFixed(1)} %`;
  if (row.unit === 'days' || row.unit === 'hours' || row.unit === 'business days') return `${row.value.toFixed(1)} ${row.unit}`;
  return String(row.value);
}

export function formatTarget(row: Pick<KpiRow, 'target' | 'unit'>): string {
  const t = row.target;
  if (!('value' in t)) return t.op === 'down' ? 'downward' : 'upward';
  if (t.on !== undefined) return `${t.on.replace(/_/g, ' ')} ${t.op === '<=' ? '≤' : '≥'} ${t.value}`;
  return `${t.op === '<=' ? '≤' : '≥'} ${t.value}${row.unit === '%' ? ' %' : row.unit === 'days' ? ' d' : ''}`;
}

export const STATUS_LABEL: Record<KpiRow['status'], string> = { meets: 'meets', near: 'near', misses: 'misses', 'no-data': 'No data' };
export const TREND_LABEL: Record<string, string> = { improving: '↗ improving', worsening: '↘ worsening', flat: '→ flat' };

/** The note beside a recommendation whose expected risk reduction cannot be measured (its sentence states the share otherwise). */
export function unmeasuredNote(share: number | null): string {
  return share === null ? 'risk reduction not measurable yet' : '';
}
