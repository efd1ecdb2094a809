import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import { bufferSource, fileSource } from '../source.js';
import { RECORD_KINDS } from './kinds.js';
import { readRecords, readValue, type RecordLookup } from './read-records.js';
import type { RecordKindId, ValueType } from './record-kind.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const lookup: RecordLookup = {
  services: new Set(['billing-api', 'ledger', 'web-portal', 'search']),
  areas: new Set(['Payments', 'Customer web']),
  serviceOfRepo: (repo) =>
    ({ 'github.com/acme/billing-api': 'billing-api', 'github.com/acme/ledger': 'ledger', 'github.com/acme/web-portal': 'web-portal' })[repo],
};

const read = (kind: RecordKindId, name: string, text: string) => readRecords(bufferSource(name, text), RECORD_KINDS[kind], lookup);
const readFixture = async (kind: RecordKindId, name: string) => readRecords(await fileSource(join(FIXTURES, name)), RECORD_KINDS[kind], lookup);

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('reading values', () => {
  const value = (raw: unknown, type: ValueType) => readValue(raw, type, lookup);
  it.each<[string, unknown, ValueType, unknown]>([
    ['an ISO timestamp with a zone', '2026-08-01T12:30:00+02:00', { type: 'timestamp' }, Date.UTC(2026, 7, 1, 10, 30)],
    ['a timestamp without a zone as UTC', '2026-08-01 10:00', { type: 'timestamp' }, Date.UTC(2026, 7, 1, 10)],
    ['a date as midnight UTC', '2026-08-02', { type: 'timestamp' }, Date.UTC(2026, 7, 2)],
    ['yes as true', 'Yes', { type: 'boolean' }, true],
    ['0 as false', '0', { type: 'boolean' }, false],
    ['a JSON boolean', false, { type: 'boolean' }, false],
    ['a JSON 1 as true', 1, { type: 'boolean' }, true],
    ['an integer from text', '42', { type: 'integer' }, 42],
    ['a decimal from text', '62500.5', { type: 'number' }, 62500.5],
    ['a JSON number', 8.5, { type: 'number' }, 8.5],
    ['an enum without case', 'SEV2', { type: 'enum', values: ['sev1', 'sev2'] }, 'sev2'],
    ['an enum with - and spaces as _', 'Tool-Error', { type: 'enum', values: ['tool_error'] }, 'tool_error'],
    ['a repository in canonical form', 'https://github.com/Acme/Ledger.git', { type: 'repo' }, 'github.com/acme/ledger'],
    ['an ssh repository', 'git@github.com:acme/billing-api.git', { type: 'repo' }, 'github.com/acme/billing-api'],
    ['a catalog service', 'ledger', { type: 'service' }, 'ledger'],
    ['a JSON number as text', 42, { type: 'text' }, '42'],
    ['a formula as plain text', '=HYPERLINK("https://evil.example","x")', { type: 'text' }, '=HYPERLINK("https://evil.example","x")'],
    ['a month', '2026-08', { type: 'month' }, '2026-08'],
    ['a day', '2026-02-28', { type: 'day' }, '2026-02-28'],
  ])('reads %s', (_what, raw, type, expected) => {
    expect(value(raw, type)).toEqual({ value: expected });
  });

  it.each<[string, unknown, ValueType, string]>([
    ['a timestamp in words', 'yesterday', { type: 'timestamp' }, 'expected an ISO 8601 timestamp'],
    ['a day that does not exist', '2026-02-30T10:00:00Z', { type: 'timestamp' }, 'expected an ISO 8601 timestamp'],
    ['epoch numbers as timestamps (seconds or milliseconds?)', 1786000000, { type: 'timestamp' }, 'expected an ISO 8601 timestamp'],
    ['a boolean in words', 'maybe', { type: 'boolean' }, 'expected true or false'],
    ['a fraction as an integer', '2.5', { type: 'integer' }, 'expected a whole number'],
    ['a negative count', '-1', { type: 'integer', min: 0 }, 'must be at least 0'],
    ['a whole number past 32 bits', '3000000000', { type: 'integer' }, 'must be at most 2147483647'],
    ['an amount past what is stored exactly (DuckDB could not bind 1e39)', '1e39', { type: 'number' }, 'must be at most 9007199254740991, got 1e+39'],
    ['a negative amount past what is stored exactly', -1e20, { type: 'number' }, 'must be at most 9007199254740991'],
    ['a number too large for a float', '1e400', { type: 'number' }, 'expected a number'],
    ['text with a NUL character', 'a\u0000b', { type: 'text' }, 'contains a NUL character'],
    ['a number with a thousands separator', '1,200', { type: 'number' }, 'expected a number'],
    ['an unknown enum value', 'p1', { type: 'enum', values: ['sev1'] }, 'expected one of sev1, got "p1"'],
    ['a service the catalog lacks', 'payments-gateway', { type: 'service' }, 'service "payments-gateway" is not in the catalog'],
    ['an object as text', { a: 1 }, { type: 'text' }, 'expected text, got a JSON object'],
    ['a month with a day', '2026-08-01', { type: 'month' }, 'expected a month'],
    ['a day that does not exist', '2026-02-30', { type: 'day' }, 'expected a day'],
  ])('rejects %s', (_what, raw, type, message) => {
    const result = value(raw, type);
    expect('error' in result && result.error).toContain(message);
  });

  it('quotes bad text escaped and cut short in messages', () => {
    const result = value(`\u001b[31m${'x'.repeat(200)}`, { type: 'boolean' });
    expect('error' in result && result.error).toContain('"\\u001b[31mxxx');
    expect('error' in result && result.error.length).toBeLessThan(200);
  });
});

