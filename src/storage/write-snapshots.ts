import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RawFinding } from '../domain/finding.js';
import type { Category } from '../domain/severity.js';
import type { Millis } from '../domain/time.js';
import { emptyStageRows, releaseHeap, STAGE_COLUMNS, type StageRows, type Stager } from './bulk-stage.js';
import { storableText, storableTextOrNull } from '../domain/text.js';
import type { DB } from './schema.js';
import type { FileRecord, SnapshotOutcome } from './store.js';
import { storedDescription, writeAlertFindings, type AlertFindingsOutcome, type AlertRecord } from './alert-findings.js';
import { writeSmallFile } from './write-small-file.js';

/**
 * The write path of scan snapshots, set-based in SQL so that its cost follows what changed,
 * not the history stored.
 *
 * A file's findings are staged in batches, in the file's one transaction (bulk-stage.ts: the
 * staging table `import_stage` on PostgreSQL, a spill file read in place on DuckDB), each under
 * a group number the caller picks (importFiles: one per header and target; the groups of one
 * stream are merged). `finish` then writes each
 * (service, tool, category) snapshot:
 *
 * 1. its findings, the first of each fingerprint in file order (`import_snap`);
 * 2. new findings inserted, and the attributes of known ones refreshed when this snapshot is
 *    later than the one they came from (so stored attributes do not depend on import order);
 * 3. the scan row and its sightings (re-importing a stream at the same scan time replaces them);
 * 4. the open intervals (inputs.md §2, domain/lifecycle.ts):
 *    - the snapshot is the stream's latest (the usual daily import): open intervals of findings
 *      it lacks are fixed (unless partial), open ones it has move their last sighting, and the
 *      rest open an interval — three statements, whatever the history;
 *    - the same snapshot again (same time, flag and findings): nothing changes;
 *    - otherwise (an older snapshot arrives, or a changed one replaces another) the intervals
 *      of the findings it can affect are derived again from their sightings with window
 *      functions, the same derivation as deriveIntervals, and only those that differ are
 *      rewritten. Affected: the findings in the snapshot (new or replaced), and those seen
 *      since the last full snapshot before it (the ones it can fix).
 *
 * Findings without sightings (GitHub alerts: their intervals come from the API) never take
 * part: only intervals whose last sighting is a sighting of this stream are fixed.
 *
 * A small file (at most SMALL_FILE findings, still held in memory) whose snapshots are all their
 * streams' latest goes another way to the same rows: write-small-file.ts, a few statements for
 * the whole file.
 */

export interface StagedSnapshot {
  serviceId: string;
  tool: string;
  category: Category;
  scannedAt: Millis;
  partial: boolean;
  /** The staged groups whose findings make up this snapshot. */
  groups: readonly number[];
}

export interface StagedFinding {
  group: number;
  finding: RawFinding;
}

/** A split's second reader's staged rows (importers/types.ts, SpilledPart; bulk-stage.ts, StagedPart). */
export interface SpilledRows {
  dir: string;
  findings: number;
  alternates: Int32Array;
  claimed: boolean;
}

/** One file's import, inside its transaction: stage, then finish. */
export interface FileImport {
  /** Stages findings, each under the group the caller gave it, in file order. */
  stage(batch: readonly StagedFinding[]): Promise<void>;
  /**
   * Stages the findings a split's second reader staged (SpilledPart), all under `group`, after
   * those staged so far; takes the part (and removes it at `close`). Only where the stager reads
   * spill parts in place (DuckDB): absent elsewhere, and importers are then given no split.
   */
  stagePart?(part: SpilledRows, group: number): Promise<void>;
  /** The scan time given to the same file content before in the same snapshots (see scanTimeOfContent), read in this transaction. */
  scanTimeOfContent(sha256: string, format: string, snapshots: readonly SnapshotKey[]): Promise<Millis | null>;
  /** Frees what staging holds outside the database; the store calls it when the import ends, however it ends. */
  close(): Promise<void>;
  /** The store calls it once the file's transaction committed, on `db` (StageBatches.committed). */
  committed(db: Kysely<DB>): Promise<void>;
  /** Writes the snapshots from what was staged, and the import log row. */
  finish(snapshots: readonly StagedSnapshot[], record: FileRecord): Promise<SnapshotOutcome[]>;
  /**
   * Writes the findings the tool itself says were open from one time and closed at another (a
   * DefectDojo finding mitigated, a GitHub alert fixed) through the alert path
   * (alert-findings.ts): one interval `[toolOpenedAt, toolFixedAt)` each, no sightings. Call it
   * after `finish`, so that the tool's times win over a fix the snapshot gave the same finding.
   */
  writeToolClosed(alerts: readonly AlertRecord[], at: Millis, record: FileRecord): Promise<AlertFindingsOutcome>;
}

