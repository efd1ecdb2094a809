import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceptionActiveAt, exceptionCovers, type ExceptionRecord } from '../domain/exception.js';
import type { IntervalFact } from '../domain/facts.js';
import { activeCoverKeys, coverIndex, coverKeys, coveringExceptions, covers } from './exception-cover.js';

/**
 * exception-cover.ts answers by key look-ups what `exceptionCovers` (the domain's rule) answers
 * pair by pair; these hold it to that rule on small random worlds where keys collide often.
 */
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const FPS = ['fp1', 'fp2', 'fp3'];
const SERVICES = ['svc-a', 'svc-b'];
const RULES = ['r1', 'r2'];
const CVES = ['CVE-1', 'CVE-2', 'CVE-3'];

const finding = fc.record({
  fingerprint: pick(FPS),
  serviceId: pick(SERVICES),
  ruleId: fc.option(pick(RULES), { nil: null }),
  vulnerabilityIds: fc.uniqueArray(pick(CVES), { maxLength: 2 }),
}) as fc.Arbitrary<IntervalFact>;

const scope = fc.oneof(
  fc.record({ fingerprint: pick(FPS) }),
  fc.record({ service: pick(SERVICES), rule: pick(RULES) }),
  fc.record({ service: pick(SERVICES), cve: pick(CVES) }),
  fc.record({ service: pick(SERVICES) }),
);

const exception = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    scope,
    startsAt: fc.integer({ min: 0, max: 10 }),
    expiresAt: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    status: pick(['approved', 'revoked'] as const),
  })
  .map((e) => ({ ...e, reason: null, owner: null, approver: null, backlog: null, compensatingControls: null }) as ExceptionRecord);

describe('exception cover keys', () => {
  it('covers(f, keys of E) is "some exception of E covers f"', () => {
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 6 }), finding, (es, f) => {
        expect(covers(f, coverKeys(es))).toBe(es.some((e) => exceptionCovers(e, f)));
      }),
    );
  });

  it('coverIndex(F, E).has(e) is "e covers some finding of F", for every e of E', () => {
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 6 }), fc.array(finding, { maxLength: 6 }), (es, fs) => {
        const index = coverIndex(fs, es);
        for (const e of es) expect(index.has(e)).toBe(fs.some((f) => exceptionCovers(e, f)));
      }),
    );
  });

  it('activeCoverKeys(E, t) are the keys of the exceptions active at t', () => {
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 6 }), finding, fc.integer({ min: 0, max: 10 }), (es, f, t) => {
        expect(covers(f, activeCoverKeys(es, t))).toBe(es.some((e) => exceptionActiveAt(e, t) && exceptionCovers(e, f)));
      }),
    );
  });

  it('coveringExceptions(E)(f) is the exceptions of E that cover f, each once, in order', () => {
    // Duplicate CVE ids on a finding, and the same record listed twice, must not list an exception twice or out of order.
    const withRepeats = finding.chain((f) => fc.array(pick(CVES), { maxLength: 3 }).map((ids) => ({ ...f, vulnerabilityIds: ids })));
    fc.assert(
      fc.property(fc.array(exception, { maxLength: 6 }), withRepeats, (es, f) => {
        const list = [...es, ...es.slice(0, 1)];
        expect(coveringExceptions(list)(f)).toEqual(list.filter((e) => exceptionCovers(e, f)));
      }),
    );
  });
});
