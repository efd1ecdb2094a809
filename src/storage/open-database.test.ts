import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { sql } from 'kysely';
import { engineOf, openDatabase, redactUrl } from './open-database.js';
import { Store } from './store.js';

describe('opening a database', () => {
  it('names the process that holds a DuckDB file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'secscore-lock-')), 'held.db');
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

describe('the DuckDB reader connection', () => {
  it('reads what is committed beside the main connection, and is closed with the store', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'secscore-reader-')), 'r.db');
    const db = await openDatabase(path);
    try {
      expect(db.reader).not.toBe(db.db);
      await sql`create table t (n integer)`.execute(db.db);
      await sql`insert into t select * from range(1000)`.execute(db.db);
      // Both connections busy at once: each answers its own query.
      const [main, beside] = await Promise.all([
        sql<{ s: number }>`select sum(n)::double as s from t`.execute(db.db),
        sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader),
      ]);
      expect(main.rows[0]!.s).toBe(499500);
      expect(beside.rows[0]!.c).toBe(1000);
      // A transaction's rows are not the reader's until committed.
      await db.db.transaction().execute(async (trx) => {
        await sql`insert into t values (5000)`.execute(trx);
        expect((await sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader)).rows[0]!.c).toBe(1000);
      });
      expect((await sql<{ c: number }>`select count(*)::double as c from t`.execute(db.reader)).rows[0]!.c).toBe(1001);
    } finally {
      await db.reader.destroy();
      await db.db.destroy();
    }
    // Closed, both: the file opens again (a DuckDB file is held by one instance at a time).
    const again = await Store.open(path);
    await again.close();
  });
});
