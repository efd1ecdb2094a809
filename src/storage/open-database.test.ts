import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { sql } from 'kysely';
import { engineOf, openDatabase, outOfMemoryError, redactUrl } from './open-database.js';
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

describe('DuckDB out of memory', () => {
  it('becomes an error that names the limit and how to raise it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'secscore-oom-')), 'oom.db');
    const saved = process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
    process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'] = '8MB';
    const db = await openDatabase(path);
    try {
      // A sort of 2 M wide rows cannot be held in 8 MB: DuckDB's own error, for real.
      const err = await sql`select string_agg(repeat('x', 100) || i::varchar, ',' order by i desc) as t from range(2000000) r(i)`.execute(db.db).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^Out of Memory Error/);
      const known = outOfMemoryError(err);
      expect(known).toBeInstanceOf(SecscoreError);
      expect(known!.exitCode).toBe(1);
      expect(known!.message).toContain('under its limit of 8MB');
      expect(known!.message).toContain('SECSCORE_DUCKDB_MEMORY_LIMIT=');
      expect(outOfMemoryError(new Error('Binder Error: no such column'))).toBeNull();
      expect(outOfMemoryError('Out of Memory Error')).toBeNull();
    } finally {
      await db.db.destroy();
      if (saved === undefined) delete process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'];
      else process.env['SECSCORE_DUCKDB_MEMORY_LIMIT'] = saved;
    }
  });
});
