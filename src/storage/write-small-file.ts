import { sql, type Kysely, type RawBuilder } from 'kysely';
import { deriveIntervals, type DerivedInterval } from '../domain/lifecycle.js';
import type { Millis } from '../domain/time.js';
import { STAGE_COLUMNS, type StageRows } from './bulk-stage.js';
import type { DB } from './schema.js';
import type { FileRecord, SnapshotOutcome } from './store.js';
import type { StagedSnapshot } from './write-snapshots.js';

/**
 * The usual import of a small file, written from JavaScript: the same rows as write-snapshots.ts
 * writes (its step 4, "the snapshot is the stream's latest"), in a handful of statements for the
 * whole file instead of about 25 per snapshot.
 *
 * Why: the demo imports 958 files of 5 findings on average (1,774 snapshots), and on DuckDB each
 * statement of the set-based path cost 2–6 ms whatever the size of the file (plans with several
 * joins, read_csv of the spill file, a prepare per file for the statements that name it), about
 * 95 ms a file in all. Here two reads tell everything the lifecycle needs about the file's
 * streams (does a scan at or after this time exist; each finding's id, attributes time and
 * intervals), and the writes are plain inserts and updates by id, each skipped when it has
 * nothing to do.
 *
 * It applies when the file's snapshots are all at one time, one per stream, none replacing a
 * scan at that time, no finding has more than one open interval, and the streams hold at most
 * SMALL_STREAMS intervals and findings (and, when a snapshot is older than its stream's latest,
 * at most SMALL_STREAMS scans and SMALL_SIGHTINGS sightings); otherwise it returns null having
 * written nothing, and the set-based path runs. When every snapshot is its stream's latest (the
 * daily import), the intervals follow from the open ones; when one is older (a backfill of
 * history in any order), the intervals of the findings it can affect are derived again from
 * their sightings in JavaScript (deriveIntervals, as write-snapshots.ts `rederive` does in SQL):
 * the set-based path took about 50 ms a file on DuckDB for those, in some 25 statements.
 */

/**
 * The most rows (a finding's intervals, or a finding without one) of the file's streams this
 * path reads. Its writes name the findings by id, so they grow with the streams, not the file:
 * a one-finding file into a stream of 70,000 open findings failed on PostgreSQL (over its 65,535
 * parameters a statement) and took 5 s on DuckDB, where the set-based path does it in a few
 * statements whatever the size.
 */
export const SMALL_STREAMS = 5000;

/** The most sightings of the file's streams read to derive intervals again (an older snapshot). */
export const SMALL_SIGHTINGS = 20_000;

const ATTRIBUTES = STAGE_COLUMNS.slice(3);