/** The columns of `findings` staged as they are (all of STAGE_COLUMNS but grp, ord and fingerprint). */
const ATTRIBUTES = STAGE_COLUMNS.slice(3).map(([c]) => c);
/** The attributes as the staged rows (alias `st`) give them, in ATTRIBUTES order. */
const STAGED_ATTRIBUTES = sql.raw(ATTRIBUTES.map((c) => `st.${c}`).join(', '));

/**
 * The longest text a staged finding keeps per field, in UTF-16 units; longer text is cut, with
 * TRUNCATED at its end, the same on both engines. Scanner text this long is pasted output, not a
 * title or a message, and a bound per field keeps a staged row within what DuckDB's CSV reader
 * takes in one piece (bulk-stage.ts). The fingerprint is never cut: it is the finding's identity.
 */
export const MAX_STAGED_TEXT = 32_768;
const TRUNCATED = ' [...truncated]';

function stagedText(value: string | null | undefined): string | null {
  const text = storableTextOrNull(value);
  return text !== null && text.length > MAX_STAGED_TEXT ? `${text.slice(0, MAX_STAGED_TEXT - TRUNCATED.length)}${TRUNCATED}` : text;
}

/** The CWE numbers as JSON (`[79,89]`), as JSON.stringify writes them, without its call per finding. */
function cweList(cwes: readonly number[]): string {
  if (cwes.length === 0) return '[]';
  return cwes.every(Number.isSafeInteger) ? `[${cwes.join(',')}]` : JSON.stringify(cwes);
}

/** Appends one finding to a batch of staged rows; text made storable on both engines (domain/text.ts). */
export function stageRow(rows: StageRows, group: number, ord: number, f: RawFinding): void {
  rows.grp.push(group);
  rows.ord.push(ord);
  rows.fingerprint.push(storableText(f.fingerprint));
  rows.severity.push(f.severity);
  const title = stagedText(f.title)!;
  rows.title.push(title);
  rows.rule_id.push(stagedText(f.ruleId));
  rows.vulnerability_ids.push(f.vulnerabilityIds.length === 0 ? '[]' : JSON.stringify(f.vulnerabilityIds));
  rows.cwes.push(cweList(f.cwes));
  rows.file_path.push(stagedText(f.file));
  rows.line_number.push(f.line);
  rows.component_name.push(stagedText(f.component.name));
  rows.component_version.push(stagedText(f.component.version));
  rows.fix_version.push(stagedText(f.fixVersion));
  rows.fix_available_at.push(f.fixAvailableAt);
  rows.description.push(storedDescription(title, stagedText(f.description)));
  rows.false_positive.push(f.falsePositive);
  rows.exploit_available.push(f.exploitAvailable);
  rows.secret_hash.push(stagedText(f.secret?.hash));
  rows.secret_preview.push(stagedText(f.secret?.preview));
}

