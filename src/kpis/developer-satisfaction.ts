import type { Period } from '../domain/period.js';
import { yearEarlier } from '../domain/period.js';
import type { SurveyRecord } from '../domain/records.js';
import { defineKpi, noData } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { mean } from './stats.js';

/** The seed's target: +10 points against the same period a year earlier. */
export const SATISFACTION_YOY_TARGET_POINTS = 10;

/** A response on 0–100 from its stated scale; null when the scale is empty or inverted. */
export function normalizedScore(r: SurveyRecord): number | null {
  if (!(r.scaleMax > r.scaleMin)) return null;
  return ((r.score - r.scaleMin) / (r.scaleMax - r.scaleMin)) * 100;
}

function scoresIn(surveys: readonly SurveyRecord[], p: Period): number[] {
  return surveys
    .filter((r) => inPeriod(r.submittedAt, p))
    .flatMap((r) => {
      const s = normalizedScore(r);
      return s === null ? [] : [s];
    });
}

export const developerSatisfaction = defineKpi({
  id: 'developer_satisfaction',
  name: 'Developer satisfaction (security)',
  measures: 'How engineers rate the support they get from security.',
  why: 'Security that developers find helpful gets used; security they resent gets bypassed.',
  formula:
    'Mean of survey responses submitted in P, each normalized to 0–100 from its stated scale ((score − min) / (max − min) × 100). Also the change in points against the same period a year earlier (null without responses then); target +10 points year over year.',
  unit: 'score',
  better: 'up',
  // The seed's target is on the change against a year earlier, a detail, not on the score.
  target: { op: '>=', value: SATISFACTION_YOY_TARGET_POINTS, on: 'yoy_change' },
  frequency: 'quarterly',
  inputs: ['surveys'],
  compute({ period, records, loaded }) {
    if (!loaded.has('surveys')) return noData('no developer surveys have been imported');
    const now = scoresIn(records.surveys, period);
    const before = scoresIn(records.surveys, yearEarlier(period));
    const then = mean(before);
    const value = mean(now);
    const details = {
      score_year_earlier: then,
      responses_year_earlier: before.length,
      yoy_change: value !== null && then !== null ? value - then : null,
      yoy_target_points: SATISFACTION_YOY_TARGET_POINTS,
    };
    if (value === null) return noData('no survey responses submitted in the period', details);
    return { kind: 'value', value, n: now.length, details };
  },
});
