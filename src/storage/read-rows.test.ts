import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './open-database.js';
import { restrictedName, type ReadColumns, type RowColumn, type RowsQuery } from './read-rows.js';
import { ENGINES, freshDatabase, type TestDatabase } from './test-support/engines.js';

// Untrusted text with the packed separators and escape in it, NULLs, empty strings and non-BMP
// characters, as plain text and as repeating names; numbers of every kind; more rows than one
// DuckDB result chunk (2,048) and than one packed chunk.
const TEXTS = ['plain', '', null, 'a\x1fb\x1ec', '\x1bn', '\x1b', 'x\x1be\x1bu\x1br', 'emoji 🔥 ü', "quote ' and \\ backslash", 'tab\tnew\nline'];
const NAMES = ['svc-a', '\x1bn', 'a\x1fb', null, 'ünï 🔥', '', 'svc-b'];
const NUMBERS = [null, 0, 1, -7, 0.25, 1.5e12, 1790812800123, 2 ** 31 + 5, Number.NaN, Number.POSITIVE_INFINITY];
const ROWS = 5000;

interface Row {
  id: number;
  label: string | null;
  tag: string | null;
  amount: number | null;
  flag: boolean | null;
}

/** Columns back to rows, each value as the column holds it. */
function rowsOf(read: ReadColumns): unknown[][] {
  return Array.from({ length: read.length }, (_v, r) =>
    read.columns.map((c) => {
      if (c.kind === 'text') return c.values[r];
      if (c.kind === 'name') return c.codes[r] === -1 ? null : c.dictionary[c.codes[r]!];
      if (c.nulls[r] === 1) return null;
      return c.kind === 'num' ? c.values[r] : c.values[r] === 1;
    }),
  );
}

const row = (i: number): Row => ({
  id: i,
  label: i % 3 === 0 ? TEXTS[i % TEXTS.length]! : TEXTS[i % TEXTS.length] === null ? null : `${TEXTS[i % TEXTS.length]}#${i}`,
  tag: NAMES[i % NAMES.length]!,
  amount: NUMBERS[i % NUMBERS.length]!,
  flag: i % 5 === 0 ? null : i % 2 === 0,
});

