import { businessDays } from '../domain/business-days.js';
import { defineKpi, noData } from './define-kpi.js';
import { inPeriod } from './event-time.js';
import { median } from './stats.js';

/** A metric behind the scorecard (kpis.md): how long security reviews take, design reviews and pull requests together. */
export const securityReviewLatency = defineKpi({
  id: 'security_review_latency',
  name: 'Security review latency',
  measures: 'How long teams wait for a security review, in business days.',
  why: 'Slow reviews are the friction that makes teams work around security; fast ones keep it in the path.',
  formula:
    'Median business days (Mon–Fri UTC, weekend time not counted) over: design reviews completed in P, requested_at → completed_at; and pull requests whose first security review is in P, security_review_requested_at → first_security_review_at. Also each median and count.',
  unit: 'business days',
  better: 'down',
  target: { op: '<=', value: 2 },
  frequency: 'monthly',
  inputs: ['design-reviews', 'pull-requests'],
  compute({ period, records, loaded }) {
    const hasReviews = loaded.has('design-reviews');
    const hasPrs = loaded.has('pull-requests');
    if (!hasReviews && !hasPrs) return noData('no design reviews or pull requests have been imported');
    const spans = <T>(list: readonly T[], done: (x: T) => number | null, asked: (x: T) => number | null) => {
      const all = list.filter((x) => inPeriod(done(x), period) && asked(x) !== null).map((x) => businessDays(asked(x)!, done(x)!));
      return { valid: all.filter((v) => v >= 0), invalid: all.filter((v) => v < 0).length };
    };
    const reviews = spans(
      records.designReviews,
      (r) => r.completedAt,
      (r) => r.requestedAt,
    );
    const prs = spans(
      records.pullRequests,
      (p) => p.firstSecurityReviewAt,
      (p) => p.securityReviewRequestedAt,
    );
    const all = [...reviews.valid, ...prs.valid];
    const details = {
      design_review_median: median(reviews.valid),
      design_reviews: reviews.valid.length,
      pull_request_median: median(prs.valid),
      pull_requests: prs.valid.length,
      reviewed_before_requested: reviews.invalid + prs.invalid,
    };
    const value = median(all);
    if (value === null) return noData('no security reviews with a request time completed in the period', details);
    const missing = !hasReviews
      ? 'design reviews were never imported: pull requests only'
      : !hasPrs
        ? 'pull requests were never imported: design reviews only'
        : undefined;
    return { kind: 'value', value, n: all.length, details, ...(missing ? { note: missing } : {}) };
  },
});