describe('reading record files', () => {
  it('matches columns without case, _, - or spaces and warns about the unknown ones', async () => {
    const result = await readFixture('incidents', 'incidents-messy.csv');
    expect(result.syntax).toBe('csv');
    expect(result.rows).toEqual([
      {
        id: 'INC-31',
        title: '=HYPERLINK("https://evil.example/x","Click for details")',
        severity: 'sev2',
        service_id: 'billing-api',
        started_at: Date.UTC(2026, 7, 1, 10),
        detected_at: Date.UTC(2026, 7, 1, 10, 30),
        contained_at: Date.UTC(2026, 7, 1, 11),
        resolved_at: Date.UTC(2026, 7, 2),
        cause: "+cmd|' /C calc'!A0",
        runbook: null,
      },
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/^ignored unknown columns "Reporter", "Slack Channel" \(known: id, title, severity/)]);
  });

  it('reads JSON lines with the same column rules, skipping blank lines', async () => {
    const result = await readFixture('pipeline-runs', 'pipeline-runs-messy.jsonl');
    expect(result.syntax).toBe('jsonl');
    expect(result.rows.map((r) => [r['id'], r['service_id'], r['repo'], r['release'], r['security_stage']])).toEqual([
      ['gha-9001', 'ledger', 'github.com/acme/ledger', true, 'tool_error'],
      ['gha-9002', 'billing-api', 'github.com/acme/billing-api', false, 'passed'],
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('ignored unknown column "runner"')]);
  });

  it('takes a pipeline run service from its repository, keeps an unknown repository without one and says so', async () => {
    const result = await readFixture('pipeline-runs', 'pipeline-runs.csv');
    expect(result.rows.map((r) => [r['id'], r['service_id'], r['repo']])).toEqual([
      ['run-88101', 'billing-api', 'github.com/acme/billing-api'],
      ['run-88102', 'ledger', 'github.com/acme/ledger'],
      ['run-88103', 'web-portal', null],
      ['run-88104', 'billing-api', null],
      ['run-88105', null, 'github.com/acme/legacy-batch'],
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('repository "github.com/acme/legacy-batch" (row 6) is in no catalog service')]);
  });

  it('keys survey responses by their order among responses submitted at the same time', async () => {
    const result = await readFixture('surveys', 'surveys.csv');
    expect(result.rows.map((r) => [r['submitted_at'], r['seq'], r['score']])).toEqual([
      [Date.UTC(2026, 8, 10), 1, 4],
      [Date.UTC(2026, 8, 10), 2, 2],
      [Date.UTC(2026, 8, 11, 14, 32), 1, 8.5],
    ]);
  });

  it('warns when two records of a file share a key: the later one is kept', async () => {
    const result = await read('commits', 'c.csv', 'repo,day,count\ngithub.com/acme/ledger,2026-09-01,3\nhttps://github.com/acme/ledger,2026-09-01,4\n');
    expect(result.rows).toHaveLength(2);
    expect(result.warnings).toEqual(['rows 2 and 3 have the same key (repo "github.com/acme/ledger", day "2026-09-01"): the later one is kept']);
  });

  it('skips rows of empty cells that spreadsheets leave below the data', async () => {
    const result = await read('commits', 'c.csv', 'repo,day,count\ngithub.com/acme/ledger,2026-09-01,3\n,,\n ,, \n');
    expect(result.rows).toHaveLength(1);
  });

  it('reads an empty file as no records, with a warning', async () => {
    expect(await read('incidents', 'i.csv', '\n')).toMatchObject({ rows: [], warnings: ['the file is empty: no incidents'] });
  });

  it('reads a header without rows as no records', async () => {
    expect(await read('incidents', 'i.csv', 'id,severity\n')).toMatchObject({ rows: [], warnings: [] });
  });
});

