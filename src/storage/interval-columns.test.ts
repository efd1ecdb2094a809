import { describe, expect, it } from 'vitest';
import type { IntervalFact } from '../domain/facts.js';
import { intervalsOf, plainInterval } from './interval-columns.js';
import { columnsOfValues, type RowColumn } from './read-rows.js';

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
