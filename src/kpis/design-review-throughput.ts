import { businessDays } from '../domain/business-days.js';
import { defineKpi, noData } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { median } from './stats.js';

/** The seed's target for this KPI applies to the cycle time, not to the count. */
export const DESIGN_REVIEW_MEDIAN_TARGET_BUSINESS_DAYS = 10;

export const designReviewThroughput = defineKpi({
  id: 'design_review_throughput',
  name: 'Secure design review throughput',
  measures: 'How many secure design reviews the security team completes, and how long teams wait for one.',
  why: 'Design reviews catch flaws when they are cheapest to fix; a slow queue makes teams route around them.',
  formula:
    'Count of design reviews completed in P (by completed_at). Also the median cycle time in business days (Mon–Fri UTC, weekend time not counted) from requested_at to completed_at; target: median ≤ 10 business days.',
  unit: 'count',
  better: 'up',
  // The seed's target is on the cycle time, a detail, not on the count.
  target: { op: '<=', value: DESIGN_REVIEW_MEDIAN_TARGET_BUSINESS_DAYS, on: 'median_cycle_business_days' },
  frequency: 'monthly',
  inputs: ['design-reviews'],
  compute({ period, records, loaded }) {
    if (!loaded.has('design-reviews')) return noData('no design reviews have been imported');
    const completed = records.designReviews.filter((r) => inPeriod(r.completedAt, period));
    const timed = completed.filter((r) => r.requestedAt !== null);
    const cycles = timed.map((r) => businessDays(r.requestedAt!, r.completedAt!));
    const valid = cycles.filter((c) => c >= 0);
    const details = {
      median_cycle_business_days: median(valid),
      with_cycle_time: valid.length,
      without_request_time: completed.length - timed.length,
      completed_before_requested: cycles.length - valid.length,
      median_target_business_days: DESIGN_REVIEW_MEDIAN_TARGET_BUSINESS_DAYS,
    };
    const result = { kind: 'value' as const, value: completed.length, n: completed.length, details };
    const skipped = completed.length - valid.length;
    if (skipped > 0)
      return { ...result, note: `${skipped} completed review(s) left out of the median cycle time: no request time, or completed before requested` };
    return result;
  },
});
