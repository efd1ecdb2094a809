import type * as DuckDbApi from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';
import { createRequire } from 'node:module';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type SchemaMetadata,
  type TableMetadata,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * The driver, a CommonJS package, is loaded with `require`: an ESM `import` of it makes Node
 * scan every one of its files for named exports first, which took 0.25 s of each start (0.08 s
 * with `require`) on the 2-core machine.
 */
const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDbApi;

/**
 * A small Kysely dialect for DuckDB over `@duckdb/node-api`.
 *
 * Why our own: the dialect on npm (kysely-duckdb) returns DuckDB's BIGINT/HUGEINT as JS
 * bigint and its own value classes, so the same query gave different JSON on DuckDB and on
 * PostgreSQL. Here every value is normalised to what `pg` returns for our schema (numbers,
 * strings, booleans, null), which is what lets one store and one contract suite serve both.
 *
 * DuckDB speaks PostgreSQL's SQL closely enough for the PostgreSQL compiler ($1 parameters,
 * ON CONFLICT, RETURNING). The adapter only differs in migration locking: a DuckDB file is
 * held by one process at a time, so there is nothing to lock against.
 */
export interface DuckDbDialectConfig {
  /** A file path, or ':memory:'. */
  path: string;
  /** DuckDB configuration options (`memory_limit`, `preserve_insertion_order`, ...), set when the database is opened. */
  options?: Record<string, string>;
}