/** The staging tables; `create` is the stager's (temporary on PostgreSQL, ordinary on DuckDB). */
function stagingTables(create: string): string[] {
  return [
    `${create} if not exists import_stage (${STAGE_COLUMNS.map(([c, type]) => `${c} ${type}${['grp', 'ord', 'fingerprint', 'severity', 'title', 'vulnerability_ids', 'cwes', 'false_positive', 'exploit_available'].includes(c) ? ' not null' : ''}`).join(', ')})`,
    `${create} if not exists import_snap (fingerprint text not null, ord integer not null)`,
    `${create} if not exists import_old (finding_id bigint not null)`,
    `${create} if not exists import_new (ord integer not null)`,
    `${create} if not exists import_affected (finding_id bigint not null)`,
    `${create} if not exists import_derived (finding_id bigint not null, seq integer not null, opened_at bigint not null, fixed_at bigint, last_seen_at bigint not null)`,
    `${create} if not exists import_changed (finding_id bigint not null)`,
  ];
}

const STAGING_NAMES = ['import_stage', 'import_snap', 'import_old', 'import_new', 'import_affected', 'import_derived', 'import_changed'];
const EMPTY_STAGING = STAGING_NAMES.map((t) => `delete from ${t}`).join(';\n');

/**
 * A large file's read releases the JavaScript heap every this many findings staged
 * (bulk-stage.ts, releaseHeap). The read makes garbage at the file's pace (each chunk, its
 * text, the findings, their CSV lines and buffers) and V8 let it grow to 200 MB and more
 * before collecting it: the 1 GB SARIF peaked at 396 MB while being read, 295 MB with this.
 * A collection here finds little alive (about 25 MB), but marks all of it, on the main thread:
 * about 25 ms each. On one thread, every 15,000 findings was 0.7 s of the 200 MB SARIF's import
 * and every 30,000 half that. A large SARIF is now read on two threads (app/split-import.ts),
 * this one staging about half the findings, and both heaps grow side by side: the 1 GB import
 * peaked at 373–397 MB at 30,000 here and 15,000 in the worker, 354–378 MB at 15,000 and 7,500
 * (the number of collections here is then what it was at 30,000 on one thread; the 200 MB
 * import 4.35–4.43 s either way).
 */
export const RELEASE_EVERY = 15_000;

/** Opens the import of one file in `trx`: the temporary tables exist and are empty. */
export async function beginFileImport(trx: Kysely<DB>, stager: Stager): Promise<FileImport> {
  // Temporary tables live per connection; made once on DuckDB's one connection, and on
  // PostgreSQL for whichever connection of its pool this transaction has.
  // Emptied there too: on DuckDB they are then empty at the start of every later import, since
  // every import empties them before its commit, and a rolled-back one makes them again.
  await stager.ensureTables(() =>
    sql
      .raw([...stagingTables(stager.createTable), EMPTY_STAGING].join(';\n'))
      .execute(trx)
      .then(() => {}),
  );
  let staged = 0;
  // Rows staged per group, counted here so that no query scans the staged rows to count them.
  const perGroup = new Map<number, number>();
  const batches = await stager.begin(trx);
  const appendPart = batches.appendPart;
  return {
    ...(appendPart !== undefined
      ? {
          async stagePart(part: SpilledRows, group: number) {
            part.claimed = true;
            await appendPart({ dir: part.dir, findings: part.findings, alternates: part.alternates, base: staged, group });
            staged += part.findings;
            perGroup.set(group, (perGroup.get(group) ?? 0) + part.findings);
          },
        }
      : {}),
    async stage(batch) {
      if (batch.length === 0) return;
      const rows = emptyStageRows();
      const before = staged;
      for (const { group, finding } of batch) {
        stageRow(rows, group, staged++, finding);
        perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      }
      await batches.append(rows);
      if (Math.floor(staged / RELEASE_EVERY) > Math.floor(before / RELEASE_EVERY)) await releaseHeap();
    },
    close: () => batches.close(),
    committed: (db) => batches.committed(db),
    scanTimeOfContent: (sha256, format, snapshots) => scanTimeOfContent(trx, sha256, format, snapshots),
    writeToolClosed: (alerts, at, record) =>
      writeAlertFindings(trx, { syncedAt: at, scans: [], alerts, source: { format: record.format, file: record.file, sha256: record.sha256 }, unlogged: true }),
    async finish(snapshots, record) {
      const held = batches.held();
      let outcomes = held !== null ? await writeSmallFile(trx, held, snapshots, record) : null;
      // The small-file path writes no staging table; the set-based one may write all of them.
      const staging = outcomes === null;
      if (outcomes === null) {
        const { rows, keys } = await batches.load();
        outcomes = [];
        for (const snap of snapshots) {
          const stagedRows = snap.groups.reduce((n, g) => n + (perGroup.get(g) ?? 0), 0);
          outcomes.push(await writeSnapshot(trx, { rows, keys, count: stagedRows, hash: stager.hashOf }, snap, record));
        }
      }
      await trx
        .insertInto('import_log')
        .values({ kind: record.kind, format: record.format, file: record.file, sha256: record.sha256, imported_at: Date.now(), records: staged })
        .execute();
      // On DuckDB the staging tables are ordinary tables: what was staged is never committed.
      if (stager.persistent && staging) await sql.raw(EMPTY_STAGING).execute(trx);
      return outcomes;
    },
  };
}

