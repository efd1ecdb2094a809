import { describeKpiCases } from './test-support/kpi-cases.js';
import { designReviewThroughput } from './design-review-throughput.js';
import { dh, review } from './test-support/delivery-records.js';
import { END, P, service } from './test-support/kpi-input.js';

// P = 2026-Q3 starts Wednesday 2026-07-01 (d(0)); d(2) Friday, d(3) Saturday, d(5) Monday. END is Thursday 2026-10-01.
describeKpiCases(designReviewThroughput, [
  {
    name: 'counts reviews completed in P and takes the median cycle time in business days',
    // a: Wed d(0) -> Wed d(7): 5. b: Fri noon -> Mon noon: 1 (weekend skipped). c: Sun d(-3) -> Thu d(1): Mon, Tue, Wed = 3.
    // e: Mon d(-2) -> completed exactly at P.start: Mon, Tue = 2 (counts: start is in P). f: no service, Wed d(14) 00:00 -> 06:00: 0.25.
    // out: completed the instant before P; completed exactly at END. Count 5; median of [0.25, 1, 2, 3, 5] = 2.
    records: {
      designReviews: [
        review({ requestedAt: dh(0), completedAt: dh(7) }),
        review({ requestedAt: dh(2, 12), completedAt: dh(5, 12) }),
        review({ requestedAt: dh(-3), completedAt: dh(1) }),
        review({ requestedAt: dh(-2), completedAt: P.start }),
        review({ serviceId: null, requestedAt: dh(14), completedAt: dh(14, 6) }),
        review({ requestedAt: dh(-9), completedAt: P.start - 1 }),
        review({ requestedAt: dh(85), completedAt: END }),
      ],
    },
    expect: { value: 5, n: 5, details: { median_cycle_business_days: 2, with_cycle_time: 5, without_request_time: 0, median_target_business_days: 10 } },
  },
  {
    name: 'is 0, not no-data, when reviews were loaded but none completed in P',
    // one review completed at END (outside), one still open (no completed_at).
    records: { designReviews: [review({ requestedAt: dh(80), completedAt: END }), review({ requestedAt: dh(10), completedAt: null })] },
    expect: { value: 0, n: 0, details: { median_cycle_business_days: null, with_cycle_time: 0 } },
  },
  {
    name: 'is 0 when the kind was loaded with no rows at all',
    loaded: ['catalog', 'findings', 'design-reviews'],
    expect: { value: 0, n: 0, details: { median_cycle_business_days: null } },
  },
  {
    name: 'has no data when design reviews were never loaded',
    expect: { noData: true, reason: /design reviews/ },
  },
  {
    name: 'counts reviews without a usable request time but leaves them out of the median, with a note',
    // one with no request time, one completed before it was requested (bad data), one Fri d(2) 00:00 -> Tue d(6) 00:00: Fri + Mon = 2.
    records: {
      designReviews: [
        review({ requestedAt: null, completedAt: dh(10) }),
        review({ requestedAt: dh(12), completedAt: dh(9) }),
        review({ requestedAt: dh(2), completedAt: dh(6) }),
      ],
    },
    expect: {
      value: 3,
      n: 3,
      details: { median_cycle_business_days: 2, with_cycle_time: 1, without_request_time: 1, completed_before_requested: 1 },
      note: /2 completed review/,
    },
  },
  {
    name: "counts only the scope's services",
    // s1: Mon d(5) -> Mon d(12) 12:00: 5.5. s2's review is another service's.
    services: [service('s1'), service('s2')],
    scope: { by: 'service', key: 's1' },
    records: { designReviews: [review({ requestedAt: dh(5), completedAt: dh(12, 12) }), review({ serviceId: 's2', requestedAt: dh(5), completedAt: dh(6) })] },
    expect: { value: 1, n: 1, details: { median_cycle_business_days: 5.5 } },
  },
]);