export class DuckDbDialect implements Dialect {
  readonly #config: DuckDbDialectConfig;
  #driver: DuckDbDriver | undefined;
  constructor(config: DuckDbDialectConfig) {
    this.#config = config;
  }
  createAdapter(): DialectAdapter {
    return new DuckDbAdapter();
  }
  createDriver(): Driver {
    this.#driver = new DuckDbDriver(this.#config);
    return this.#driver;
  }
  /**
   * A second connection to the same open database, for a second Kysely that only reads: the
   * bulk reads of one command (intervals on this connection, operational records on that one)
   * then run in DuckDB at the same time, while JavaScript decodes what has already come,
   * instead of one after the other. It sees what is committed; destroy it before this one.
   */
  readerDialect(): Dialect & { rawConnection(): DuckDBConnection; interrupt(): void; stop(): void } {
    const shared = (): DuckDBInstance => {
      const instance = this.#driver?.instance;
      if (!instance) throw new Error('DuckDB: the database is not open');
      return instance;
    };
    let driver: DuckDbDriver | undefined;
    return {
      createAdapter: () => new DuckDbAdapter(),
      createDriver: () => (driver = new DuckDbDriver(this.#config, shared)),
      createIntrospector: (db) => new DuckDbIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
      rawConnection: () => {
        const raw = driver?.raw;
        if (!raw) throw new Error('DuckDB: the reader connection is not open');
        return raw;
      },
      interrupt: () => driver?.raw?.interrupt(),
      stop: () => driver?.stop(),
    };
  }
  /** Stops the one connection's work for good (DuckDbConnection.stop). */
  stop(): void {
    this.#driver?.stop();
  }
  /** Stops the query running on the one connection, if any: it fails with DuckDB's INTERRUPT error. */
  interrupt(): void {
    this.#driver?.raw?.interrupt();
  }
  /**
   * The one connection, for the bulk path (bulk-stage.ts). Only for code already running inside
   * a Kysely transaction or connection of this dialect, which is what makes it that user's.
   */
  rawConnection(): DuckDBConnection {
    const raw = this.#driver?.raw;
    if (!raw) throw new Error('DuckDB: the database is not open');
    return raw;
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDbIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

/** PostgreSQL's introspector reads pg_catalog functions DuckDB lacks; information_schema has what Kysely needs. */
class DuckDbIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<any>;
  constructor(db: Kysely<any>) {
    this.#db = db;
  }
  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.#db.selectFrom('information_schema.schemata').select('schema_name').distinct().execute();
    return rows.map((r: { schema_name: string }) => ({ name: r.schema_name }));
  }
  async getTables(): Promise<TableMetadata[]> {
    const rows = (await this.#db
      .selectFrom('information_schema.columns as c')
      .innerJoin('information_schema.tables as t', (j) => j.onRef('t.table_name', '=', 'c.table_name').onRef('t.table_schema', '=', 'c.table_schema'))
      .select(['c.table_schema', 'c.table_name', 'c.column_name', 'c.data_type', 'c.is_nullable', 'c.column_default', 't.table_type'])
      .where('c.table_schema', 'not in', ['information_schema', 'pg_catalog'])
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position')
      .execute()) as {
      table_schema: string;
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      table_type: string;
    }[];
    const tables = new Map<string, TableMetadata>();
    for (const r of rows) {
      const key = `${r.table_schema}.${r.table_name}`;
      let t = tables.get(key);
      if (!t) {
        t = { name: r.table_name, schema: r.table_schema, isView: r.table_type === 'VIEW', columns: [] };
        tables.set(key, t);
      }
      (t.columns as unknown[]).push({
        name: r.column_name,
        dataType: r.data_type,
        isNullable: r.is_nullable === 'YES',
        isAutoIncrementing: false,
        hasDefaultValue: r.column_default !== null,
      });
    }
    return [...tables.values()];
  }
  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class DuckDbAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

/** One connection, handed out to one user at a time (DuckDB serialises writes anyway). */
class DuckDbDriver implements Driver {
  readonly #config: DuckDbDialectConfig;
  /** The instance of another driver this one opens its connection on (readerDialect), if any. */
  readonly #shared: (() => DuckDBInstance) | undefined;
  #instance: DuckDBInstance | undefined;
  #connection: DuckDbConnection | undefined;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(config: DuckDbDialectConfig, shared?: () => DuckDBInstance) {
    this.#config = config;
    this.#shared = shared;
  }

  async init(): Promise<void> {
    if (this.#shared) {
      this.#connection = new DuckDbConnection(await this.#shared().connect());
      return;
    }
    this.#instance = await duckdb.DuckDBInstance.create(this.#config.path, this.#config.options);
    this.#connection = new DuckDbConnection(await this.#instance.connect());
  }

  get instance(): DuckDBInstance | undefined {
    return this.#instance;
  }

  get raw(): DuckDBConnection | undefined {
    return this.#connection?.raw;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN TRANSACTION'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  /** DuckDbConnection.stop on the connection. */
  stop(): void {
    this.#connection?.stop();
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    this.#connection?.close();
    this.#instance?.closeSync();
    this.#connection = undefined;
    this.#instance = undefined;
  }
}

const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
/** A raw `sql` statement that changes rows (DuckDB answers those with a Count row, as the builder's do). */
const RAW_WRITE = /^\s*(insert|update|delete)\b(?![\s\S]*\breturning\b)/i;

const COMMIT = /^\s*commit\b/i;

/** Prepared statements kept per SQL text: an import runs the same few dozen statements for every file. */
const PREPARED_CACHE = 256;

class DuckDbConnection implements DatabaseConnection {
  readonly #conn: DuckDBConnection;
  readonly #prepared = new Map<string, DuckDBPreparedStatement>();
  #stopped = false;
  /** The statement running now, if any. */
  #running: string | null = null;
  constructor(conn: DuckDBConnection) {
    this.#conn = conn;
  }

  /**
   * Stops the connection's work for good (Ctrl-C): the statement running now is interrupted,
   * and every later one but ROLLBACK fails at once. DuckDB's interrupt alone is lost when it
   * comes between two statements (each starts afresh), and the import's next ones ran to its
   * commit. A COMMIT already running is left to finish: interrupted, it failed after the
   * transaction had committed, and the command said the import was rolled back when it was in.
   */
  stop(): void {
    this.#stopped = true;
    // Nothing of ours running: a statement on the raw connection (bulk-stage.ts) may be.
    if (this.#running === null || !COMMIT.test(this.#running)) this.#conn.interrupt();
  }

  close(): void {
    for (const p of this.#prepared.values()) p.destroySync();
    this.#prepared.clear();
    this.#conn.closeSync();
  }

  /** Direct access for bulk paths (the appender); the store uses it only inside its own transaction. */
  get raw(): DuckDBConnection {
    return this.#conn;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#stopped && !/^\s*rollback\b/i.test(compiled.sql)) throw new Error('INTERRUPT Error: secscore was stopped (Ctrl-C)');
    const params = compiled.parameters.map(toDuckValue);
    this.#running = compiled.sql;
    let reader;
    try {
      reader = params.length === 0 ? await this.#conn.runAndReadAll(compiled.sql) : await this.#run(compiled.sql, params);
    } finally {
      this.#running = null;
    }
    const rows = reader.getRowObjectsJS().map(normaliseRow) as R[];
    const node = compiled.query as { kind?: string; returning?: unknown } | undefined;
    const write = node?.kind === 'RawNode' ? RAW_WRITE.test(compiled.sql) : node?.kind !== undefined && WRITE_KINDS.has(node.kind) && !node.returning;
    if (write) {
      const first = rows[0] as Record<string, unknown> | undefined;
      const count = first && typeof first['Count'] === 'number' ? (first['Count'] as number) : 0;
      return { rows: [], numAffectedRows: BigInt(count) };
    }
    return { rows };
  }

  async #run(text: string, params: unknown[]) {
    let prepared = this.#prepared.get(text);
    if (prepared) this.#prepared.delete(text);
    else {
      prepared = await this.#conn.prepare(text);
      if (this.#prepared.size >= PREPARED_CACHE) {
        const [oldest, stale] = this.#prepared.entries().next().value as [string, DuckDBPreparedStatement];
        this.#prepared.delete(oldest);
        stale.destroySync();
      }
    }
    this.#prepared.set(text, prepared);
    if (params.some(Array.isArray)) {
      // A JavaScript array is one LIST parameter, of the type its cast in the statement gives it
      // (`unnest($1::text[])`): its items alone cannot say it (an empty list, a first item null).
      const values = params.map((v) => (Array.isArray(v) ? duckdb.listValue(v.map(toDuckValue) as DuckDbApi.DuckDBValue[]) : v));
      prepared.bind(values as never, params.map((v, i) => (Array.isArray(v) ? prepared.parameterType(i + 1) : undefined)) as never);
    } else prepared.bind(params as never);
    return prepared.runAndReadAll();
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 10_000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

/** A query parameter as DuckDB binds it (what `pg` would send for the same value). */
export function toDuckValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'bigint') row[key] = Number(v);
  }
  return row;
}

/** Why DuckDB could not open the file to write it (its mode or owner, a read-only file system), or null for any other error. */
export function notWritable(err: unknown): string | null {
  const m = /^IO Error: Cannot open file .*: (Permission denied|Read-only file system)/.exec(err instanceof Error ? err.message : String(err));
  return m ? m[1]! : null;
}

/** The DuckDB error for a file another process holds, with the holder's PID when DuckDB says it. */
export function lockHolder(err: unknown): { pid: number | null; program: string | null } | null {
  const message = err instanceof Error ? err.message : String(err);
  if (!/Could not set lock on file/i.test(message)) return null;
  const m = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
  return { pid: m ? Number(m[2]) : null, program: m ? m[1]! : null };
}