/** What a scan time of earlier content is looked up for: the snapshots the file makes. */
export interface SnapshotKey {
  serviceId: string;
  tool: string;
  category: string;
}

/** The earliest scan time given before to a file of this content and format, in one of these snapshots (none: null). */
export async function scanTimeOfContent(db: Kysely<DB>, sha256: string, format: string, snapshots: readonly SnapshotKey[]): Promise<Millis | null> {
  if (snapshots.length === 0) return null;
  const row = await db
    .selectFrom('scans')
    .select('scanned_at')
    .where('sha256', '=', sha256)
    .where('format', '=', format)
    .where((eb) => eb.or(snapshots.map((s) => eb.and([eb('service_id', '=', s.serviceId), eb('tool', '=', s.tool), eb('category', '=', s.category)]))))
    .orderBy('scanned_at')
    .executeTakeFirst();
  return row ? row.scanned_at : null;
}

async function one<T>(q: RawBuilder<T>, trx: Kysely<DB>): Promise<T> {
  const { rows } = await q.execute(trx);
  return rows[0]!;
}

async function affected(q: RawBuilder<unknown>, trx: Kysely<DB>): Promise<number> {
  return Number((await q.execute(trx)).numAffectedRows ?? 0n);
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** The file's staged rows (bulk-stage.ts: the staging table, or DuckDB's spill file), and how many of them are the snapshot's groups'. */
interface SnapshotRows {
  rows: RawBuilder<unknown>;
  /** The same rows' grp, ord and fingerprint only (StagedRelations). */
  keys: RawBuilder<unknown>;
  count: number;
  /** The engine's hash of SQL expressions, or null (Stager.hashOf). */
  hash: Stager['hashOf'];
}

