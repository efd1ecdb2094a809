import { describe, expect, it } from 'vitest';
import { DEFAULT_GITHUB_SETTINGS } from '../../config/github.js';
import { compilePatterns } from './patterns.js';
import { firstSecurityReview, isBot, securityRequestOf } from './pull-requests.js';
import { pullSchema, reviewSchema, timelineEventSchema } from './schema.js';
import { emptyRepo, HOUR, pull, recorded, review, reviewRequested, user } from './test-support/fake-github.js';

const pattern = compilePatterns(DEFAULT_GITHUB_SETTINGS).securityReviewers;
const T = Date.UTC(2026, 8, 1, 9);
const repo = emptyRepo('acme', 'billing-api');
const pr = (over: Partial<Parameters<typeof pull>[1]> = {}) => pullSchema.parse(pull(repo, { number: 7, createdAt: T, updatedAt: T + 5 * HOUR, ...over }));
const events = (...e: ReturnType<typeof reviewRequested>[]) => e.map((x) => timelineEventSchema.parse(x));

describe('security review requests', () => {
  it.each([
    ['a security team asked for', [reviewRequested(T + HOUR, { team: 'appsec' })], {}, T + HOUR],
    ['a security reviewer asked for by login', [reviewRequested(T + 2 * HOUR, { user: 'security-bob' })], {}, T + 2 * HOUR],
    ['the first of several asks', [reviewRequested(T + 3 * HOUR, { team: 'product-security' }), reviewRequested(T + HOUR, { team: 'appsec' })], {}, T + HOUR],
    ['only other reviewers asked for', [reviewRequested(T + HOUR, { team: 'payments-core' }), reviewRequested(T + HOUR, { user: 'dev-carol' })], {}, null],
    ['a pending security team without a timeline event: from the creation', [], { requestedTeams: ['appsec'] }, T],
  ])('%s', (_what, timeline, over, at) => {
    expect(securityRequestOf(pr(over), events(...timeline), pattern)?.at ?? null).toBe(at);
  });

  it('reads the recorded pull request, which asks nobody', () => {
    const recordedPull = pullSchema.parse(recorded<unknown[]>('pulls-list')[0]);
    expect(securityRequestOf(recordedPull, [], pattern)).toBeNull();
  });
});

describe('the first security review', () => {
  const request = securityRequestOf(pr(), events(reviewRequested(T + HOUR, { team: 'appsec' }), reviewRequested(T + HOUR, { user: 'sec-dana' })), pattern)!;
  const reviews = (...r: ReturnType<typeof review>[]) => r.map((x) => reviewSchema.parse(x));

  it.each([
    ['by a requested security reviewer', reviews(review('dev-carol', T + 2 * HOUR), review('sec-dana', T + 4 * HOUR)), new Map(), T + 4 * HOUR],
    ['by a member of the requested team', reviews(review('erin', T + 3 * HOUR, 'COMMENTED')), new Map([['appsec', new Set(['erin'])]]), T + 3 * HOUR],
    ['by anyone after the team was asked when its members cannot be read', reviews(review('erin', T + 3 * HOUR)), new Map([['appsec', null]]), T + 3 * HOUR],
    ['not a pending review', reviews(review('sec-dana', null, 'PENDING')), new Map(), null],
    ['not by the author', reviews(review('dev-alice', T + 2 * HOUR)), new Map([['appsec', null]]), null],
  ])('%s', (_what, list, members, at) => {
    expect(firstSecurityReview(list, request, pattern, members, 'dev-alice')).toBe(at);
  });

  it('takes the earliest of the recorded reviews by the reviewer asked for', () => {
    const list = recorded<unknown[]>('pull-reviews-list').map((r) => reviewSchema.parse(r));
    const asked = securityRequestOf(pr(), events(reviewRequested(Date.UTC(2017, 0, 1), { user: 'sfdye' })), /sfdye/i)!;
    expect(firstSecurityReview(list, asked, /sfdye/i, new Map(), null)).toBe(Date.parse('2018-03-20T14:03:38Z'));
  });
});

describe('bots', () => {
  it.each([
    [user('dependabot[bot]', 'Bot'), true],
    [user('renovate[bot]', 'User'), true],
    [user('dev-alice'), false],
  ])('%j is a bot: %s', (u, bot) => {
    expect(isBot(u as { login: string; type: string })).toBe(bot);
  });
});
