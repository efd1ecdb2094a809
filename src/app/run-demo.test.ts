import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { parsePeriod } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { Store } from '../storage/store.js';
import { computeKpis } from './compute-kpis.js';
import { runDemo, type DemoResult } from './run-demo.js';

const NOW = Date.UTC(2026, 10, 22);
const FOUR_KPIS = ['critical_mttr_internet', 'critical_sla_compliance', 'reopen_rate', 'scanning_coverage'];

describe('the demo', () => {
  let result: DemoResult;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secscore-demo-'));
    result = await runDemo(DEFAULT_SETTINGS, { dir, now: NOW });
  }, 300_000);

  it('imports four quarters of scans through the normal importers and writes the reports', () => {
    expect(result.files).toBeGreaterThan(500);
    expect(result.findings).toBeGreaterThan(1000);
    expect(result.reports.map((r) => r.split('/').pop())).toEqual(['report.md', 'report.html', 'report.pptx', 'report.json']);
    const md = readFileSync(result.reports[0]!, 'utf8');
    expect(md).toContain('## Engineering leadership scorecard');
    expect(md).toContain('## KPIs — company');
  });

  it('reports the four KPIs for the last quarter with values, n, targets, status and trend, per company and per area', async () => {
    const store = await Store.open(result.db);
    try {
      const period = parsePeriod({}, NOW);
      expect(period.label).toBe('2026-Q3');
      for (const by of ['company', 'area'] as const) {
        const report = await computeKpis(store, DEFAULT_SETTINGS.policy as Policy, period, by);
        expect(report.groups.length).toBe(by === 'company' ? 1 : 5);
        for (const group of report.groups) {
          expect(group.kpis.map((k) => k.id)).toEqual(expect.arrayContaining(FOUR_KPIS));
          for (const k of group.kpis.filter((x) => FOUR_KPIS.includes(x.id))) {
            const where = `${group.key} ${k.id}`;
            expect(k.value, where).not.toBeNull();
            expect(k.n, where).toBeGreaterThan(0);
            expect(k.target, where).toHaveProperty('op');
            expect(['meets', 'near', 'misses'], where).toContain(k.status);
            expect(k.previous, where).not.toBeNull();
            expect(['improving', 'worsening', 'flat'], where).toContain(k.trend);
          }
        }
      }
    } finally {
      await store.close();
    }
  });

  it('exercises fixes, reopens, overdue criticals and coverage gaps', () => {
    const company = result.review.kpis!.company.groups[0]!.kpis;
    const byId = Object.fromEntries(company.map((k) => [k.id, k]));
    expect(byId['critical_sla_compliance']!.details['overdue_open']).toBeGreaterThan(0);
    expect(byId['reopen_rate']!.value).toBeGreaterThan(0);
    expect(byId['scanning_coverage']!.value).toBeLessThan(100);
    expect(result.review.evidence!.coverageGaps.map((g) => g.service)).toEqual(expect.arrayContaining(['legacy-sso-bridge', 'etl-jobs', 'pdf-renderer']));
    expect(result.review.evidence!.overdueCriticals.length).toBeGreaterThan(0);
  });

  it('judges the areas as the worked example does, from the data', () => {
    const rows = Object.fromEntries(result.review.scorecard!.rows.map((r) => [r.area, r]));
    expect(Object.fromEntries(Object.entries(rows).map(([a, r]) => [a, r.escalation.value]))).toEqual({
      'Core API services': 'Yes',
      'Reporting services': 'Yes',
      'Frontend platform': 'No',
      'Data workers': 'Maybe',
      'Platform / CI foundation': 'Yes',
    });
    expect(rows['Reporting services']!.topFailureMode.value).toMatch(/tenant-boundary/);
    expect(rows['Frontend platform']!.topFailureMode.value).toMatch(/CSP/);
    expect(rows['Data workers']!.topFailureMode.value).toMatch(/dependency hygiene and noisy scans/);
    // Columns without their inputs yet say so; they are never guessed.
    for (const r of Object.values(rows)) {
      expect(r.releaseGateHealth.value).toBe('No data');
      expect(r.reviewLatency.value).toBe('No data');
    }
  });
});