async function writeSnapshot(
  trx: Kysely<DB>,
  { rows: staged, keys, count: stagedRows, hash }: SnapshotRows,
  snap: StagedSnapshot,
  record: FileRecord,
): Promise<SnapshotOutcome> {
  const t = snap.scannedAt;
  // The stream's rows, by table alias.
  const stream = (alias: string) =>
    sql`${sql.ref(`${alias}.service_id`)} = ${snap.serviceId} and ${sql.ref(`${alias}.tool`)} = ${snap.tool} and ${sql.ref(`${alias}.category`)} = ${snap.category}`;
  const outcome = { serviceId: snap.serviceId, tool: snap.tool, category: snap.category, scannedAt: t, opened: 0, fixed: 0, reopened: 0 };

  // 1. The snapshot's findings: the first of each fingerprint.
  await sql.raw('delete from import_snap; delete from import_old').execute(trx);
  const groups = snap.groups.length > 0 ? snap.groups : [-1];
  const count = await affected(
    sql`insert into import_snap (fingerprint, ord)
      select fingerprint, min(ord) from ${keys} st where grp in (${sql.join(groups)}) group by fingerprint`,
    trx,
  );

  const state = await one(
    sql<{ scan_id: number | null; was_partial: boolean | null; later: number | null; old_count: number | null }>`select
      (select id from scans sc where ${stream('sc')} and scanned_at = ${t}) as scan_id,
      (select partial from scans sc where ${stream('sc')} and scanned_at = ${t}) as was_partial,
      (select max(scanned_at) from scans sc where ${stream('sc')} and scanned_at > ${t}) as later,
      (select count(*) from sightings si where si.scan_id = (select id from scans sc where ${stream('sc')} and scanned_at = ${t})) as old_count`,
    trx,
  );
  const replaced = state.scan_id !== null;
  const scanValues = { partial: snap.partial, format: record.format, file: record.file, sha256: record.sha256, imported_at: Date.now(), finding_count: count };

  if (replaced) {
    // The same snapshot again: same flag, same findings (all known, all sighted then) — nothing moves.
    const matched = await one(
      sql<{ n: number }>`select count(*) as n from import_snap s
        join findings f on ${stream('f')} and f.fingerprint = s.fingerprint
        join sightings si on si.finding_id = f.id and si.scan_id = ${state.scan_id}`,
      trx,
    );
    await trx.updateTable('scans').set(scanValues).where('id', '=', state.scan_id!).execute();
    if (state.was_partial === snap.partial && num(state.old_count) === count && num(matched.n) === count) {
      return { ...outcome, findings: count, unchanged: count, replaced };
    }
  }

  // 2. Findings: new ones, and the attributes of known ones from a later snapshot.
  // The usual first import of a stream skips two joins: with no duplicate fingerprints every
  // staged row of its groups is the snapshot's, and a stream without findings has none to skip.
  const shape = await one(sql<{ known: boolean }>`select exists (select 1 from findings f where ${stream('f')}) as known`, trx);
  const firsts = stagedRows === count ? sql`st.grp in (${sql.join(groups)})` : sql`st.ord in (select ord from import_snap)`;
  let inserted = 0;
  if (!shape.known) inserted = await insertFindings(trx, snap, staged, firsts);
  else {
    // A stream seen before: its new findings picked from the keys alone, so that the whole
    // staged file is read only when there are some (a daily snapshot of a large stream has
    // few or none, and reading every staged row to find them took a second at 360k).
    await sql.raw('delete from import_new').execute(trx);
    const fresh = await affected(
      sql`insert into import_new (ord) select s.ord from import_snap s
        where not exists (select 1 from findings f where ${stream('f')} and f.fingerprint = s.fingerprint)`,
      trx,
    );
    if (fresh > 0) inserted = await insertFindings(trx, snap, staged, sql`st.ord in (select ord from import_new)`);
  }
  if (inserted < count) {
    // Known findings seen again in a later snapshot take its attributes, so that what is stored
    // does not depend on import order: rewritten where one differs and they are from an earlier
    // snapshot (attributesOlderThan), left as they are otherwise. Rewriting all eighteen columns of
    // every known finding held each changed value in DuckDB's memory until commit, and a daily snapshot
    // of 360k known findings ran out of the write's memory limit; so did, at 1.8 M, a join
    // carrying every attribute of both sides to compare them. Where the engine hashes
    // (Stager.hashOf), the findings that may differ are found first by 64-bit hashes of the
    // fingerprint and of the attributes (a join of two numbers a row), and only those are
    // compared value by value; a change whose attributes hash as the stored ones do (odds of
    // 2^-64) would keep the stored ones.
    const differs = sql.raw(ATTRIBUTES.map((c) => `findings.${c} is distinct from x.${c}`).join(' or '));
    const rewrite = (which: RawBuilder<unknown>) =>
      sql`update findings set ${sql.raw(ATTRIBUTES.map((c) => `${c} = x.${c}`).join(', '))}, attributes_at = ${t}
      from (select st.fingerprint, ${STAGED_ATTRIBUTES} from ${staged} st where ${which}) x
      where ${stream('findings')} and findings.fingerprint = x.fingerprint and ${attributesOlderThan('findings', t)} and (${differs})`.execute(trx);
    if (hash === null) await rewrite(firsts);
    else {
      const hashOf = (alias: string, columns: readonly string[]) => sql.raw(hash(columns.map((c) => `${alias}.${c}`)));
      // import_new, done with the new findings, takes the ords of the candidates.
      await sql.raw('delete from import_new').execute(trx);
      const candidates = await affected(
        sql`insert into import_new (ord)
        select x.ord from (select st.ord, ${hashOf('st', ['fingerprint'])} as k, ${hashOf('st', ATTRIBUTES)} as h from ${staged} st where ${firsts}) x
        join (select ${hashOf('f', ['fingerprint'])} as k, ${hashOf('f', ATTRIBUTES)} as h from findings f where ${stream('f')} and f.attributes_at < ${t}) f
          on f.k = x.k
        where x.h <> f.h`,
        trx,
      );
      if (candidates > 0) await rewrite(sql`st.ord in (select ord from import_new)`);
    }
  }

  // 3. The scan row and its sightings.
  let scanId: number;
  if (replaced) {
    scanId = state.scan_id!;
    await sql`insert into import_old (finding_id) select finding_id from sightings where scan_id = ${scanId}`.execute(trx);
    await trx.deleteFrom('sightings').where('scan_id', '=', scanId).execute();
  } else {
    const inserted = await trx
      .insertInto('scans')
      .values({ service_id: snap.serviceId, tool: snap.tool, category: snap.category, scanned_at: t, ...scanValues })
      .returning('id')
      .executeTakeFirstOrThrow();
    scanId = inserted.id;
  }
  await sql`insert into sightings (scan_id, finding_id)
    select cast(${scanId} as bigint), f.id from import_snap s join findings f on ${stream('f')} and f.fingerprint = s.fingerprint`.execute(trx);

  // 4. The intervals.
  const change =
    !replaced && state.later === null
      ? shape.known
        ? await appendLatest(trx, snap, scanId, stream)
        : await openFirst(trx, snap, scanId)
      : await rederive(trx, snap, scanId, stream);
  return { ...outcome, ...change, findings: count, unchanged: Math.max(0, count - change.opened - change.reopened), replaced };
}

