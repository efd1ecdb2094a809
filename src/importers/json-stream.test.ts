import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { JsonScanner, JsonSyntaxError, readJsonEvents, type Action, type JsonEvent, type PathSegment, type Plan } from './json-stream.js';
import { bufferSource } from './source.js';

type Flat = [string, string, unknown?];

/** Events flattened to one entry per value, whatever the batching. */
function flatten(events: JsonEvent[]): Flat[] {
  const out: Flat[] = [];
  for (const e of events) {
    if (e.kind === 'elements') e.values.forEach((v, k) => out.push(['value', JSON.stringify([...e.path, e.first + k]), v]));
    else if (e.kind === 'value') out.push(['value', JSON.stringify(e.path), e.value]);
    else out.push([e.kind, JSON.stringify(e.path)]);
  }
  return out;
}

/** What the events of `doc` under `plan` must be: the plan applied to the document JSON.parse gives. */
function expected(doc: unknown, plan: Plan, path: PathSegment[] = []): Flat[] {
  const action = plan(path);
  const isArray = Array.isArray(doc);
  const isObject = doc !== null && typeof doc === 'object' && !isArray;
  if (action === 'skip') return [];
  if (action === 'descend' && (isArray || isObject)) {
    const container = isArray ? 'array' : 'object';
    const inner = isArray
      ? (doc as unknown[]).flatMap((v, i) => expected(v, plan, [...path, i]))
      : Object.entries(doc as object).flatMap(([k, v]) => expected(v, plan, [...path, k]));
    return [['enter', JSON.stringify(path)], ...inner, ['exit', JSON.stringify(path)]];
  }
  if (action === 'stream' && isArray) {
    return [
      ['enter', JSON.stringify(path)],
      ...(doc as unknown[]).map((v, i): Flat => ['value', JSON.stringify([...path, i]), v]),
      ['exit', JSON.stringify(path)],
    ];
  }
  return [['value', JSON.stringify(path), doc]];
}

function scan(bytes: Buffer, plan: Plan, cuts: number[] = []): JsonEvent[] {
  const scanner = new JsonScanner(plan);
  const events: JsonEvent[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(bytes.length, Math.max(at, Math.floor(cut * bytes.length)));
    events.push(...scanner.feed(bytes.subarray(at, to)));
    at = to;
  }
  events.push(...scanner.feed(bytes.subarray(at)));
  events.push(...scanner.end());
  return events;
}

const parseReference = (text: string): unknown => JSON.parse(text, (k, v: unknown) => (k === '__proto__' ? undefined : v));