describe.each(ENGINES)('bulk row reader on %s (both engines)', (engine) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await freshDatabase(engine);
    database = await openDatabase(test.url);
    await sql`create table rows_t (id bigint, label text, tag text, amount float8, flag boolean)`.execute(database.db);
    // Tags that no selected row has, and that the dictionary holds all the same.
    await sql`create table rows_tags (tag text)`.execute(database.db);
    await sql`insert into rows_tags values ('never used'), ('svc-a')`.execute(database.db);
    const all = Array.from({ length: ROWS }, (_v, i) => row(i + 1));
    for (let i = 0; i < all.length; i += 500)
      await (database.db as any)
        .insertInto('rows_t')
        .values(all.slice(i, i + 500))
        .execute();
  });
  afterAll(async () => {
    await database.db.destroy();
    await test.drop();
  });

  const tag = (decode?: (t: string) => unknown): RowColumn => ({
    sql: 't.tag',
    kind: 'name',
    values: 'select tag from rows_t union all select tag from rows_tags',
    ...(decode ? { decode } : {}),
  });
  const query = (columns: RowColumn[], over: Partial<RowsQuery> = {}): RowsQuery => ({
    columns,
    from: 'rows_t t',
    where: sql`t.id >= ${2}`,
    orderBy: 't.id desc',
    chunk: '0 - (t.id - t.id % 1000)',
    ...over,
  });
  const read = (q: RowsQuery) => database.readRows(database.db, q, (v) => [...v]);

  it('returns every value as stored, in the order asked for, across chunks', async () => {
    const got = await read(
      query([{ sql: 't.id', kind: 'num' }, { sql: 't.label', kind: 'text' }, tag(), { sql: 't.amount', kind: 'num' }, { sql: 't.flag', kind: 'bool' }]),
    );
    const expected = Array.from({ length: ROWS - 1 }, (_v, k) => row(ROWS - k)).map((r) => [r.id, r.label, r.tag, r.amount, r.flag]);
    expect(got).toEqual(expected);
  });

  it('keeps -0 (integers are made small integers, zero is left as it is)', async () => {
    const got = await read(query([{ sql: "cast('-0' as float8)", kind: 'num' }], { where: sql`t.id = ${1}` }));
    expect(Object.is(got[0]![0], -0)).toBe(true);
  });

  it('decodes each distinct name once and hands every row the same value', async () => {
    let calls = 0;
    const got = await read(
      query([
        { sql: 't.id', kind: 'num' },
        tag((t) => {
          calls++;
          return { t };
        }),
      ]),
    );
    expect(got.map((r) => (r[1] === null ? null : (r[1] as { t: string }).t))).toEqual(Array.from({ length: ROWS - 1 }, (_v, k) => row(ROWS - k).tag));
    const distinct = new Set(NAMES.filter((n) => n !== null)).size;
    expect(calls).toBeGreaterThanOrEqual(distinct);
    expect(calls).toBeLessThanOrEqual(distinct + 1); // the dictionary may hold the unused tag
    const first = new Map<string, unknown>();
    let others = 0;
    for (const [, v] of got) {
      if (v === null) continue;
      const t = (v as { t: string }).t;
      if (!first.has(t)) first.set(t, v);
      if (first.get(t) !== v) others++;
    }
    expect(others).toBe(0);
  });

  it('reads only text, only names, or nothing at all', async () => {
    const texts = await read(query([{ sql: 't.label', kind: 'text' }], { where: sql`t.id <= ${3}`, orderBy: 't.id', chunk: '0' }));
    expect(texts).toEqual([[row(1).label], [row(2).label], [row(3).label]]);
    const names = await read(query([tag()], { where: sql`t.id <= ${3}`, orderBy: 't.id' }));
    expect(names).toEqual([[row(1).tag], [row(2).tag], [row(3).tag]]);
    expect(await read(query([{ sql: 't.id', kind: 'num' }, { sql: 't.label', kind: 'text' }, tag()], { where: sql`t.id < ${0}` }))).toEqual([]);
  });

  it('gives a restricted name for the texts its values hold and NULL for every other text', async () => {
    // Only 'svc-a' and '' (and the unused 'never used'): every other tag, NULL included, reads NULL.
    const got = await read(query([{ sql: 't.id', kind: 'num' }, restrictedName('t.tag', "select tag from rows_tags union all select ''")]));
    const expected = Array.from({ length: ROWS - 1 }, (_v, k) => row(ROWS - k)).map((r) => [r.id, r.tag === 'svc-a' || r.tag === '' ? r.tag : null]);
    expect(got).toEqual(expected);
    expect(got.some((r) => r[1] === 'svc-a') && got.some((r) => r[1] === '') && got.some((r) => r[1] === null)).toBe(true);
  });

  // The packed read sends the text itself: nothing to miss.
  it.runIf(engine === 'duckdb')('refuses a name whose values miss one of its texts', async () => {
    await expect(read(query([{ sql: 't.tag', kind: 'name', values: "select 'svc-a'" }]))).rejects.toThrow(/not in its dictionary/);
  });

  it('reads several queries at once as each reads alone, each name column with its own dictionary', async () => {
    const label: RowColumn = { sql: 't.label', kind: 'name', values: 'select label from rows_t' };
    const queries = [
      query([{ sql: 't.id', kind: 'num' }, tag(), { sql: 't.flag', kind: 'bool' }]),
      query([label, { sql: 't.amount', kind: 'num' }, tag((t) => `<${t}>`)], { where: sql`t.id <= ${2500}`, orderBy: 't.id', chunk: '0' }),
      query([{ sql: 't.id', kind: 'num' }], { where: sql`t.id < ${0}` }),
      query([{ sql: 't.label', kind: 'text' }, label], { where: sql`t.id between ${10} and ${4000}`, orderBy: 't.id' }),
    ];
    const alone = await Promise.all(queries.map(read));
    expect(alone[0]).toHaveLength(ROWS - 1);
    expect(alone[1]!.slice(0, 2)).toEqual([
      [row(1).label, row(1).amount, `<${row(1).tag}>`],
      [row(2).label, row(2).amount, `<${row(2).tag}>`],
    ]);
    const together = await database.reader.readMany(
      database.reader.db,
      queries.map((q) => ({ q, make: (v: readonly unknown[]) => [...v] })),
    );
    expect(together).toEqual(alone);
    expect(await database.reader.readMany(database.reader.db, [])).toEqual([]);
  });

  it('fails several reads at once with the failing statement’s own error, leaving nothing behind', async () => {
    const failing = query([tag(), { sql: "cast(case when t.id = 4000 then 'x' else '1' end as integer)", kind: 'num' }]);
    const fine = query([tag()], { where: sql`t.id <= ${3}`, orderBy: 't.id' });
    const reads = [fine, failing, fine].map((q) => ({ q, make: (v: readonly unknown[]) => [...v] }));
    await expect(database.reader.readMany(database.reader.db, reads)).rejects.toThrow(/Could not convert|invalid input syntax/i);
    // A make that throws, in the middle of the reads: its error, and nothing left either.
    const throwing = [fine, fine, fine].map((q, j) => ({
      q,
      make: (v: readonly unknown[]) => {
        if (j === 1) throw new Error('make failed');
        return [...v];
      },
    }));
    await expect(database.reader.readMany(database.reader.db, throwing)).rejects.toThrow('make failed');
    if (engine === 'duckdb') {
      const temp = await sql<{ n: number }>`select count(*)::integer as n from duckdb_tables() where temporary`.execute(database.reader.db);
      expect(Number(temp.rows[0]!.n)).toBe(0);
    }
    expect(await database.reader.readMany(database.reader.db, [reads[0]!])).toEqual([[[row(1).tag], [row(2).tag], [row(3).tag]]]);
  });

  it('fails with the failing statement’s own error, leaving nothing behind, and reads again after it', async () => {
    // Fails in the row statement, after the dictionaries were written in the same transaction.
    const failing = query([tag(), { sql: "cast(case when t.id = 4000 then 'x' else '1' end as integer)", kind: 'num' }]);
    await expect(read(failing)).rejects.toThrow(/Could not convert|invalid input syntax/i);
    if (engine === 'duckdb') {
      const temp = await sql<{ n: number }>`select count(*)::integer as n from duckdb_tables() where temporary`.execute(database.db);
      expect(Number(temp.rows[0]!.n)).toBe(0);
    }
    expect(await read(query([tag()], { where: sql`t.id <= ${3}`, orderBy: 't.id' }))).toEqual([[row(1).tag], [row(2).tag], [row(3).tag]]);
  });

  describe('as columns', () => {
    const columns = (q: RowsQuery) => database.readColumns(database.db, q);
    const every = (): RowColumn[] => [
      { sql: 't.id', kind: 'num' },
      { sql: 't.label', kind: 'text' },
      tag(),
      { sql: 't.amount', kind: 'num' },
      { sql: 't.flag', kind: 'bool' },
      restrictedName('t.tag', "select tag from rows_tags union all select ''"),
    ];

    it('gives the values the row reader gives, across chunks, NULLs as flags and names as codes', async () => {
      const q = query(every());
      const got = await columns(q);
      expect(got.length).toBe(ROWS - 1);
      expect(got.columns.map((c) => c.kind)).toEqual(['num', 'text', 'name', 'num', 'bool', 'name']);
      expect(rowsOf(got)).toEqual(await read(q));
      // -0, NaN and the infinities kept; each distinct name once in its dictionary.
      const amount = got.columns[3]!;
      if (amount.kind !== 'num') throw new Error('amount is not a number column');
      expect(Array.from(amount.values).some((v) => Number.isNaN(v))).toBe(true);
      const names = got.columns[2]!;
      if (names.kind !== 'name') throw new Error('tag is not a name column');
      expect(new Set(names.dictionary).size).toBe(names.dictionary.length);
      expect(names.dictionary.length).toBeLessThanOrEqual(NAMES.length);
    });

    it('decodes each distinct name once, every row of it the same value', async () => {
      let calls = 0;
      const got = await columns(
        query([
          tag((t) => {
            calls++;
            return { t };
          }),
        ]),
      );
      const distinct = new Set(NAMES.filter((n) => n !== null)).size;
      expect(calls).toBeGreaterThanOrEqual(distinct);
      expect(calls).toBeLessThanOrEqual(distinct + 1);
      expect(rowsOf(got).map(([v]) => (v === null ? null : (v as { t: string }).t))).toEqual(Array.from({ length: ROWS - 1 }, (_v, k) => row(ROWS - k).tag));
    });

    it('reads no rows as empty columns', async () => {
      const got = await columns(query(every(), { where: sql`t.id < ${0}` }));
      expect(got.length).toBe(0);
      expect(got.columns).toHaveLength(6);
      expect(rowsOf(got)).toEqual([]);
    });

    it.runIf(engine === 'duckdb')('refuses a name whose values miss one of its texts', async () => {
      await expect(columns(query([{ sql: 't.tag', kind: 'name', values: "select 'svc-a'" }]))).rejects.toThrow(/not in its dictionary/);
    });

    it('fails with the statement’s own error, leaving nothing behind, and reads again after it', async () => {
      await expect(columns(query([tag(), { sql: "cast(case when t.id = 4000 then 'x' else '1' end as integer)", kind: 'num' }]))).rejects.toThrow(
        /Could not convert|invalid input syntax/i,
      );
      if (engine === 'duckdb') {
        const temp = await sql<{ n: number }>`select count(*)::integer as n from duckdb_tables() where temporary`.execute(database.db);
        expect(Number(temp.rows[0]!.n)).toBe(0);
      }
      expect(rowsOf(await columns(query([tag()], { where: sql`t.id <= ${3}`, orderBy: 't.id' })))).toEqual([[row(1).tag], [row(2).tag], [row(3).tag]]);
    });
  });
});