/**
 * Whether a stored finding's attributes (alias `f`) come from a snapshot earlier than `t`: the
 * time they stand for is the later of `attributes_at` (when they were written: inserted,
 * rewritten, or synced from an API) and the finding's last sighting (intervals.last_seen_at),
 * since a snapshot that sights a finding with the attributes it has leaves them unwritten.
 *
 * Why not move attributes_at to every sighting's time instead (as it was): a daily snapshot of
 * a large stream then rewrote every known finding's row for one column. On PostgreSQL that is a
 * new version of each wide row and of its index entries: 8.8 s of the 31 s next-day import of
 * the 200 MB SARIF (356k findings). The sighting times are already in `intervals`.
 * write-small-file.ts reads the same time from the rows it gathers.
 */
export function attributesOlderThan(f: string, t: Millis): RawBuilder<unknown> {
  return sql`${sql.ref(`${f}.attributes_at`)} < ${t} and not exists (select 1 from intervals iv where iv.finding_id = ${sql.ref(`${f}.id`)} and iv.last_seen_at >= ${t})`;
}

/** Inserts the staged rows `which` picks (the first of each new fingerprint) as the stream's findings; how many. */
function insertFindings(trx: Kysely<DB>, snap: StagedSnapshot, staged: RawBuilder<unknown>, which: RawBuilder<unknown>): Promise<number> {
  return affected(
    sql`insert into findings (service_id, tool, category, fingerprint, ${sql.raw(ATTRIBUTES.join(', '))}, attributes_at)
    select cast(${snap.serviceId} as text), cast(${snap.tool} as text), cast(${snap.category} as text), st.fingerprint, ${STAGED_ATTRIBUTES}, cast(${snap.scannedAt} as bigint)
    from ${staged} st
    where ${which}`,
    trx,
  );
}

