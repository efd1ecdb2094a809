import { describe, expect, it } from 'vitest';
import { judgeReview } from './review.js';
import { PERIODS, report, reviewInputs, row } from './test-support/review-inputs.js';

describe('KPI trends of the review', () => {
  it('plot the figure of a KPI whose target on a detail could not be judged (value null, as cli.md says), and nothing without data', () => {
    const unjudged = row('developer_satisfaction', null, { figure: 61.4, reason: 'the target is on the yoy change, unknown in this period' });
    const company = PERIODS.map((p, i) =>
      report(p, 'company', { company: [i === 0 ? row('developer_satisfaction', null) : i === 3 ? row('developer_satisfaction', 71.1) : unjudged] }),
    );
    const trends = judgeReview(reviewInputs({ reports: { company } })).kpiTrends;
    expect(trends.find((t) => t.id === 'developer_satisfaction')!.points.map((p) => p.value)).toEqual([null, 61.4, 61.4, 71.1]);
  });
});
