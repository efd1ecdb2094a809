import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import { duckDbOptions, duckDbWriteSettings, engineOf, openDatabase, outOfMemoryError, redactUrl } from './open-database.js';
import { notWritable } from './duckdb-dialect.js';
import type { DB } from './schema.js';
import { Store } from './store.js';
import { ENGINES, freshDatabase, openTestStore, PG_URL } from './test-support/engines.js';
import { scratchFolders } from './test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

describe('opening a database', () => {
  it('names the process that holds a DuckDB file', async () => {
    const path = join(temp.make('secscore-lock-'), 'held.db');
    await (await Store.open(path)).close();
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect(); console.log('ready'); setTimeout(() => {}, 60000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
        holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const error = await Store.open(path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SecscoreError);
      expect((error as SecscoreError).code).toBe('DB_LOCKED');
      expect((error as SecscoreError).message).toContain(`process ${holder.pid}`);
      expect((error as SecscoreError).message).toContain(path);
    } finally {
      holder.kill();
    }
  });

  it('opens a file it may write as before when the command only reads: made and migrated when new, written read-write', async () => {
    const path = join(temp.make('secscore-reads-'), 'new.db');
    const store = await Store.open(path, { onlyReads: true });
    try {
      const { rows } = await sql<{ mode: string }>`select current_setting('access_mode') as mode`.execute(store.db);
      expect(rows[0]!.mode).toBe('automatic');
      expect(await store.secretKey()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await store.close();
    }
  });

  it.each([
    ['IO Error: Cannot open file "/srv/secscore.db": Permission denied', 'Permission denied'],
    ['IO Error: Cannot open file "/mnt/ro/secscore.db": Read-only file system', 'Read-only file system'],
    ['IO Error: Could not set lock on file "/srv/secscore.db": Conflicting lock is held in node (PID 12)', null],
    ['IO Error: Cannot open database "/srv/x.db" in read-only mode: database does not exist', null],
  ])('tells a file DuckDB may not write (%s) from other failures to open it', (message, reason) => {
    expect(notWritable(new Error(message))).toBe(reason);
  });

  it('tells DuckDB paths from PostgreSQL URLs and hides passwords', () => {
    expect(engineOf('secscore.db')).toBe('duckdb');
    expect(engineOf('postgres://u@h/db')).toBe('postgres');
    expect(engineOf('postgresql://u@h/db')).toBe('postgres');
    expect(redactUrl('postgres://user:s3cret@host:5432/db')).toBe('postgres://user:***@host:5432/db');
  });

  it('reports an unreachable PostgreSQL server as a runtime error naming it without the password', async () => {
    const error = await Store.open('postgres://user:s3cret@127.0.0.1:1/nothing').then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as SecscoreError).code).toBe('DB_UNREACHABLE');
    expect((error as SecscoreError).message).toContain('postgres://user:***@127.0.0.1:1/nothing');
    expect((error as SecscoreError).message).not.toContain('s3cret');
  });
});

describe.runIf(PG_URL !== undefined)('PostgreSQL connections', () => {
  it('ask the server to check that secscore is still there while a statement runs (a killed import stops its statement)', async () => {
    const { store, cleanup } = await openTestStore('postgres');
    try {
      const version = (await sql<{ n: number }>`select current_setting('server_version_num')::int as n`.execute(store.db)).rows[0]!.n;
      // Before PostgreSQL 14 the setting does not exist, and the connection works without it.
      if (version < 140000) return;
      const { rows } = await sql<{ v: string }>`select current_setting('client_connection_check_interval') as v`.execute(store.db);
      expect(rows[0]!.v).toBe('1s');
    } finally {
      await cleanup();
    }
  });
});

describe('DuckDB out of memory', () => {
  it('becomes an error that names the limit and how to raise it', async () => {
    const path = join(temp.make('secscore-oom-'), 'oom.db');
    const saved = process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
    process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'] = '64MB';
    const db = await openDatabase(path);
    try {
      // One string of 2 M wide rows cannot be held in 64 MB: DuckDB's own error, for real.
      const err = await sql`select string_agg(repeat('x', 100) || i::varchar, ',' order by i desc) as t from range(2000000) r(i)`.execute(db.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^Out of Memory Error/);
      const known = outOfMemoryError(err);
      expect(known).toBeInstanceOf(SecscoreError);
      expect(known!.exitCode).toBe(1);
      expect(known!.message).toContain('under its limit of 64MB');
      expect(known!.message).toContain('SECSCORE_DUCKDB_MEMORY_LIMIT=');
      // Without a limit of the user's, both limits secscore sets (open-database.ts, duckDbWriteSettings).
      expect(outOfMemoryError(err, {})!.message).toContain('under its limit of 256MB, 96MB while a large import writes');
      expect(outOfMemoryError(new Error('Binder Error: no such column'))).toBeNull();
      expect(outOfMemoryError('Out of Memory Error')).toBeNull();
    } finally {
      await db.db.destroy();
      if (saved === undefined) delete process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
      else process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'] = saved;
    }
  });
});