type Change = { opened: number; reopened: number; fixed: number };
type StreamCondition = (alias: string) => RawBuilder<unknown>;

/**
 * The stream's first snapshot (it had no findings before this one): every finding it sighted
 * is new, so each gets its first interval, and nothing is fixed, extended or reopened. What
 * `appendLatest` would do, without its statements over the stream's earlier intervals (there
 * are none) and without counting what it opened by a join: on the 1 GB SARIF that count, a
 * join of 1.8 M intervals with 1.8 M sightings, was part of the peak of the import's memory.
 */
async function openFirst(trx: Kysely<DB>, snap: StagedSnapshot, scanId: number): Promise<Change> {
  return { opened: await openIntervals(trx, scanId, snap.scannedAt, sql`true`), reopened: 0, fixed: 0 };
}

/** Opens a first interval at `t` for each finding sighted by the scan where `where` holds (over sighting `p`); how many. */
function openIntervals(trx: Kysely<DB>, scanId: number, t: Millis, where: RawBuilder<unknown>): Promise<number> {
  return affected(
    sql`insert into intervals (finding_id, seq, opened_at, fixed_at, last_seen_at)
      select p.finding_id, cast(1 as integer), cast(${t} as bigint), null, cast(${t} as bigint)
      from sightings p
      where p.scan_id = ${scanId} and ${where}`,
    trx,
  );
}

/** The snapshot is the stream's latest: fix what it lacks, extend what it has, open the rest. */
async function appendLatest(trx: Kysely<DB>, snap: StagedSnapshot, scanId: number, stream: StreamCondition): Promise<Change> {
  const t = snap.scannedAt;
  let fixed = 0;
  if (!snap.partial) {
    // The open intervals of the stream's findings whose last sighting is the stream's scan at
    // that time, picked by plain joins on unique keys (findings.id; the stream's scan at a time;
    // a sighting's (scan_id, finding_id); an interval's (finding_id, seq)): each is a lookup by
    // key whatever the planner believes of the row counts. Written as `finding_id in (the
    // stream's findings) and exists (sightings join scans …)`, PostgreSQL right after a bulk
    // import (no statistics yet: the stream's findings estimated at 1 row) hashed the EXISTS side
    // once and read all of it again per finding, 70,000 × 70,000: over 10 minutes to import one
    // finding into a stream of 70,000 open ones; this form took 1.3 s there. On DuckDB the
    // statement went from about 100 to about 40 ms; with the joins in UPDATE … FROM itself
    // instead of a derived table, about 550 ms.
    fixed = await affected(
      sql`update intervals set fixed_at = ${t}
        from (select i.finding_id, i.seq from intervals i
          join findings f on f.id = i.finding_id
          join scans sc on sc.scanned_at = i.last_seen_at
          join sightings si on si.scan_id = sc.id and si.finding_id = i.finding_id
          where i.fixed_at is null and ${stream('f')} and ${stream('sc')}
            and not exists (select 1 from sightings p where p.scan_id = ${scanId} and p.finding_id = i.finding_id)) x
        where intervals.finding_id = x.finding_id and intervals.seq = x.seq`,
      trx,
    );
  }
  await sql`update intervals set last_seen_at = ${t}
    where fixed_at is null and finding_id in (select finding_id from sightings where scan_id = ${scanId})`.execute(trx);
  // The sighted findings without an open interval: a first interval where they have none, the
  // next one where all theirs are fixed. Two inserts, each counting what it wrote, rather than
  // one and a count of what it opened by a join of the new intervals with the sightings.
  const opened = await openIntervals(trx, scanId, t, sql`not exists (select 1 from intervals i where i.finding_id = p.finding_id)`);
  const reopened = await affected(
    sql`insert into intervals (finding_id, seq, opened_at, fixed_at, last_seen_at)
      select p.finding_id, cast((select max(i.seq) from intervals i where i.finding_id = p.finding_id) + 1 as integer), cast(${t} as bigint), null, cast(${t} as bigint)
      from sightings p
      where p.scan_id = ${scanId} and not exists (select 1 from intervals i where i.finding_id = p.finding_id and i.fixed_at is null)`,
    trx,
  );
  return { opened, reopened, fixed };
}