/** A plan drawn from a seed: the same path always gets the same action. */
function seededPlan(seed: number, allowSkip: boolean): Plan {
  const actions: Action[] = allowSkip ? ['descend', 'descend', 'stream', 'value', 'skip'] : ['descend', 'descend', 'stream', 'value'];
  return (path) => {
    let h = seed;
    for (const ch of JSON.stringify(path)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return actions[h % actions.length]!;
  };
}

/** Arrays of objects whose nested objects open with the same key: the boundary search must not be fooled. */
const lookalikes = fc.array(
  fc.record({
    ruleId: fc.string(),
    locations: fc.array(fc.record({ ruleId: fc.oneof(fc.string(), fc.integer()), x: fc.constantFrom('},{"ruleId":', '\\', '"', '}') })),
  }),
  { maxLength: 30 },
);

const documents = fc.oneof(fc.jsonValue(), fc.record({ runs: fc.array(fc.record({ tool: fc.jsonValue(), results: lookalikes })) }), lookalikes);

const chunkCuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('the streaming JSON reader', () => {
  it('yields what JSON.parse reads, for any document, plan and chunking', () => {
    fc.assert(
      fc.property(documents, fc.nat(), chunkCuts, fc.boolean(), (doc, seed, cuts, pretty) => {
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const plan = seededPlan(seed, true);
        expect(flatten(scan(Buffer.from(text), plan, cuts))).toEqual(expected(parseReference(text), plan));
      }),
      { numRuns: 400 },
    );
  });

  it('rejects exactly what JSON.parse rejects (and invalid UTF-8) when nothing is skipped', () => {
    fc.assert(
      fc.property(
        documents,
        fc.nat(),
        chunkCuts,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (doc, seed, cuts, flips, truncate) => {
          const bytes = Buffer.from(JSON.stringify(doc));
          for (const [at, value] of flips) bytes[Math.min(bytes.length - 1, Math.floor(at * bytes.length))] = value;
          const input = truncate > 0.7 ? bytes.subarray(0, Math.floor(bytes.length * truncate)) : bytes;
          let valid = isUtf8(input);
          try {
            if (valid) parseReference(input.toString('utf8'));
          } catch {
            valid = false;
          }
          const run = () => scan(input, seededPlan(seed, false), cuts);
          if (valid) expect(run).not.toThrow();
          else expect(run).toThrow(JsonSyntaxError);
        },
      ),
      { numRuns: 400 },
    );
  });

  const SARIF_PLAN: Plan = (p) => (p.length <= 2 ? 'descend' : p.length === 3 && p[2] === 'results' ? 'stream' : 'value');

  it.each([
    [
      'an element that does not parse',
      '{"runs":[{"results":[{"a":1},\n{"a":}]}]}',
      /line 2, column 6, at \$\.runs\[0\]\.results\[1\]\): unexpected '}', expected a value/,
    ],
    [
      'a missing comma between members',
      '{"runs":[{"tool":{} "results":[]}]}',
      /line 1, column 21, at \$\.runs\[0\]\.tool\): unexpected '"', expected ',' or '}'/,
    ],
    ['a truncated file', '{"runs":[{"results":[{"a":1},{"a"', /the file ends early/],
    ['content after the document', '{"runs":[]} x', /nothing after the end of the JSON value/],
    ['an empty file', '', /the file is empty/],
    ['a bad escape in a key', '{"ru\\qns":[]}', /line 1, column 5\): a bad escape in a string/],
  ])('names the line, column and JSON path of %s', async (_name, text, message) => {
    const run = async () => {
      for await (const _ of readJsonEvents(bufferSource('x.sarif', text), 'SARIF', SARIF_PLAN));
    };
    await expect(run()).rejects.toThrow(InputError);
    await expect(run()).rejects.toThrow(message);
  });

  it('never puts input text in its messages', async () => {
    const secret = 'AKIAZXCVBNMASDFGHJKL';
    const text = `{"runs":[{"results":[{"a":"${secret}" "b"}]}]}`;
    const run = async () => {
      for await (const _ of readJsonEvents(bufferSource('x.sarif', text), 'SARIF', SARIF_PLAN));
    };
    await expect(run()).rejects.toThrow(InputError);
    await expect(run()).rejects.not.toThrow(secret);
  });

  it.each([
    ['in a streamed element', Buffer.concat([Buffer.from('{"runs":[{"results":[{"a":"x'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}]}')]), 28],
    ['in a key', Buffer.concat([Buffer.from('{"r'), Buffer.from([0xff]), Buffer.from('":1}')]), 3],
    ['as an overlong encoding', Buffer.concat([Buffer.from('{"r":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), 6],
    ['as a surrogate', Buffer.concat([Buffer.from('{"r":"ab'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), 8],
    ['between tokens', Buffer.concat([Buffer.from('{"runs":'), Buffer.from([0xe2, 0x28]), Buffer.from('[]}')]), 8],
  ])('rejects invalid UTF-8 %s with its byte offset', (_name, bytes, offset) => {
    expect(() => scan(bytes, SARIF_PLAN)).toThrow(new RegExp(`invalid UTF-8 at byte ${offset}\\b`));
  });

  it.each([
    ['a streamed element', '{"runs":[{"results":[{"__proto__":{"polluted":true},"a":1}]}]}'],
    ['a streamed element, the key escaped', '{"runs":[{"results":[{"\\u005f_proto__":{"polluted":true},"a":1}]}]}'],
    ['a descended object', '{"__proto__":{"polluted":true},"runs":[{"__proto__":[],"results":[]}]}'],
    ['a parsed value', '{"runs":[{"tool":{"__proto__":{"polluted":true}},"results":[]}]}'],
  ])('drops __proto__ keys in %s', (_name, text) => {
    const events = scan(Buffer.from(text), SARIF_PLAN);
    const values = flatten(events).map((f) => f[2]);
    for (const v of values) if (v && typeof v === 'object') expect(Object.hasOwn(v, '__proto__')).toBe(false);
    expect(flatten(events).some((f) => f[1].includes('__proto__'))).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reads 100 000 levels of nesting without running out of stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"runs":[{"results":[${deep}],"tool":${deep}}]}`;
    expect(() => scan(Buffer.from(text), SARIF_PLAN, [0.25, 0.5, 0.75])).not.toThrow();
    const plan: Plan = () => 'descend';
    expect(() => scan(Buffer.from(deep), plan)).not.toThrow();
    expect(() => scan(Buffer.from(deep.slice(0, -1)), plan)).toThrow(/ends early/);
  });

  it('skips a huge value without keeping it', () => {
    const big = `"${'x\\"'.repeat(2_000_000)}"`;
    const text = Buffer.from(`{"runs":[{"results":[],"skip":${big},"tool":1}]}`);
    const plan: Plan = (p) => (p.length <= 2 ? 'descend' : p[2] === 'skip' ? 'skip' : 'value');
    const scanner = new JsonScanner(plan);
    const events: JsonEvent[] = [];
    for (let at = 0; at < text.length; at += 65_536) events.push(...scanner.feed(text.subarray(at, at + 65_536)));
    events.push(...scanner.end());
    expect(flatten(events).filter((f) => f[0] === 'value')).toEqual([
      ['value', '["runs",0,"results"]', []],
      ['value', '["runs",0,"tool"]', 1],
    ]);
  });
});
