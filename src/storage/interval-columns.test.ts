import { describe, expect, it } from 'vitest';
import type { IntervalFact } from '../domain/facts.js';
import { intervalsOf, plainInterval } from './interval-columns.js';
import type { ReadColumn, ReadColumns, RowColumn } from './read-rows.js';

const KINDS = [
  'num',
  'num',
  'num',
  'num',
  'name',
  'name',
  'name',
  'name',
  'name',
  'name',
  'name',
  'name',
  'bool',
  'bool',
  'num',
  'name',
  'name',
  'name',
] as const;
const COLUMNS: RowColumn[] = KINDS.map((kind, j) => (kind === 'name' ? { sql: `c${j}`, kind, values: 'select 1' } : { sql: `c${j}`, kind }));

const A: IntervalFact = {
  findingId: 7,
  fingerprint: null,
  serviceId: 'svc-a',
  tool: 'trivy',
  category: 'sca',
  severity: 'critical',
  ruleId: null,
  vulnerabilityIds: ['CVE-2024-0001'],
  cwes: [79],
  seq: 1,
  openedAt: 1_780_000_000_000,
  fixedAt: null,
  falsePositive: false,
  exploitAvailable: false,
  fixAvailableAt: null,
  fixVersion: null,
  title: 'lib: overflow',
  file: null,
};
const B: IntervalFact = {
  ...A,
  findingId: 8,
  fingerprint: 'fp-8',
  ruleId: 'R1',
  vulnerabilityIds: [],
  cwes: [],
  seq: 2,
  fixedAt: 1_790_000_000_123,
  falsePositive: true,
  exploitAvailable: true,
  fixAvailableAt: 1_785_000_000_000,
  fixVersion: '1.2.3',
  file: 'src/a.ts',
};
// A third row with A's list (the same instance, as a name column gives it).
const C: IntervalFact = { ...A, findingId: 9, serviceId: 'svc-b' };

/** Columns of values (`raw[j]`: column j's values in row order), as a ColumnReader gives them. */
function columnsOfValues(columns: readonly RowColumn[], raw: readonly (readonly unknown[])[]): ReadColumns {
  const n = raw[0]?.length ?? 0;
  return {
    length: n,
    columns: columns.map((c, j): ReadColumn => {
      const values = raw[j]!;
      if (c.kind === 'text') return { kind: 'text', values: values as string[] };
      if (c.kind === 'name') {
        const codes = new Int32Array(n);
        const dictionary: unknown[] = [];
        const index = new Map<unknown, number>();
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v === null) {
            codes[i] = -1;
            continue;
          }
          let k = index.get(v);
          if (k === undefined) index.set(v, (k = dictionary.push(v) - 1));
          codes[i] = k;
        }
        return { kind: 'name', codes, dictionary };
      }
      const nulls = new Uint8Array(n);
      const out = c.kind === 'num' ? new Float64Array(n) : new Uint8Array(n);
      for (let i = 0; i < n; i++)
        if (values[i] === null) nulls[i] = 1;
        else out[i] = c.kind === 'num' ? (values[i] as number) : values[i] ? 1 : 0;
      return c.kind === 'num' ? { kind: 'num', values: out as Float64Array, nulls } : { kind: 'bool', values: out as Uint8Array, nulls };
    }),
  };
}

const valuesOf = (f: IntervalFact): unknown[] => [
  f.findingId,
  f.seq,
  f.openedAt,
  f.fixedAt,
  f.fingerprint,
  f.serviceId,
  f.tool,
  f.category,
  f.severity,
  f.ruleId,
  f.vulnerabilityIds,
  f.cwes,
  f.falsePositive,
  f.exploitAvailable,
  f.fixAvailableAt,
  f.title,
  f.file,
  f.fixVersion,
];

function read(rows: IntervalFact[]) {
  const values = rows.map(valuesOf);
  return columnsOfValues(
    COLUMNS,
    COLUMNS.map((_c, j) => values.map((v) => v[j])),
  );
}

describe('intervals read as columns', () => {
  it('give every value of their row, NULLs included', () => {
    const got = intervalsOf(read([A, B]), () => false);
    expect(got.map(plainInterval)).toEqual([A, B]);
    expect(JSON.parse(JSON.stringify(got))).toEqual([A, B]);
  });

  it('are exploitable by the tool’s flag or by their ids, asked once per distinct list', () => {
    const asked: (readonly string[])[] = [];
    const got = intervalsOf(read([A, B, C]), (ids) => {
      asked.push(ids);
      return ids.includes('CVE-2024-0001');
    });
    expect(got.map((f) => f.exploitAvailable)).toEqual([true, true, true]);
    // A's and C's list once; B's list is empty and never asked.
    expect(asked).toEqual([['CVE-2024-0001']]);
    expect(intervalsOf(read([A, B, C]), () => false).map((f) => f.exploitAvailable)).toEqual([false, true, false]);
  });

  it('are read-only', () => {
    const [f] = intervalsOf(read([A]), () => false);
    expect(() => {
      (f as { fixedAt: number | null }).fixedAt = 1;
    }).toThrow(TypeError);
  });
});
