import { readFileSync } from 'node:fs';
import type { Settings } from '../config/schema.js';
import { periodJson, periodSeries, type Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { criticalSlaCompliance } from '../kpis/critical-sla-compliance.js';
import { riskIndex } from '../kpis/risk-index.js';
import { scanningCoverage } from '../kpis/scanning-coverage.js';
import { targetOf } from '../kpis/evaluate.js';
import { escalate } from '../scorecard/escalation.js';
import { topFailureMode } from '../scorecard/failure-mode.js';
import { productLineView } from '../scorecard/product-line.js';
import { rateReleaseGate, rateReviewLatency } from '../scorecard/ratings.js';
import { defaultTaxonomyText, loadTaxonomy, mergeTaxonomy, type Taxonomy } from '../scorecard/taxonomy.js';
import type { Scorecard, ScorecardRow } from '../scorecard/types.js';
import type { Store } from '../storage/store.js';
import { scopeInput } from './compute-kpis.js';
import { loadFacts, type Facts } from './load-facts.js';

/** The taxonomy in force: the default data file, extended by the company's file when configured. */
export function taxonomyOf(settings: Settings): Taxonomy {
  const base = loadTaxonomy(defaultTaxonomyText(), 'data/failure-modes.yaml');
  if (settings.taxonomy === null) return base;
  return mergeTaxonomy(base, loadTaxonomy(readFileSync(settings.taxonomy, 'utf8'), settings.taxonomy));
}

/** The scorecard and product-line view for P, judged from facts of P and the two periods before it. */
export function scorecardFromFacts(facts: Facts, settings: Settings, period: Period, taxonomy: Taxonomy): Scorecard {
  const policy = settings.policy as Policy;
  const periods = periodSeries(period, 3);
  const slaTarget = targetOf(criticalSlaCompliance, policy);
  const rows: ScorecardRow[] = facts.catalog.areas.map((area) => {
    const services = facts.catalog.services.filter((s) => s.area === area.name);
    const inputs = periods.map((p) => scopeInput(facts, services, p, policy));
    const now = inputs[inputs.length - 1]!;
    const failure = topFailureMode({
      period,
      services: now.services,
      intervals: now.intervals,
      incidents: [],
      taxonomy,
      joinRatio: settings.scorecard.failureModeJoinRatio,
    });
    const topFamilies = failure.label === null ? [] : failure.families.filter((f) => failure.label!.includes(f.label));
    const escalation = escalate({
      period,
      services: now.services,
      sla: inputs.map((i) => criticalSlaCompliance.compute(i)),
      slaTarget: 'value' in slaTarget ? slaTarget.value : 90,
      intervals: now.intervals,
      exceptions: facts.exceptions,
      incidents: facts.loaded.has('incidents') ? [] : null,
      topFailureMode: { label: failure.label, services: [...new Set(topFamilies.flatMap((f) => f.services))] },
      nearBand: settings.scorecard.escalationNearBand,
    });
    return {
      area: area.name,
      line: area.line,
      owners: area.owners,
      releaseGateHealth: rateReleaseGate(null, null, settings.scorecard.gate, facts.loaded.has('pipeline-runs') ? 'no tier 0/1 releases in the period' : 'no pipeline runs loaded'),
      reviewLatency: rateReviewLatency(
        null,
        0,
        settings.scorecard.reviewLatency,
        facts.loaded.has('design-reviews') || facts.loaded.has('pull-requests') ? 'no security reviews completed in the period' : 'no design reviews or pull requests loaded',
      ),
      topFailureMode: {
        value: failure.label,
        evidence: failure.families.slice(0, 3).map((f) => `${f.label}: score ${round(f.score)} from ${f.findings} finding${f.findings === 1 ? '' : 's'}${f.incidents ? ` and ${f.incidents} incidents` : ''} in ${f.services.join(', ')}`),
        rule: failure.rule,
      },
      escalation,
    };
  });

  const lines = productLineView(
    facts.catalog.lines.map((line) => {
      const services = facts.catalog.services.filter((s) => s.line === line.name);
      return {
        line: line.name,
        series: periods.map((p) => {
          const input = scopeInput(facts, services, p, policy);
          return { period: p.label, riskIndex: riskIndex.compute(input), criticalSla: criticalSlaCompliance.compute(input), coverage: scanningCoverage.compute(input) };
        }),
      };
    }),
    policy.flatBand,
  );
  return { period: periodJson(period), rows, lines };
}

export async function buildScorecard(store: Store, settings: Settings, period: Period): Promise<Scorecard> {
  const periods = periodSeries(period, 3);
  const facts = await loadFacts(store, settings.policy as Policy, periods[0]!, period);
  return scorecardFromFacts(facts, settings, period, taxonomyOf(settings));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