describe('DuckDB settings from the environment', () => {
  it('takes a memory limit with its unit and a thread count, and refuses anything else with an error naming the variable (exit 2)', () => {
    expect(duckDbOptions({})).toEqual({ memory_limit: '256MB', preserve_insertion_order: 'false' });
    expect(duckDbOptions({ SECSCORE_DUCKDB_MEMORY_LIMIT: ' 2GB ', SECSCORE_DUCKDB_THREADS: '4' })).toEqual({
      memory_limit: '2GB',
      preserve_insertion_order: 'false',
      threads: '4',
    });
    for (const ok of ['64MB', '64mb', '0.5GB', '61.1MiB', '1TiB']) expect(() => duckDbOptions({ SECSCORE_DUCKDB_MEMORY_LIMIT: ok })).not.toThrow();
    const refused = (env: NodeJS.ProcessEnv): SecscoreError => {
      try {
        duckDbOptions(env);
      } catch (err) {
        return err as SecscoreError;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    for (const [value, says] of [
      ['abc', 'expected a size with its unit'],
      ['512', 'expected a size with its unit'],
      ['-1GB', 'expected a size with its unit'],
      ['32MB', 'at least 64MB'],
      ['61MiB', 'at least 64MB'],
      ['0.06GB', 'at least 64MB'],
    ] as const) {
      const err = refused({ SECSCORE_DUCKDB_MEMORY_LIMIT: value });
      expect(err).toBeInstanceOf(SecscoreError);
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(`SECSCORE_DUCKDB_MEMORY_LIMIT=${value}: ${says}`);
    }
    for (const value of ['0', 'two', '1.5', '-2']) {
      const err = refused({ SECSCORE_DUCKDB_THREADS: value });
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(`SECSCORE_DUCKDB_THREADS=${value}: expected a whole number`);
    }
  });
});

describe('DuckDB while a large import writes', () => {
  it('runs at 96 MB on one thread, and keeps a limit or a thread count the user set', () => {
    const mine = duckDbWriteSettings({});
    expect(mine.during).toMatchObject({ memory_limit: '96MB', threads: '1', allocator_flush_threshold: '8MB' });
    expect(mine.after).toEqual({ memory_limit: '256MB' });
    const theirs = duckDbWriteSettings({ SECSCORE_DUCKDB_MEMORY_LIMIT: '1GB', SECSCORE_DUCKDB_THREADS: '8' });
    expect(theirs.during).not.toHaveProperty('memory_limit');
    expect(theirs.during).not.toHaveProperty('threads');
    expect(theirs.after).toEqual({});
  });
});

describe('the DuckDB reader connection', () => {
  it('reads what is committed beside the main connection, and is closed with the store', async () => {
    const path = join(temp.make('secscore-reader-'), 'r.db');
    const db = await openDatabase(path);
    try {
      expect(db.reader.db).not.toBe(db.db);
      await sql`create table t (n integer)`.execute(db.db);
      await sql`insert into t select * from range(1000)`.execute(db.db);
      // Both connections busy at once: each answers its own query.
      const [main, beside] = await Promise.all([
        sql<{ s: number }>`select sum(n)::double as s from t`.execute(db.db),
        sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader.db),
      ]);
      expect(main.rows[0]!.s).toBe(499500);
      expect(beside.rows[0]!.c).toBe(1000);
      // A transaction's rows are not the reader's until committed.
      await db.db.transaction().execute(async (trx) => {
        await sql`insert into t values (5000)`.execute(trx);
        expect((await sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader.db)).rows[0]!.c).toBe(1000);
      });
      expect((await sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader.db)).rows[0]!.c).toBe(1001);
    } finally {
      await db.reader.db.destroy();
      await db.db.destroy();
    }
    // Closed, both: the file opens again (a DuckDB file is held by one instance at a time).
    const again = await Store.open(path);
    await again.close();
  });

  it('when one of two side-by-side reads fails, the other is stopped, the first error is thrown, and the store closes', async () => {
    const path = join(temp.make('secscore-together-'), 't.db');
    const store = await Store.open(path);
    // The records are read on the reader connection: without the alerts table they fail there.
    await sql`drop table alerts`.execute(store.db);
    let long: unknown = 'not settled';
    const reads = store.together([
      // Minutes of work unless interrupted: if it were left running, the test would time out.
      () =>
        sql`select sum(i * i)::double as s from range(100000000000) t(i)`.execute(store.db).then(
          () => (long = 'finished'),
          (e: unknown) => {
            long = e;
            throw e;
          },
        ),
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        return store.operationalRecords();
      },
    ] as const);
    await expect(reads).rejects.toThrow(/alerts/);
    // together waited for the long read, which was interrupted.
    expect(long).toBeInstanceOf(Error);
    expect((long as Error).message).toMatch(/interrupt/i);
    await store.close();
    const again = await Store.open(path);
    await again.close();
  }, 60_000);
});