describe('rejecting bad records', () => {
  it.each<[RecordKindId, string, { row?: number; line?: number; field: string }, string]>([
    ['incidents', 'bad-incidents-severity.csv', { row: 3, field: 'severity' }, 'expected one of sev1, sev2, sev3, sev4, got "sev5"'],
    ['pipeline-runs', 'bad-pipeline-runs-timestamp.jsonl', { line: 2, field: 'started_at' }, 'got "yesterday"'],
    ['alerts', 'bad-alerts-missing-column.csv', { row: 1, field: 'id' }, 'missing required column "id"'],
    ['logging', 'bad-logging-unknown-service.csv', { row: 3, field: 'service' }, 'service "payments-gateway" is not in the catalog'],
    ['identity', 'bad-identity-boolean.csv', { row: 4, field: 'mfa' }, 'got "maybe"'],
    ['team-health', 'bad-team-health-number.csv', { row: 3, field: 'headcount' }, 'expected a whole number, got "nine"'],
    ['surveys', 'bad-surveys-scale.csv', { row: 3, field: 'score' }, 'score 7 is outside its scale 1..5'],
    ['commits', 'bad-commits-day.csv', { row: 3, field: 'day' }, 'got "2026-02-30"'],
  ])('%s: %s names the place', async (kind, name, place, detail) => {
    const error = await inputError(readFixture(kind, name));
    expect(error.place).toMatchObject(place);
    expect(error.file).toContain(name);
    expect(error.detail).toContain(detail);
    expect(error.exitCode).toBe(2);
  });

  it.each<[string, RecordKindId, string, Record<string, unknown>, string]>([
    ['a required value left empty', 'incidents', 'id,severity\nINC-1,\n', { row: 2, field: 'severity', entity: 'INC-1' }, '"severity" needs a value'],
    [
      'a required key missing on a line',
      'incidents',
      '{"id":"INC-1","severity":"sev1"}\n{"id":"INC-2"}\n',
      { line: 2, field: 'severity' },
      '"severity" is required',
    ],
    [
      'a run with neither service nor repo column',
      'pipeline-runs',
      'id,started_at,release,security_stage\nr1,2026-08-01T00:00:00Z,true,passed\n',
      { row: 1, field: 'service' },
      'needs a "service" or a "repo" column',
    ],
    [
      'a run with neither service nor repo value',
      'pipeline-runs',
      'id,service,repo,started_at,release,security_stage\nr1,,,2026-08-01T00:00:00Z,true,passed\n',
      { row: 2, field: 'service' },
      'needs a value in "service" or "repo"',
    ],
    ['a column given twice', 'commits', 'repo,day,Day,count\n', { row: 1, field: 'Day' }, 'column "Day" repeats column "day"'],
    ['a line that is not JSON', 'incidents', '{"id":"INC-1","severity":"sev1"}\n{"id": oops}\n', { line: 2 }, 'not valid JSON'],
    ['a line that is not an object', 'incidents', '{"id":"INC-1","severity":"sev1"}\n[1,2]\n', { line: 2 }, 'expected one JSON object per line'],
    ['a row with too many cells', 'commits', 'repo,day,count\ngithub.com/a/b,2026-09-01,1,extra\n', { row: 2 }, 'not valid CSV'],
    [
      'a cost period that ends before it starts',
      'costs',
      'tool,annual_cost,currency,from,to\nsemgrep,1,USD,2026-01-01,2025-01-01\n',
      { row: 2, field: 'to' },
      '"to" must be after "from"',
    ],
    // No duration a KPI measures can be negative (record-kind.ts, inOrder).
    [
      'an incident detected before it started',
      'incidents',
      'id,severity,started_at,detected_at\nINC-1,sev1,2026-09-01T10:00:00Z,2026-09-01T12:00:00Z\nINC-2,sev2,2026-09-02T10:00:00Z,2026-09-02T09:59:59Z\n',
      { row: 3, field: 'detected_at' },
      '"detected_at" is before "started_at"',
    ],
    [
      'an incident resolved before it was contained',
      'incidents',
      '{"id":"INC-1","severity":"sev1","contained_at":"2026-09-03T00:00:00Z","resolved_at":"2026-09-02T00:00:00Z"}\n',
      { line: 1, field: 'resolved_at' },
      '"resolved_at" is before "contained_at"',
    ],
    [
      'a pipeline run that finished before it started',
      'pipeline-runs',
      'id,service,started_at,finished_at,release,security_stage\nR-1,billing-api,2026-09-01T10:00:00Z,2026-09-01T09:00:00Z,true,passed\n',
      { row: 2, field: 'finished_at' },
      'is before',
    ],
    [
      'a security review before it was requested',
      'pull-requests',
      'repo,number,security_review_requested_at,first_security_review_at\ngithub.com/acme/ledger,7,2026-09-02T00:00:00Z,2026-09-01T00:00:00Z\n',
      { row: 2, field: 'first_security_review_at' },
      '"first_security_review_at" is before "security_review_requested_at"',
    ],
    [
      'a design review completed before it was requested',
      'design-reviews',
      'id,requested_at,completed_at\nDR-1,2026-09-02,2026-09-01\n',
      { row: 2, field: 'completed_at' },
      'is before',
    ],
    [
      'an alert dispositioned before it fired',
      'alerts',
      'id,fired_at,dispositioned_at\nA-1,2026-09-02,2026-09-01\n',
      { row: 2, field: 'dispositioned_at' },
      'is before',
    ],
  ])('rejects %s', async (_what, kind, text, place, detail) => {
    const error = await inputError(read(kind, 'records.txt', text));
    expect(error.place).toMatchObject(place);
    expect(error.detail).toContain(detail);
  });

  it('names the file, the format and the place in the message', async () => {
    const error = await inputError(readFixture('incidents', 'bad-incidents-severity.csv'));
    expect(error.message).toMatch(/bad-incidents-severity\.csv: invalid incidents CSV input \(entity INC-2026-040, row 3, column\/field "severity"\)/);
  });

  it('never lets __proto__ keys of a JSON line reach an object prototype', async () => {
    const result = await read('iam', 'iam.jsonl', '{"service":"ledger","at":"2026-09-01","standard_roles":true,"__proto__":{"polluted":1}}\n');
    expect(result.rows).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });
});