interface Known {
  id: number;
  /**
   * When its stored attributes were written. The time they stand for is the later of this and its
   * intervals' last sightings (write-snapshots.ts, attributesOlderThan; lastSeenMax).
   */
  attributesAt: number;
  /** Its attributes, in ATTRIBUTES order. */
  attributes: unknown[];
  /** Its intervals as stored, and the latest of their last sightings (null without intervals). */
  intervals: DerivedInterval[];
  lastSeenMax: number | null;
  maxSeq: number;
  open: boolean;
  /** When its open interval was last seen, and the stream's scan at that time. */
  lastSeen: number | null;
  lastScan: number | null;
  /** Its open interval's last sighting is a sighting of the stream (alert intervals are never fixed by a snapshot): read only for the findings a snapshot lacks. */
  fixable: boolean;
  /** Its intervals opened at the snapshot's time, first and later ones (counted as the set-based path counts them). */
  firstAtT: number;
  againAtT: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const keyOf = (serviceId: string, tool: string, category: string): string => `${serviceId}\u0000${tool}\u0000${category}`;

export async function writeSmallFile(
  trx: Kysely<DB>,
  rows: StageRows,
  snapshots: readonly StagedSnapshot[],
  record: FileRecord,
): Promise<SnapshotOutcome[] | null> {
  if (snapshots.length === 0) return [];
  const t = snapshots[0]!.scannedAt;
  const streams = new Set(snapshots.map((s) => keyOf(s.serviceId, s.tool, s.category)));
  if (streams.size < snapshots.length || snapshots.some((s) => s.scannedAt !== t)) return null;
  const anyStream = (alias: string): RawBuilder<unknown> =>
    sql.join(
      snapshots.map(
        (s) =>
          sql`(${sql.ref(`${alias}.service_id`)} = ${s.serviceId} and ${sql.ref(`${alias}.tool`)} = ${s.tool} and ${sql.ref(`${alias}.category`)} = ${s.category})`,
      ),
      sql` or `,
    );

  // The reads, each a plain filter or semi-join, gathered in JavaScript: whether a scan of these
  // streams exists at or after this time, with their findings; those findings' intervals; and
  // the streams' scans at their open intervals' last sightings. One query joining them all (and
  // a GROUP BY of the attribute columns before it) was the same rows, but DuckDB, which has no
  // index on these tables, ran it by hashing the whole of intervals and scans: 255 ms a file in
  // a company of 800,000 findings, against about 15 ms for these three.
  const found = await sql<
    {
      later: number | null;
      same: number | null;
      id: number | null;
      service_id: string;
      tool: string;
      category: string;
      fingerprint: string;
      attributes_at: number;
    } & Record<string, unknown>
  >`select l.later, l.same, x.* from (select count(*) as later, sum(case when sc.scanned_at = ${t} then 1 else 0 end) as same
      from scans sc where sc.scanned_at >= ${t} and (${anyStream('sc')})) l
    left join (select f.id, f.service_id, f.tool, f.category, f.fingerprint, f.attributes_at, ${sql.raw(ATTRIBUTES.map(([c]) => `f.${c}`).join(', '))}
      from findings f where ${anyStream('f')} limit ${SMALL_STREAMS + 1}) x on true`.execute(trx);
  const timing = found.rows[0]!;
  // One row with null columns when the streams have no findings.
  const findings = found.rows.filter((r): r is (typeof found.rows)[number] & { id: number } => r.id !== null);
  if (findings.length > SMALL_STREAMS) return null;
  const intervals =
    findings.length === 0
      ? []
      : (
          await sql<{ finding_id: number; seq: number; opened_at: number; fixed_at: number | null; last_seen_at: number }>`
            select i.finding_id, i.seq, i.opened_at, i.fixed_at, i.last_seen_at from intervals i
            where i.finding_id in (select f.id from findings f where ${anyStream('f')}) limit ${SMALL_STREAMS + 1}`.execute(trx)
        ).rows;
  // As many rows as a join of the two would give: a finding's intervals, or the finding alone.
  const withIntervals = new Set(intervals.map((i) => num(i.finding_id)));
  if (intervals.length + findings.filter((f) => !withIntervals.has(num(f.id))).length > SMALL_STREAMS) return null;
  // A scan at this time: the same file again (handled here when nothing changes), or a changed
  // one replacing it (the set-based path). A later one: this snapshot is older than its stream's latest.
  const same = num(timing.same) > 0;
  const older = !same && num(timing.later) > 0;
  // Per stream, its findings by fingerprint.
  const known = new Map<string, Map<string, Known>>();
  const byId = new Map<number, { stream: string; k: Known }>();
  for (const r of findings) {
    const s = keyOf(r.service_id, r.tool, r.category);
    let m = known.get(s);
    if (!m) known.set(s, (m = new Map()));
    const k: Known = {
      id: num(r.id),
      attributesAt: num(r.attributes_at),
      attributes: ATTRIBUTES.map(([c]) => r[c] ?? null),
      intervals: [],
      lastSeenMax: null,
      maxSeq: 0,
      open: false,
      lastSeen: null,
      lastScan: null,
      fixable: false,
      firstAtT: 0,
      againAtT: 0,
    };
    m.set(r.fingerprint, k);
    byId.set(k.id, { stream: s, k });
  }
  for (const r of intervals) {
    const k = byId.get(num(r.finding_id))?.k;
    if (k === undefined) continue;
    const seq = num(r.seq);
    k.maxSeq = Math.max(k.maxSeq, seq);
    const lastSeenAt = num(r.last_seen_at);
    k.intervals.push({ seq, openedAt: num(r.opened_at), fixedAt: r.fixed_at === null ? null : num(r.fixed_at), lastSeenAt });
    k.lastSeenMax = Math.max(k.lastSeenMax ?? lastSeenAt, lastSeenAt);
    if (r.fixed_at === null) {
      if (k.open) return null; // two open intervals: left to the set-based path
      k.open = true;
      k.lastSeen = lastSeenAt;
    }
    if (num(r.opened_at) === t) {
      if (seq === 1) k.firstAtT++;
      else if (seq > 1) k.againAtT++;
    }
  }
  // The scan of its stream at each open interval's last sighting.
  const lastSeens = [...new Set([...byId.values()].flatMap(({ k }) => (k.open ? [k.lastSeen!] : [])))];
  if (lastSeens.length > 0) {
    const scans = await sql<{ id: number; service_id: string; tool: string; category: string; scanned_at: number }>`
      select sc.id, sc.service_id, sc.tool, sc.category, sc.scanned_at from scans sc
      where (${anyStream('sc')}) and sc.scanned_at in (${sql.join(lastSeens)})`.execute(trx);
    const scanAt = new Map(scans.rows.map((r) => [`${keyOf(r.service_id, r.tool, r.category)}\u0000${num(r.scanned_at)}`, num(r.id)]));
    for (const { stream, k } of byId.values()) if (k.open) k.lastScan = scanAt.get(`${stream}\u0000${k.lastSeen}`) ?? null;
  }

  // Each snapshot's findings: the first staged row of each fingerprint, in file order.
  const plans = snapshots.map((snap) => {
    const groups = new Set(snap.groups);
    const firsts = new Map<string, number>();
    for (let i = 0; i < rows.grp.length; i++) {
      if (!groups.has(rows.grp[i]!)) continue;
      const fp = rows.fingerprint[i]!;
      if (!firsts.has(fp)) firsts.set(fp, i);
    }
    return { snap, firsts, known: known.get(keyOf(snap.serviceId, snap.tool, snap.category)) ?? new Map<string, Known>() };
  });

  if (same) return importedAgain(trx, plans, t, record, anyStream);

  // An older snapshot: the streams' scans and their sightings, from which the intervals are derived again.
  const history = older ? await streamHistory(trx, anyStream) : null;
  if (older && history === null) return null;

  // Which of the open findings a full snapshot lacks were last seen by a scan of their stream: only those are fixed.
  const lacking = older
    ? []
    : plans.flatMap(({ snap, firsts, known }) => (snap.partial ? [] : [...known].filter(([fp, k]) => k.open && !firsts.has(fp)).map(([, k]) => k)));
  // Read by scan and finding ids, which DuckDB prunes by the min/max of each row group (a join
  // with scans read all of sightings: 3 ms a file in the demo).
  const candidates = lacking.filter((k) => k.lastScan !== null);
  if (candidates.length > 0) {
    const seen = await trx
      .selectFrom('sightings')
      .select(['scan_id', 'finding_id'])
      .where('scan_id', 'in', [...new Set(candidates.map((k) => k.lastScan!))])
      .where(
        'finding_id',
        'in',
        candidates.map((k) => k.id),
      )
      .execute();
    const sighted = new Set(seen.map((r) => `${num(r.scan_id)}:${num(r.finding_id)}`));
    for (const k of candidates) if (sighted.has(`${k.lastScan}:${k.id}`)) k.fixable = true;
  }

  // Findings: the new ones, then the attributes of known ones from an older snapshot.
  const attributes = (i: number) => Object.fromEntries(ATTRIBUTES.map(([c]) => [c, rows[c][i] ?? null]));
  const fresh = plans.flatMap(({ snap, firsts, known }) => [...firsts].filter(([fp]) => !known.has(fp)).map(([fp, i]) => ({ snap, fp, i })));
  const ids = new Map<string, number>();
  if (fresh.length > 0) {
    const inserted = await insertColumns<{ id: number; service_id: string; tool: string; category: string; fingerprint: string }>(
      trx,
      'findings',
      [
        ['service_id', 'text', fresh.map(({ snap }) => snap.serviceId)],
        ['tool', 'text', fresh.map(({ snap }) => snap.tool)],
        ['category', 'text', fresh.map(({ snap }) => snap.category)],
        ['fingerprint', 'text', fresh.map(({ fp }) => fp)],
        ...ATTRIBUTES.map(([c, type]) => [c, type, fresh.map(({ i }) => rows[c][i] ?? null)] as const),
        ['attributes_at', 'bigint', fresh.map(() => t)],
      ],
      sql`returning id, service_id, tool, category, fingerprint`,
    );
    for (const r of inserted) ids.set(`${keyOf(r.service_id, r.tool, r.category)}\u0000${r.fingerprint}`, num(r.id));
  }
  // Known ones seen again from a later snapshot: all attributes rewritten where one differs, the
  // others left as they are (their last sighting, written below, is the time they stand for).
  const rewrite = plans.flatMap(({ firsts, known }) =>
    [...firsts].flatMap(([fp, i]) => {
      const k = known.get(fp);
      return k !== undefined &&
        k.attributesAt < t &&
        (k.lastSeenMax === null || k.lastSeenMax < t) &&
        !ATTRIBUTES.every(([c], n) => (rows[c][i] ?? null) === k.attributes[n])
        ? [{ id: k.id, i }]
        : [];
    }),
  );
  if (rewrite.length > 0) {
    const cell = (v: unknown, type: string) => sql`cast(${v} as ${sql.raw(type)})`;
    const values = rewrite.map(({ id, i }) => sql`(${sql.join([cell(id, 'bigint'), ...ATTRIBUTES.map(([c, type]) => cell(rows[c][i] ?? null, type))])})`);
    await sql`update findings set ${sql.raw(ATTRIBUTES.map(([c]) => `${c} = x.${c}`).join(', '))}, attributes_at = ${t}
      from (values ${sql.join(values)}) as x (id, ${sql.raw(ATTRIBUTES.map(([c]) => c).join(', '))})
      where findings.id = x.id`.execute(trx);
  }

  // The scan rows and their sightings.
  const scans = await trx
    .insertInto('scans')
    .values(
      plans.map(({ snap, firsts }) => ({
        service_id: snap.serviceId,
        tool: snap.tool,
        category: snap.category,
        scanned_at: t,
        partial: snap.partial,
        format: record.format,
        file: record.file,
        sha256: record.sha256,
        imported_at: Date.now(),
        finding_count: firsts.size,
      })),
    )
    .returning(['id', 'service_id', 'tool', 'category'])
    .execute();
  const scanIds = new Map(scans.map((s) => [keyOf(s.service_id, s.tool, s.category), num(s.id)]));

  // The intervals: fix what each snapshot lacks, extend what it has, open the rest.
  const sightings: { scan_id: number; finding_id: number }[] = [];
  const fix: number[] = [];
  const extend: number[] = [];
  const open: { finding_id: number; seq: number; opened_at: Millis; fixed_at: Millis | null; last_seen_at: Millis }[] = [];
  const outcomes: SnapshotOutcome[] = [];
  /** Older snapshots: the findings whose intervals are rewritten, and their intervals. */
  const replace: number[] = [];
  for (const { snap, firsts, known } of plans) {
    const stream = keyOf(snap.serviceId, snap.tool, snap.category);
    const scanId = scanIds.get(stream)!;
    if (history !== null) {
      const sighted = [...firsts.keys()].map((fp) => known.get(fp)?.id ?? ids.get(`${stream}\u0000${fp}`)!);
      for (const id of sighted) sightings.push({ scan_id: scanId, finding_id: id });
      const change = rederiveSmall(snap, sighted, history.get(stream) ?? [], known);
      for (const [id, list] of change.changed) {
        replace.push(id);
        for (const d of list) open.push({ finding_id: id, seq: d.seq, opened_at: d.openedAt, fixed_at: d.fixedAt, last_seen_at: d.lastSeenAt });
      }
      outcomes.push(outcomeOf(snap, firsts.size, { opened: change.opened, fixed: change.fixed, reopened: change.reopened }, false));
      continue;
    }
    let opened = 0;
    let reopened = 0;
    let fixed = 0;
    for (const fp of firsts.keys()) {
      const k = known.get(fp);
      const id = k?.id ?? ids.get(`${stream}\u0000${fp}`)!;
      sightings.push({ scan_id: scanId, finding_id: id });
      opened += k?.firstAtT ?? 0;
      reopened += k?.againAtT ?? 0;
      if (k?.open) extend.push(id);
      else {
        const seq = (k?.maxSeq ?? 0) + 1;
        open.push({ finding_id: id, seq, opened_at: t, fixed_at: null, last_seen_at: t });
        if (seq === 1) opened++;
        else reopened++;
      }
    }
    if (!snap.partial) {
      for (const [fp, k] of known) {
        if (k.open && k.fixable && !firsts.has(fp)) {
          fix.push(k.id);
          fixed++;
        }
      }
    }
    outcomes.push(outcomeOf(snap, firsts.size, { opened, fixed, reopened }, false));
  }
  if (sightings.length > 0)
    await insertColumns(trx, 'sightings', [
      ['scan_id', 'bigint', sightings.map((r) => r.scan_id)],
      ['finding_id', 'bigint', sightings.map((r) => r.finding_id)],
    ]);
  if (replace.length > 0) await trx.deleteFrom('intervals').where('finding_id', 'in', replace).execute();
  // The open intervals: those a snapshot lacks are fixed, those it has seen again; one statement
  // for both (the two sets are disjoint).
  if (fix.length > 0 && extend.length > 0)
    await sql`update intervals set fixed_at = case when finding_id in (${sql.join(fix)}) then ${t} else fixed_at end,
      last_seen_at = case when finding_id in (${sql.join(fix)}) then last_seen_at else ${t} end
      where fixed_at is null and finding_id in (${sql.join([...fix, ...extend])})`.execute(trx);
  else if (fix.length > 0) await trx.updateTable('intervals').set({ fixed_at: t }).where('fixed_at', 'is', null).where('finding_id', 'in', fix).execute();
  else if (extend.length > 0)
    await trx.updateTable('intervals').set({ last_seen_at: t }).where('fixed_at', 'is', null).where('finding_id', 'in', extend).execute();
  if (open.length > 0)
    await insertColumns(trx, 'intervals', [
      ['finding_id', 'bigint', open.map((r) => r.finding_id)],
      ['seq', 'integer', open.map((r) => r.seq)],
      ['opened_at', 'bigint', open.map((r) => r.opened_at)],
      ['fixed_at', 'bigint', open.map((r) => r.fixed_at)],
      ['last_seen_at', 'bigint', open.map((r) => r.last_seen_at)],
    ]);
  return outcomes;
}

/**
 * Inserts rows given column by column, each column one array parameter (`unnest($1::text[])`,
 * zipped by position on both engines), and returns what `returning` asks for.
 *
 * Why not VALUES: a VALUES list is a parameter per cell (about 360 for 15 findings) and a
 * statement text, so a prepared statement, per row count; DuckDB planned and bound it in
 * 4.6–5.9 ms for a file's 15 findings, against about 2 ms for this, one statement whatever the count.
 */
async function insertColumns<R = never>(
  trx: Kysely<DB>,
  table: 'findings' | 'sightings' | 'intervals',
  columns: readonly (readonly [name: string, type: string, values: readonly unknown[]])[],
  returning?: RawBuilder<unknown>,
): Promise<R[]> {
  const names = sql.raw(columns.map(([c]) => c).join(', '));
  const lists = sql.join(columns.map(([, type, values]) => sql`unnest(cast(${values} as ${sql.raw(type)}[]))`));
  const { rows } = await sql<R>`insert into ${sql.table(table)} (${names}) select ${lists} ${returning ?? sql``}`.execute(trx);
  return rows;
}

/** A stored scan of one of the file's streams, with the findings it sighted. */
interface StoredScan {
  scannedAt: number;
  partial: boolean;
  sighted: number[];
}

/**
 * The scans of the file's streams and their sightings, per stream; null when they are more than
 * this path reads (SMALL_STREAMS scans, SMALL_SIGHTINGS sightings). The sightings are read by scan
 * id, which DuckDB prunes by the min/max of each row group.
 */
async function streamHistory(trx: Kysely<DB>, anyStream: (alias: string) => RawBuilder<unknown>): Promise<Map<string, StoredScan[]> | null> {
  const scans = await sql<{ id: number; service_id: string; tool: string; category: string; scanned_at: number; partial: boolean }>`
    select sc.id, sc.service_id, sc.tool, sc.category, sc.scanned_at, sc.partial from scans sc where ${anyStream('sc')} limit ${SMALL_STREAMS + 1}`.execute(
    trx,
  );
  if (scans.rows.length > SMALL_STREAMS) return null;
  const byId = new Map<number, StoredScan>();
  const history = new Map<string, StoredScan[]>();
  for (const r of scans.rows) {
    const scan: StoredScan = { scannedAt: num(r.scanned_at), partial: r.partial, sighted: [] };
    byId.set(num(r.id), scan);
    const key = keyOf(r.service_id, r.tool, r.category);
    history.set(key, [...(history.get(key) ?? []), scan]);
  }
  if (byId.size === 0) return history;
  const seen = await trx
    .selectFrom('sightings')
    .select(['scan_id', 'finding_id'])
    .where('scan_id', 'in', [...byId.keys()])
    .limit(SMALL_SIGHTINGS + 1)
    .execute();
  if (seen.length > SMALL_SIGHTINGS) return null;
  for (const r of seen) byId.get(num(r.scan_id))?.sighted.push(num(r.finding_id));
  return history;
}

/**
 * write-snapshots.ts `rederive`, for one snapshot of a small stream: the findings it can affect
 * (those it sights, and those sighted since the stream's last full scan before it) get their
 * intervals derived again from every scan of the stream, and those whose intervals differ from
 * the stored ones are rewritten; opened, reopened and fixed are counted as `rederive` counts them.
 */
function rederiveSmall(
  snap: StagedSnapshot,
  sighted: readonly number[],
  stored: readonly StoredScan[],
  known: ReadonlyMap<string, Known>,
): { changed: Map<number, DerivedInterval[]>; opened: number; reopened: number; fixed: number } {
  const t = snap.scannedAt;
  let lastFull = Number.NEGATIVE_INFINITY;
  for (const sc of stored) if (!sc.partial && sc.scannedAt < t && sc.scannedAt > lastFull) lastFull = sc.scannedAt;
  const affected = new Set(sighted);
  for (const sc of stored) if (sc.scannedAt < t && sc.scannedAt >= lastFull) for (const id of sc.sighted) affected.add(id);
  const derived = deriveIntervals([
    ...stored.map((sc) => ({ scannedAt: sc.scannedAt, partial: sc.partial, present: new Set(sc.sighted.filter((id) => affected.has(id))) })),
    { scannedAt: t, partial: snap.partial, present: new Set(sighted) },
  ]);
  const byId = new Map<number, Known>();
  for (const k of known.values()) byId.set(k.id, k);
  const changed = new Map<number, DerivedInterval[]>();
  let opened = 0;
  let reopened = 0;
  let fixed = 0;
  for (const id of affected) {
    const now = derived.get(id) ?? [];
    const before = new Map((byId.get(id)?.intervals ?? []).map((i) => [i.seq, i]));
    let differs = now.length !== before.size;
    for (const d of now) {
      const o = before.get(d.seq);
      if (d.openedAt === t && (o === undefined || o.openedAt !== d.openedAt)) {
        if (d.seq === 1) opened++;
        else reopened++;
      }
      if (d.fixedAt === t && (o === undefined || o.fixedAt !== d.fixedAt)) fixed++;
      if (o === undefined || o.openedAt !== d.openedAt || o.fixedAt !== d.fixedAt || o.lastSeenAt !== d.lastSeenAt) differs = true;
    }
    if (differs) changed.set(id, now);
  }
  return { changed, opened, reopened, fixed };
}

/**
 * The file's snapshots again, each replacing its stream's scan at the same time: when every one
 * has the same partial flag and sights the same findings as the scan it replaces (a directory
 * imported again, the usual way to run an import twice), only the scan rows are rewritten (file,
 * digest, import time), as the set-based path does; otherwise null (the set-based path replaces
 * the scans). The same checks as write-snapshots.ts, without staging the file.
 */
async function importedAgain(
  trx: Kysely<DB>,
  plans: readonly { snap: StagedSnapshot; firsts: ReadonlyMap<string, number>; known: ReadonlyMap<string, Known> }[],
  t: Millis,
  record: FileRecord,
  anyStream: (alias: string) => RawBuilder<unknown>,
): Promise<SnapshotOutcome[] | null> {
  const scans = await sql<{ id: number; service_id: string; tool: string; category: string; partial: boolean }>`
    select sc.id, sc.service_id, sc.tool, sc.category, sc.partial from scans sc where sc.scanned_at = ${t} and (${anyStream('sc')})`.execute(trx);
  if (scans.rows.length !== plans.length) return null;
  const byStream = new Map(scans.rows.map((r) => [keyOf(r.service_id, r.tool, r.category), r]));
  const seen = await trx
    .selectFrom('sightings')
    .select(['scan_id', 'finding_id'])
    .where(
      'scan_id',
      'in',
      scans.rows.map((r) => num(r.id)),
    )
    .execute();
  const sighted = new Map<number, Set<number>>();
  for (const r of seen) {
    const id = num(r.scan_id);
    let set = sighted.get(id);
    if (!set) sighted.set(id, (set = new Set()));
    set.add(num(r.finding_id));
  }
  const replaced: number[] = [];
  for (const { snap, firsts, known } of plans) {
    const scan = byStream.get(keyOf(snap.serviceId, snap.tool, snap.category));
    if (scan === undefined || scan.partial !== snap.partial) return null;
    const before = sighted.get(num(scan.id)) ?? new Set<number>();
    if (before.size !== firsts.size) return null;
    for (const fp of firsts.keys()) {
      const k = known.get(fp);
      if (k === undefined || !before.has(k.id)) return null;
    }
    replaced.push(num(scan.id));
  }
  const outcomes: SnapshotOutcome[] = [];
  for (const [n, { snap, firsts }] of plans.entries()) {
    await trx
      .updateTable('scans')
      .set({ partial: snap.partial, format: record.format, file: record.file, sha256: record.sha256, imported_at: Date.now(), finding_count: firsts.size })
      .where('id', '=', replaced[n]!)
      .execute();
    outcomes.push(outcomeOf(snap, firsts.size, { opened: 0, fixed: 0, reopened: 0 }, true));
  }
  return outcomes;
}

/** A snapshot's outcome, as write-snapshots.ts reports it: the findings not opened or reopened are unchanged. */
function outcomeOf(snap: StagedSnapshot, count: number, change: { opened: number; fixed: number; reopened: number }, replaced: boolean): SnapshotOutcome {
  return {
    serviceId: snap.serviceId,
    tool: snap.tool,
    category: snap.category,
    scannedAt: snap.scannedAt,
    ...change,
    findings: count,
    unchanged: Math.max(0, count - change.opened - change.reopened),
    replaced,
  };
}
