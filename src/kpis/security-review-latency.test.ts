import { securityReviewLatency } from './security-review-latency.js';
import { dh, pr, review } from './test-support/delivery-records.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { END, P, service } from './test-support/kpi-input.js';

// P = 2026-Q3 starts Wednesday 2026-07-01 (d(0)); d(2) Friday, d(3)–d(4) the weekend, d(5) Monday.
const REVIEWS = [
  review({ requestedAt: dh(0), completedAt: dh(7) }), // Wed -> Wed: 5
  review({ requestedAt: dh(2, 12), completedAt: dh(5, 12) }), // Fri noon -> Mon noon: 1
  review({ requestedAt: dh(80), completedAt: END }), // completed at END: out
];
const PRS = [
  pr({ securityReviewRequestedAt: dh(5, 9), firstSecurityReviewAt: dh(5, 15) }), // Mon 09:00 -> 15:00: 0.25
  pr({ securityReviewRequestedAt: dh(2, 18), firstSecurityReviewAt: dh(5, 6) }), // Fri 18:00 -> Mon 06:00: 0.25 + 0.25
  pr({ securityReviewRequestedAt: dh(-1), firstSecurityReviewAt: P.start }), // Tue -> Wed 00:00 (P.start, in P): 1
  pr({ securityReviewRequestedAt: null, firstSecurityReviewAt: dh(9) }), // no security reviewer was required: out
  pr({ securityReviewRequestedAt: dh(88), firstSecurityReviewAt: END }), // out
];

describeKpiCases(securityReviewLatency, [
  {
    name: 'takes the median business days over design reviews and pull requests together',
    // all: [5, 1] and [0.25, 0.5, 1] -> sorted 0.25 0.5 1 1 5 -> median 1. Design median 3, pull request median 0.5.
    records: { designReviews: REVIEWS, pullRequests: PRS },
    expect: {
      value: 1,
      n: 5,
      details: { design_review_median: 3, design_reviews: 2, pull_request_median: 0.5, pull_requests: 3, reviewed_before_requested: 0 },
    },
  },
  {
    name: 'works from pull requests alone when design reviews were never loaded, and says so',
    records: { pullRequests: PRS },
    expect: { value: 0.5, n: 3, details: { design_review_median: null, design_reviews: 0 }, note: /design reviews were never imported/ },
  },
  {
    name: 'leaves out reviews completed before they were requested',
    // Thu d(1) -> Thu d(8): 5; the second was reviewed a day before it was requested.
    records: {
      designReviews: [review({ requestedAt: dh(1), completedAt: dh(8) })],
      pullRequests: [pr({ securityReviewRequestedAt: dh(10), firstSecurityReviewAt: dh(9) })],
    },
    expect: { value: 5, n: 1, details: { reviewed_before_requested: 1, pull_request_median: null } },
  },
  {
    name: 'has no data when both kinds were loaded but no review finished in P',
    records: { designReviews: [REVIEWS[2]!], pullRequests: [PRS[3]!, PRS[4]!] },
    expect: { noData: true, reason: /no security reviews/, details: { design_reviews: 0, pull_requests: 0 } },
  },
  {
    name: 'has no data when neither design reviews nor pull requests were loaded',
    expect: { noData: true, reason: /design reviews or pull requests/ },
  },
  {
    name: "counts only the scope's services",
    // s2: Mon d(5) -> Wed d(7) 12:00 = 2.5; s1's reviews are not the scope's.
    services: [service('s1'), service('s2', { repos: ['github.com/acme/s2'] })],
    scope: { by: 'service', key: 's2' },
    records: { designReviews: [...REVIEWS, review({ serviceId: 's2', requestedAt: dh(5), completedAt: dh(7, 12) })], pullRequests: PRS },
    expect: { value: 2.5, n: 1, details: { design_reviews: 1, pull_requests: 0 } },
  },
]);
