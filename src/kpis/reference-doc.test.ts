import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KPIS } from './catalog.js';
import { defineKpi, noData } from './define-kpi.js';
import { REFERENCE_DOC_PATH, renderKpiReference, scorecardMetrics, targetText } from './reference-doc.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('docs/kpis.md', () => {
  it('is up to date with the catalog (run `npm run docs` when this fails)', () => {
    const onDisk = readFileSync(ROOT + REFERENCE_DOC_PATH, 'utf8');
    expect(onDisk, 'docs/kpis.md is stale: run `npm run docs` and commit it').toBe(renderKpiReference());
  });

  it('has a section with every field of every KPI and scorecard metric', () => {
    const doc = renderKpiReference();
    for (const k of [...KPIS, ...scorecardMetrics()]) {
      const start = doc.indexOf(`\n### ${k.id}\n`);
      expect(start, k.id).toBeGreaterThan(0);
      const next = doc.indexOf('\n### ', start + 1);
      const body = doc.slice(start, next === -1 ? undefined : next);
      for (const label of ['Measures', 'Why', 'Formula', 'Unit', 'Better', 'Default target', 'Frequency', 'Inputs'])
        expect(body, `${k.id}: ${label}`).toContain(`- **${label}**: `);
      expect(body).toContain(k.name.slice(0, 20));
      for (const input of k.inputs) expect(body).toContain(`\`${input}\``);
    }
  });
});

describe('renderKpiReference', () => {
  const fake = defineKpi({
    id: 'fake_kpi',
    name: 'A | piped <b>name</b>',
    measures: 'Things\nover two lines.',
    why: 'Because.',
    formula: 'a / b',
    unit: 'days',
    better: 'down',
    target: { op: '<=', value: 7 },
    frequency: 'monthly',
    inputs: ['findings', 'incidents'],
    compute: () => noData('never'),
  });

  it('lists KPIs and metrics apart, in catalog order, and keeps table cells whole', () => {
    const metric = { ...fake, id: 'fake_metric', target: { op: 'down' } as const };
    const doc = renderKpiReference([fake], [metric]);
    expect(doc).toContain('## KPIs (1)');
    expect(doc).toContain('## Scorecard metrics (1)');
    expect(doc.indexOf('### fake_kpi')).toBeLessThan(doc.indexOf('### fake_metric'));
    expect(doc).toContain('| [`fake_kpi`](#fake_kpi) | A \\| piped &lt;b&gt;name&lt;/b&gt; | days | lower | ≤ 7 days | monthly |');
    expect(doc).toContain('- **Measures**: Things over two lines.');
    expect(doc).toContain('- **Default target**: downward trend');
    expect(doc).toContain('- **Inputs**: `findings`, `incidents`');
  });

  it('leaves the scorecard section out when there are no metrics', () => {
    expect(renderKpiReference([fake], [])).not.toContain('Scorecard metrics');
  });

  it('writes targets with their unit', () => {
    expect(targetText({ op: '>=', value: 90 }, '%')).toBe('≥ 90%');
    expect(targetText({ op: '<=', value: 4 }, 'days')).toBe('≤ 4 days');
    expect(targetText({ op: 'up' }, 'score')).toBe('upward trend');
    expect(targetText({ op: '<=', value: 10, on: 'median_cycle_business_days' }, 'count')).toBe('≤ 10 on its `median_cycle_business_days` detail');
  });
});