describe.each(ENGINES)('stopping a store (Ctrl-C) on %s', (engine) => {
  /** Runs `during` in a transaction after a committed row, stops the store as `when` says, and checks what was kept. */
  const stopped = async (during: (trx: Transaction<DB>, stop: () => void) => Promise<void>) => {
    const database = await freshDatabase(engine);
    try {
      const store = await Store.open(database.url);
      await store.db.insertInto('meta').values({ key: 'before', value: 'x' }).execute();
      const work = store.db.transaction().execute(async (trx) => {
        await trx.insertInto('meta').values({ key: 'half-done', value: 'x' }).execute();
        await during(trx, () => store.stop());
        await trx.insertInto('meta').values({ key: 'after-stop', value: 'x' }).execute();
      });
      await expect(work).rejects.toThrow();
      await store.close();
      // Nothing of the transaction is kept; what was committed before it is.
      const again = await Store.open(database.url);
      try {
        return (await again.db.selectFrom('meta').select('key').execute()).map((r) => r.key).filter((k) => k !== 'secret_key');
      } finally {
        await again.close();
      }
    } finally {
      await database.drop();
    }
  };

  it('fails the statement running, at once, and rolls the transaction back', async () => {
    // A statement of minutes unless stopped: if it were left running, the test would time out.
    const long = engine === 'duckdb' ? sql`select sum(i * i)::double as s from range(100000000000) t(i)` : sql`select pg_sleep(60)`;
    let took = 0;
    const kept = await stopped(async (trx, stop) => {
      setTimeout(stop, 300);
      const started = Date.now();
      await long.execute(trx).finally(() => (took = Date.now() - started));
    });
    expect(took).toBeLessThan(10_000);
    expect(kept).toEqual(['before']);
  }, 60_000);

  it('fails every statement after the stop, so that work stopped between two statements is rolled back too', async () => {
    const kept = await stopped(async (_trx, stop) => {
      stop();
      await new Promise((r) => setTimeout(r, 100));
    });
    expect(kept).toEqual(['before']);
  }, 60_000);
});

describe.runIf(PG_URL !== undefined)('PostgreSQL connections that end under the store', () => {
  it('fail the statement running on one, throw nothing uncaught, and are replaced for the next statement', async () => {
    const database = await freshDatabase('postgres');
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const store = await Store.open(database.url);
      const name = new URL(database.url).pathname.slice(1);
      const terminate = () => admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
      // Idle: the pool's connections end while no statement runs on them.
      await terminate();
      await new Promise((r) => setTimeout(r, 200));
      expect((await sql<{ n: number }>`select 1 as n`.execute(store.db)).rows[0]!.n).toBe(1);
      // Checked out: the connection ends in the middle of a statement.
      // Its failure is taken at once (an unhandled rejection otherwise, until the assertion below).
      const running = sql`select pg_sleep(30)`.execute(store.db).then(
        () => 'finished',
        (e: unknown) => e,
      );
      await new Promise((r) => setTimeout(r, 300));
      await terminate();
      expect(await running).toMatchObject({ code: '57P01' });
      await new Promise((r) => setTimeout(r, 200));
      expect((await sql<{ n: number }>`select 2 as n`.execute(store.db)).rows[0]!.n).toBe(2);
      await store.close();
    } finally {
      await admin.end();
      await database.drop();
    }
  }, 60_000);
});
