import { sql, type Kysely } from 'kysely';
import type { Millis } from '../domain/time.js';
import type { DB } from './schema.js';

/** What import_log says was loaded, per (kind, format). */
export interface ImportSummaryRow {
  /** The import_log kind: `scan` for scanner outputs, `catalog`, or an input kind. */
  kind: string;
  format: string;
  /** Distinct files imported. */
  files: number;
  /** Imports, re-imports included. */
  imports: number;
  /** Records in the latest import of each file, summed: what the files hold now, not how often they were read. */
  records: number;
  lastImportedAt: Millis;
}

export async function importSummary(db: Kysely<DB>): Promise<ImportSummaryRow[]> {
  const [groups, latest] = await Promise.all([
    db
      .selectFrom('import_log')
      .select((eb) => [
        'kind',
        'format',
        eb.fn.count<number>('file').distinct().as('files'),
        eb.fn.countAll<number>().as('imports'),
        eb.fn.max('imported_at').as('last_imported_at'),
      ])
      .groupBy(['kind', 'format'])
      .orderBy('kind')
      .orderBy('format')
      .execute(),
    // The latest import of each file (ids grow with time).
    db
      .selectFrom('import_log')
      .select(['kind', 'format', 'records'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('import_log')
          .select((s) => s.fn.max('id').as('id'))
          .groupBy(['kind', 'format', 'file']),
      )
      .execute(),
  ]);
  const records = new Map<string, number>();
  for (const r of latest) records.set(`${r.kind}\u0000${r.format}`, (records.get(`${r.kind}\u0000${r.format}`) ?? 0) + Number(r.records));
  return groups.map((g) => ({
    kind: g.kind,
    format: g.format,
    files: Number(g.files),
    imports: Number(g.imports),
    records: records.get(`${g.kind}\u0000${g.format}`) ?? 0,
    lastImportedAt: Number(g.last_imported_at),
  }));
}

/** Stored scans per category. */
export interface ScanSummaryRow {
  category: string;
  services: number;
  scans: number;
  tools: string[];
  latestScanAt: Millis;
}

export async function scanSummary(db: Kysely<DB>): Promise<ScanSummaryRow[]> {
  const [groups, tools] = await Promise.all([
    db
      .selectFrom('scans')
      .select((eb) => [
        'category',
        eb.fn.count<number>('service_id').distinct().as('services'),
        eb.fn.countAll<number>().as('scans'),
        eb.fn.max('scanned_at').as('latest'),
      ])
      .groupBy('category')
      .orderBy('category')
      .execute(),
    db.selectFrom('scans').select(['category', 'tool']).distinct().orderBy('category').orderBy('tool').execute(),
  ]);
  return groups.map((g) => ({
    category: g.category,
    services: Number(g.services),
    scans: Number(g.scans),
    tools: tools.filter((t) => t.category === g.category).map((t) => t.tool),
    latestScanAt: Number(g.latest),
  }));
}

/** The latest scan time of each (service, category) ever scanned. */
export async function latestScans(db: Kysely<DB>): Promise<{ serviceId: string; category: string; latestScanAt: Millis }[]> {
  const rows = await db
    .selectFrom('scans')
    .select((eb) => ['service_id', 'category', eb.fn.max('scanned_at').as('latest')])
    .groupBy(['service_id', 'category'])
    .orderBy('service_id')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, category: r.category, latestScanAt: Number(r.latest) }));
}

/** Rows stored in each of the given tables. */
export async function rowCounts<T extends keyof DB & string>(db: Kysely<DB>, tables: readonly T[]): Promise<Map<T, number>> {
  const counts = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await sql<{ n: number | bigint }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      const row = rows[0]!;
      return [table, Number(row.n)] as const;
    }),
  );
  return new Map(counts);
}

/** The greatest value of each column of a table (times as epoch ms, or text such as a `day`), null where the table is empty. */
export async function latestValues(db: Kysely<DB>, table: keyof DB & string, columns: readonly string[]): Promise<(number | string | null)[]> {
  if (columns.length === 0) return [];
  const selections = columns.map((c, i) => sql`max(${sql.ref(c)}) as ${sql.ref(`m${i}`)}`);
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(selections)} from ${sql.table(table)}`.execute(db);
  const row = rows[0] ?? {};
  return columns.map((_, i) => {
    const v = row[`m${i}`];
    if (v === null || v === undefined) return null;
    return typeof v === 'string' && !/^-?\d+$/.test(v) ? v : Number(v);
  });
}

/** The services that have at least one row in a table (by its `service_id` column). */
export async function servicesWithRows(db: Kysely<DB>, table: keyof DB & string): Promise<Set<string>> {
  const { rows } = await sql<{ service_id: string }>`select distinct service_id from ${sql.table(table)} where service_id is not null`.execute(db);
  return new Set(rows.map((r) => r.service_id));
}
