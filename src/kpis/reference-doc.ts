import * as catalog from './catalog.js';
import type { KpiDefinition, KpiTarget } from './define-kpi.js';

/**
 * docs/kpis.md, generated from the catalog (`npm run docs`): every KPI's id, name, what it
 * measures, why, formula, unit, better direction, default target, frequency and inputs, then
 * the metrics behind the scorecard. A test fails when the checked-in file is stale.
 */
export const REFERENCE_DOC_PATH = 'docs/kpis.md';

/** The scorecard metrics, when the catalog exports them (`SCORECARD_METRICS`). */
export function scorecardMetrics(): readonly KpiDefinition[] {
  const list = (catalog as Record<string, unknown>)['SCORECARD_METRICS'];
  return Array.isArray(list) ? (list as KpiDefinition[]) : [];
}

export function renderKpiReference(kpis: readonly KpiDefinition[] = catalog.KPIS, metrics: readonly KpiDefinition[] = scorecardMetrics()): string {
  const out: string[] = [
    '# KPI reference',
    '',
    '<!-- Generated from src/kpis/catalog.ts by `npm run docs`; do not edit by hand. A test fails when this file is stale. -->',
    '',
    'The KPIs `secscore kpis` computes, per company, product line, product area, tier or service,',
    'for a quarter, a month or an explicit range. Targets are the defaults; `policy.targets` in',
    '`secscore.yaml`, keyed by the ids below, overrides them (an id that is none of them is an error).',
    'A KPI whose inputs were never loaded, or whose population is empty, is `no-data` with the',
    'reason, never zero.',
    '',
    `## KPIs (${kpis.length})`,
    '',
    ...summaryTable(kpis),
  ];
  if (metrics.length > 0)
    out.push(
      '',
      `## Scorecard metrics (${metrics.length})`,
      '',
      'The metrics behind the scorecard columns (`secscore scorecard`).',
      '',
      ...summaryTable(metrics),
    );
  out.push('', '## Definitions');
  for (const k of [...kpis, ...metrics]) out.push('', ...section(k));
  return out.join('\n') + '\n';
}

function summaryTable(kpis: readonly KpiDefinition[]): string[] {
  return [
    '| id | name | unit | better | default target | frequency |',
    '|---|---|---|---|---|---|',
    ...kpis.map(
      (k) =>
        `| [\`${k.id}\`](#${anchor(k.id)}) | ${cell(k.name)} | ${cell(k.unit)} | ${better(k)} | ${cell(targetText(k.target, k.unit))} | ${cell(k.frequency)} |`,
    ),
  ];
}

function section(k: KpiDefinition): string[] {
  return [
    `### ${k.id}`,
    '',
    `**${text(k.name)}**`,
    '',
    `- **Measures**: ${text(k.measures)}`,
    `- **Why**: ${text(k.why)}`,
    `- **Formula**: ${text(k.formula)}`,
    `- **Unit**: ${text(k.unit)}`,
    `- **Better**: ${better(k)}`,
    `- **Default target**: ${text(targetText(k.target, k.unit))}`,
    `- **Frequency**: ${text(k.frequency)}`,
    `- **Inputs**: ${k.inputs.length > 0 ? k.inputs.map((i) => `\`${i}\``).join(', ') : 'none'}`,
  ];
}

export function targetText(t: KpiTarget, unit: string): string {
  if (!('value' in t)) return `${t.op === 'down' ? 'downward' : 'upward'} trend`;
  // A target judged on a detail (`on`) is in that detail's own terms, not the KPI's unit.
  if (t.on !== undefined) return `${t.op === '<=' ? '≤' : '≥'} ${t.value} on its \`${t.on}\` detail`;
  const u = unit === '%' ? '%' : ` ${unit}`;
  return `${t.op === '<=' ? '≤' : '≥'} ${t.value}${u}`;
}

function better(k: KpiDefinition): string {
  return k.better === 'up' ? 'higher' : 'lower';
}

/** GitHub's heading anchor for an id made of [a-z0-9_]. */
function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** Catalog text is ours, but keep it from breaking the Markdown: no HTML, no line breaks. */
function text(s: string): string {
  return s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function cell(s: string): string {
  return text(s).replace(/\|/g, '\\|');
}