/**
 * Any other change: the intervals of the findings it can affect, derived again from their
 * sightings. An interval starts at a finding's first sighting, and again at a sighting that
 * follows a full snapshot without it (the first full snapshot after the previous sighting is
 * earlier); it is fixed at the first full snapshot after its last sighting.
 */
async function rederive(trx: Kysely<DB>, snap: StagedSnapshot, scanId: number, stream: StreamCondition): Promise<Change> {
  const t = snap.scannedAt;
  await sql.raw('delete from import_affected; delete from import_derived; delete from import_changed').execute(trx);
  await sql`insert into import_affected (finding_id)
    select finding_id from sightings where scan_id = ${scanId}
    union select finding_id from import_old
    union select si.finding_id from sightings si join scans sc on sc.id = si.scan_id
      where ${stream('sc')} and sc.scanned_at < ${t}
        and sc.scanned_at >= coalesce((select max(l.scanned_at) from scans l where ${stream('l')} and not l.partial and l.scanned_at < ${t}), ${Number.MIN_SAFE_INTEGER})`.execute(
    trx,
  );
  await sql`insert into import_derived (finding_id, seq, opened_at, fixed_at, last_seen_at)
    with sc as (select id, scanned_at, partial from scans s where ${stream('s')}),
    nf as (select s.id, s.scanned_at, (select min(x.scanned_at) from sc x where not x.partial and x.scanned_at > s.scanned_at) as next_full from sc s),
    ev as (select si.finding_id, nf.scanned_at as t, nf.next_full from sightings si join nf on nf.id = si.scan_id
      where si.finding_id in (select finding_id from import_affected)),
    w as (select finding_id, t, next_full,
      lag(next_full) over (partition by finding_id order by t) as prev_next_full,
      lag(t) over (partition by finding_id order by t) as prev_t from ev),
    g as (select finding_id, t, next_full,
      sum(case when prev_t is null or prev_next_full < t then 1 else 0 end) over (partition by finding_id order by t rows unbounded preceding) as seq from w)
    select finding_id, cast(seq as integer), min(t), case when count(next_full) = count(*) then max(next_full) end, max(t)
    from g group by finding_id, seq`.execute(trx);

  const counts = await one(
    sql<{ opened: number | null; reopened: number | null; fixed: number | null }>`select
      sum(case when d.opened_at = ${t} and (i.finding_id is null or i.opened_at <> d.opened_at) and d.seq = 1 then 1 else 0 end) as opened,
      sum(case when d.opened_at = ${t} and (i.finding_id is null or i.opened_at <> d.opened_at) and d.seq > 1 then 1 else 0 end) as reopened,
      sum(case when d.fixed_at = ${t} and (i.finding_id is null or i.fixed_at is distinct from d.fixed_at) then 1 else 0 end) as fixed
      from import_derived d left join intervals i on i.finding_id = d.finding_id and i.seq = d.seq`,
    trx,
  );
  await sql`insert into import_changed (finding_id)
    select distinct coalesce(d.finding_id, o.finding_id) from import_derived d
    full join (select i.* from intervals i where i.finding_id in (select finding_id from import_affected)) o
      on o.finding_id = d.finding_id and o.seq = d.seq
    where d.finding_id is null or o.finding_id is null or o.opened_at <> d.opened_at
      or o.fixed_at is distinct from d.fixed_at or o.last_seen_at <> d.last_seen_at`.execute(trx);
  await sql`delete from intervals where finding_id in (select finding_id from import_changed)`.execute(trx);
  await sql`insert into intervals (finding_id, seq, opened_at, fixed_at, last_seen_at)
    select finding_id, seq, opened_at, fixed_at, last_seen_at from import_derived where finding_id in (select finding_id from import_changed)`.execute(trx);
  return { opened: num(counts.opened), reopened: num(counts.reopened), fixed: num(counts.fixed) };
}
