import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { validate, validator } from './json-input.js';
import { compileCheck } from './schema-check.js';
import { sarifResultSchema, sarifRunSchema } from './sarif/schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The results of every SARIF sample beside the importer, as parsed JSON. */
function sampleResults(): unknown[] {
  const dir = join(HERE, 'sarif', 'fixtures');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sarif'))
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runs: { results?: unknown[] }[] }).runs.flatMap((r) => r.results ?? []));
}

/** JSON values shaped like SARIF results, right and wrong: the keys the schema reads, with values of any JSON type. */
const resultLike = fc.dictionary(
  fc.constantFrom(
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'locations',
    'suppressions',
    'fingerprints',
    'partialFingerprints',
    'taxa',
    'properties',
    'other',
  ),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ text: fc.oneof(fc.string(), fc.integer()), id: fc.string(), index: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
    fc.array(fc.record({ physicalLocation: fc.record({ region: fc.record({ startLine: fc.oneof(fc.integer(), fc.constant(2 ** 60), fc.constant('1')) }) }) })),
  ),
);

describe('compiled schema checks', () => {
  it('never accept what zod rejects', () => {
    const check = compileCheck(sarifResultSchema)!;
    fc.assert(
      fc.property(fc.oneof(resultLike, fc.jsonValue()), (value) => {
        if (check(value)) expect(sarifResultSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accept every result of the SARIF samples, so the fast path is the one taken', () => {
    const check = compileCheck(sarifResultSchema)!;
    const results = sampleResults();
    expect(results.length).toBeGreaterThan(10);
    for (const r of results) expect(check(r)).toBe(true);
    expect(compileCheck(sarifRunSchema)).not.toBeNull();
  });

  it.each([
    ['a default', z.object({ a: z.string().default('x') })],
    ['a transform', z.string().transform((s) => s.trim())],
    ['a union', z.union([z.string(), z.number()])],
    ['a length check', z.string().min(1)],
    ['a strict object', z.object({ a: z.string() }).strict()],
    ['a coercion', z.coerce.number()],
    ['a field named like an Object.prototype member', z.object({ toString: z.string().optional() })],
  ])('do not compile a schema with %s (zod alone decides)', (_what, schema) => {
    expect(compileCheck(schema as z.ZodType)).toBeNull();
  });

  it.each([
    ['a number', z.object({ n: z.number().optional(), i: z.number().int() }), { n: 1.5, i: 2 }],
    ['a string', z.object({ s: z.string() }), { s: 'x' }],
    ['a record', z.record(z.string(), z.unknown()), { a: 1, b: [2] }],
  ])('validator returns what validate returns: %s', (_what, schema, value) => {
    expect(validator(schema as z.ZodType)(value, 'f.sarif', 'SARIF 2.1.0')).toEqual(validate(schema as z.ZodType, value, 'f.sarif', 'SARIF 2.1.0'));
  });

  it('validator fails with the error validate gives: file, format, JSON path, message', () => {
    const bad = { locations: [{ physicalLocation: { region: { startLine: 'one' } } }] };
    const place = ['runs', 0, 'results', 3] as const;
    const fast = thrown(() => validator(sarifResultSchema)(bad, 'f.sarif', 'SARIF 2.1.0', place));
    const slow = thrown(() => validate(sarifResultSchema, bad, 'f.sarif', 'SARIF 2.1.0', place));
    expect(fast).toBeInstanceOf(InputError);
    expect(fast).toEqual(slow);
    expect(fast.message).toBe(slow.message);
    expect((fast as InputError).place).toEqual({ jsonPath: '$.runs[0].results[3].locations[0].physicalLocation.region.startLine' });
  });
});

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
