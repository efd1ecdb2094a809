import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { exceptionActiveAt, exceptionCovers, type ExceptionRecord } from '../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../domain/facts.js';
import { RECORD_KIND_OF, type AlertDisposition, type OperationalRecords, type SecurityStage } from '../domain/records.js';
import type { FindingStatus, FindingView, OpenInterval, RawFinding } from '../domain/finding.js';
import type { Catalog, Service } from '../domain/service.js';
import type { Category, Severity, Tier } from '../domain/severity.js';
import type { Millis } from '../domain/time.js';
import type { Stager } from './bulk-stage.js';
import { exploitableCves } from './exploitability.js';
import { readPacked, type PackedKind } from './packed-read.js';
import { windowedRows, type RecordWindow, type RecordWindows } from './record-window.js';
import { openDatabase, type Database, type Engine, type OpenHow } from './open-database.js';
import { restrictedName, type ColumnReader, type ManyRowReader, type RowColumn, type RowReader, type RowsRead } from './read-rows.js';
import { intervalsOf } from './interval-columns.js';
import type { DB } from './schema.js';
import { beginFileImport, type FileImport } from './write-snapshots.js';

/** One (service, tool, category) snapshot of a file, ready to store. */
export interface SnapshotWrite {
  serviceId: string;
  tool: string;
  category: Category;
  scannedAt: Millis;
  partial: boolean;
  findings: RawFinding[];
}

export interface FileRecord {
  kind: 'scan' | 'catalog' | InputKind;
  format: string;
  file: string;
  sha256: string;
}

/** What one snapshot changed. */
export interface SnapshotOutcome {
  serviceId: string;
  tool: string;
  category: Category;
  scannedAt: Millis;
  findings: number;
  opened: number;
  fixed: number;
  reopened: number;
  unchanged: number;
  /** The snapshot existed already (same stream and scan time) and was replaced. */
  replaced: boolean;
}

export interface FindingQuery {
  serviceId?: string;
  status?: FindingStatus | 'all';
  /** Status is judged at this time (exceptions are time-bound). */
  at: Millis;
}

/**
 * The store, written once on Kysely for DuckDB and PostgreSQL. Every write of one input file
 * happens in one transaction: a file that fails leaves the database as it was.
 */
export class Store {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly location: string;

  readonly #stager: Stager;
  readonly #readRows: RowReader;
  readonly #readColumns: ColumnReader;
  /** Where the operational records are read: beside the interval read on DuckDB (open-database.ts). */
  readonly #reader: { db: Kysely<DB>; readRows: RowReader; readMany: ManyRowReader };
  readonly #interrupt: () => void;
  readonly #stop: () => void;

  private constructor(database: Database) {
    this.db = database.db;
    this.engine = database.engine;
    this.location = database.location;
    this.#stager = database.stager;
    this.#readRows = database.readRows;
    this.#readColumns = database.readColumns;
    this.#reader = database.reader;
    this.#interrupt = database.interrupt;
    this.#stop = database.stop;
  }

  /** `onlyReads`: a DuckDB file that may not be written is opened read-only (OpenHow). */
  static async open(url: string, how: Pick<OpenHow, 'onlyReads'> = {}): Promise<Store> {
    return new Store(await openDatabase(url, how));
  }

  async close(): Promise<void> {
    if (this.#reader.db !== this.db) await this.#reader.db.destroy();
    await this.db.destroy();
  }

  /**
   * Reads side by side (`loadFacts`): waits for every one to end before it returns or throws.
   * When one fails, the others are stopped (their queries interrupted) rather than left running
   * while the command closes the database: closing a DuckDB connection that is still running a
   * query on the other can wait on it.
   */
  async together<T extends readonly unknown[]>(reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    let failed = false;
    const settled = await Promise.allSettled(
      reads.map((read) =>
        read().catch((err: unknown) => {
          if (!failed) {
            failed = true;
            this.#interrupt();
          }
          throw err;
        }),
      ),
    );
    // The first failure that is not an interruption this caused.
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (errors.length > 0) throw errors.find((e) => !isInterrupt(e)) ?? errors[0];
    return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
  }

  /**
   * Stops the store's work for good (Ctrl-C, cli/interrupt.ts): the statement running now fails,
   * and so does every later one, so that the open transaction rolls back (Database.stop). What
   * is left to do with the store is to close it.
   */
  stop(): void {
    this.#stop();
  }

  /** The key secrets are hashed under; made on first use and kept in the database. */
  async secretKey(): Promise<string> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', 'secret_key').executeTakeFirst();
    if (row) return row.value;
    const value = randomBytes(32).toString('hex');
    await this.db
      .insertInto('meta')
      .values({ key: 'secret_key', value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const again = await this.db.selectFrom('meta').select('value').where('key', '=', 'secret_key').executeTakeFirstOrThrow();
    return again.value;
  }

  // ---- catalog -------------------------------------------------------------------------

  /** Upserts lines, areas and services (re-importing updates) and rebuilds their lookup keys. */
  async saveCatalog(catalog: Catalog, record: FileRecord): Promise<{ lines: number; areas: number; services: number }> {
    await this.db.transaction().execute(async (trx) => {
      for (const line of catalog.lines) {
        await trx
          .insertInto('product_lines')
          .values({ name: line.name, owners: json(line.owners) })
          .onConflict((oc) => oc.column('name').doUpdateSet({ owners: json(line.owners) }))
          .execute();
      }
      for (const area of catalog.areas) {
        const values = { name: area.name, product_line: area.line, owners: json(area.owners) };
        await trx
          .insertInto('areas')
          .values(values)
          .onConflict((oc) => oc.column('name').doUpdateSet({ product_line: values.product_line, owners: values.owners }))
          .execute();
      }
      for (const s of catalog.services) {
        const values = serviceRow(s);
        const { id: _id, ...update } = values;
        await trx
          .insertInto('services')
          .values(values)
          .onConflict((oc) => oc.column('id').doUpdateSet(update))
          .execute();
        await trx.deleteFrom('service_keys').where('service_id', '=', s.id).execute();
        const keys = [
          ...s.repos.map((key) => ({ kind: 'repo', key, service_id: s.id })),
          ...s.images.map((key) => ({ kind: 'image', key, service_id: s.id })),
          ...s.cloudAccounts.map((key) => ({ kind: 'account', key, service_id: s.id })),
        ];
        for (const k of keys) {
          await trx
            .insertInto('service_keys')
            .values(k)
            .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ service_id: k.service_id }))
            .execute();
        }
      }
      await logImport(trx, record, catalog.services.length);
    });
    return { lines: catalog.lines.length, areas: catalog.areas.length, services: catalog.services.length };
  }

  async catalog(): Promise<Catalog> {
    const [lines, areas, services] = await Promise.all([
      this.db.selectFrom('product_lines').selectAll().orderBy('name').execute(),
      this.db.selectFrom('areas').selectAll().orderBy('name').execute(),
      this.db.selectFrom('services').selectAll().orderBy('id').execute(),
    ]);
    return {
      lines: lines.map((l) => ({ name: l.name, owners: parseList(l.owners) })),
      areas: areas.map((a) => ({ name: a.name, line: a.product_line, owners: parseList(a.owners) })),
      services: services.map(serviceFromRow),
    };
  }

  /** `repo:<key>`, `image:<key>`, `account:<key>` → service id. */
  async serviceKeys(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('service_keys').selectAll().execute();
    return new Map(rows.map((r) => [`${r.kind}:${r.key}`, r.service_id]));
  }

  // ---- scans and the lifecycle ---------------------------------------------------------

  /**
   * Imports one file in one transaction: `fn` stages its findings as it reads them and finishes
   * with its snapshots (write-snapshots.ts). If anything throws, the database is left as it was.
   */
  async importFile<T>(fn: (file: FileImport) => Promise<T>): Promise<T> {
    let done: { result: T; file: FileImport };
    try {
      done = await this.db.transaction().execute(async (trx) => {
        const file = await beginFileImport(trx, this.#stager);
        try {
          return { result: await fn(file), file };
        } finally {
          await file.close();
        }
      });
    } catch (err) {
      this.#stager.rolledBack();
      throw err;
    }
    await done.file.committed(this.db);
    return done.result;
  }

  /** Stores the snapshots of one file in one transaction and derives the lifecycle of their streams. */
  async writeSnapshots(snapshots: readonly SnapshotWrite[], record: FileRecord): Promise<SnapshotOutcome[]> {
    return this.importFile(async (file) => {
      for (const [group, snap] of snapshots.entries()) await file.stage(snap.findings.map((finding) => ({ group, finding })));
      return file.finish(
        snapshots.map(({ findings: _f, ...snap }, group) => ({ ...snap, groups: [group] })),
        record,
      );
    });
  }

  // ---- reads ---------------------------------------------------------------------------

  async findings(query: FindingQuery): Promise<FindingView[]> {
    let q = this.db.selectFrom('findings').selectAll();
    if (query.serviceId !== undefined) q = q.where('service_id', '=', query.serviceId);
    const rows = await q.orderBy('service_id').orderBy('tool').orderBy('category').orderBy('fingerprint').execute();
    const intervals = await this.db
      .selectFrom('intervals')
      .innerJoin('findings', 'findings.id', 'intervals.finding_id')
      .select(['intervals.finding_id', 'intervals.seq', 'intervals.opened_at', 'intervals.fixed_at'])
      .$if(query.serviceId !== undefined, (qb) => qb.where('findings.service_id', '=', query.serviceId!))
      .orderBy('intervals.finding_id')
      .orderBy('intervals.seq')
      .execute();
    const byFinding = new Map<number, OpenInterval[]>();
    for (const i of intervals) {
      const list = byFinding.get(i.finding_id) ?? [];
      list.push({ seq: i.seq, openedAt: i.opened_at, fixedAt: i.fixed_at });
      byFinding.set(i.finding_id, list);
    }
    const exceptions = (await this.exceptions()).filter((e) => exceptionActiveAt(e, query.at));
    const out: FindingView[] = [];
    for (const r of rows) {
      const list = byFinding.get(r.id);
      if (!list || list.length === 0) continue;
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const vulnerabilityIds = parseList(r.vulnerability_ids);
      let status: FindingStatus = last.fixedAt === null || last.fixedAt > query.at ? 'open' : 'fixed';
      if (r.false_positive) status = 'false_positive';
      else if (
        status === 'open' &&
        exceptions.some((e) => exceptionCovers(e, { fingerprint: r.fingerprint, serviceId: r.service_id, ruleId: r.rule_id, vulnerabilityIds }))
      )
        status = 'accepted';
      if (query.status !== undefined && query.status !== 'all' && query.status !== status) continue;
      out.push({
        id: r.id,
        fingerprint: r.fingerprint,
        service: r.service_id,
        tool: r.tool,
        category: r.category as Category,
        severity: r.severity as Severity,
        title: r.title,
        ruleId: r.rule_id,
        vulnerabilityIds,
        cwes: parseList(r.cwes).map(Number),
        file: r.file_path,
        line: r.line_number,
        component: { name: r.component_name, version: r.component_version },
        fixVersion: r.fix_version,
        secretPreview: r.secret_preview,
        status,
        openedAt: first.openedAt,
        fixedAt: last.fixedAt,
        reopenCount: list.length - 1,
        intervals: list,
      });
    }
    return out;
  }

  /**
   * Intervals overlapping [from, to) — opened before `to`, not fixed before `from` — with their
   * findings. `exploitAvailable` is the finding's exploitability (kpis.md): the tool marks an
   * exploit available, or one of its vulnerability ids is in KEV or has EPSS >= the threshold.
   */
  async intervalFacts(from: Millis, to: Millis, exploitability: { epssThreshold: number }): Promise<IntervalFact[]> {
    // Hundreds of thousands of rows: read as columns (read-rows.ts, ColumnReader), each fact
    // reading its values from them (interval-columns.ts), the lists parsed once per distinct
    // text. The rows' query is asked for first and the exploitable ids after it, so that DuckDB
    // starts on the long query at once; the ids are then applied once per distinct list.
    // Every text but the fingerprint repeats over many findings: read as names.
    const finding = (column: string, decode?: (text: string) => unknown) => name(`f.${column}`, `select ${column} from findings`, decode);
    const columns = this.#readColumns(this.db, {
      columns: [
        num('i.finding_id'),
        num('i.seq'),
        num('i.opened_at'),
        num('i.fixed_at'),
        // Only the fingerprints an exception names (IntervalFact.fingerprint), as names.
        restrictedName('f.fingerprint', 'select scope_fingerprint from exceptions'),
        finding('service_id'),
        finding('tool'),
        finding('category'),
        finding('severity'),
        finding('rule_id'),
        finding('vulnerability_ids', parseList),
        finding('cwes', (t) => parseList(t).map(Number)),
        bool('f.false_positive'),
        bool('f.exploit_available'),
        num('f.fix_available_at'),
        finding('title'),
        finding('file_path'),
        finding('fix_version'),
      ],
      from: 'intervals i inner join findings f on f.id = i.finding_id',
      where: sql`i.opened_at < ${to} and (i.fixed_at is null or i.fixed_at >= ${from})`,
      orderBy: 'i.finding_id, i.seq',
      chunk: 'i.finding_id - i.finding_id % 65536',
    });
    const [read, exploitable] = await Promise.all([columns, exploitableCves(this.db, exploitability.epssThreshold)]);
    return intervalsOf(read, (ids) => ids.some((id) => exploitable.has(id.toUpperCase())));
  }

  async scanFacts(from: Millis, to: Millis): Promise<ScanFact[]> {
    const scan = (column: string) => name(column, `select ${column} from scans`);
    return this.#readRows(
      this.db,
      {
        columns: [scan('service_id'), scan('tool'), scan('category'), num('scanned_at')],
        from: 'scans',
        where: sql`scanned_at >= ${from} and scanned_at < ${to}`,
        orderBy: 'scanned_at, service_id',
      },
      (r) => ({ serviceId: r[0] as string, tool: r[1] as string, category: r[2] as Category, scannedAt: r[3] as number }),
    );
  }

  async exceptions(): Promise<ExceptionRecord[]> {
    const rows = await this.db.selectFrom('exceptions').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      scope: {
        ...(r.scope_fingerprint !== null ? { fingerprint: r.scope_fingerprint } : {}),
        ...(r.scope_service !== null ? { service: r.scope_service } : {}),
        ...(r.scope_rule !== null ? { rule: r.scope_rule } : {}),
        ...(r.scope_cve !== null ? { cve: r.scope_cve } : {}),
      },
      reason: r.reason,
      owner: r.owner,
      approver: r.approver,
      startsAt: r.starts_at,
      expiresAt: r.expires_at,
      backlog: r.backlog,
      compensatingControls: r.compensating_controls,
      status: r.status === 'revoked' ? 'revoked' : 'approved',
    }));
  }

  /**
   * The operational records (inputs.md §3), in a stable order: the KPIs pick their periods.
   * With `kinds`, only the records of those kinds are read; the others come back empty. With
   * `windows`, a kind that has one is read only where its window says (record-window.ts);
   * without, every record of the kind.
   */
  async operationalRecords(kinds?: ReadonlySet<InputKind>, windows: RecordWindows = {}): Promise<OperationalRecords> {
    const num = (v: unknown): number => Number(v);
    const opt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    // The rows of every kind, read packed (packed-read.ts): the objects have the tables' column names.
    // Each row goes through `map` as it is read, so that no intermediate object per row is kept.
    // Every kind asked for is one read of a batch (ManyRowReader: on DuckDB, one transaction);
    // `all` gives what picks the kind's rows out of the batch's once it has been read.
    const batch: RowsRead[] = [];
    let rows: unknown[][] = [];
    const all = <T extends keyof DB, R>(key: keyof OperationalRecords, table: T, columns: string, orderBy: string, map: (r: DB[T]) => R): (() => R[]) => {
      if (kinds !== undefined && !kinds.has(RECORD_KIND_OF[key])) return () => [];
      const j = batch.push(recordRead(table, windows[key], columns, orderBy, map)) - 1;
      return () => rows[j] as R[];
    };
    const [incidents, runs, prs, reviews, models, alerts, controls, identity, logging, iam, surveys, costs, health, milestones, commits] = [
      all(
        'incidents',
        'incidents',
        'id:u title:u severity:t service_id:t started_at:n detected_at:n contained_at:n resolved_at:n cause:t runbook:t',
        'id',
        (r) => ({
          id: r.id,
          title: r.title,
          severity: r.severity as 'sev1' | 'sev2' | 'sev3' | 'sev4',
          serviceId: r.service_id,
          startedAt: opt(r.started_at),
          detectedAt: opt(r.detected_at),
          containedAt: opt(r.contained_at),
          resolvedAt: opt(r.resolved_at),
          cause: r.cause,
          runbook: r.runbook,
        }),
      ),
      all(
        'pipelineRuns',
        'pipeline_runs',
        'service_id:t repo:t pipeline:t template:t started_at:n finished_at:n release:b security_stage:t',
        'started_at, id',
        (r) => ({
          serviceId: r.service_id,
          repo: r.repo,
          pipeline: r.pipeline,
          template: r.template,
          startedAt: num(r.started_at),
          finishedAt: opt(r.finished_at),
          release: Boolean(r.release),
          securityStage: r.security_stage as SecurityStage,
        }),
      ),
      all(
        'pullRequests',
        'pull_requests',
        'repo:t number:n service_id:t created_at:n merged_at:n security_review_requested_at:n first_security_review_at:n',
        'repo, number',
        (r) => ({
          repo: r.repo,
          number: num(r.number),
          serviceId: r.service_id,
          createdAt: opt(r.created_at),
          mergedAt: opt(r.merged_at),
          securityReviewRequestedAt: opt(r.security_review_requested_at),
          firstSecurityReviewAt: opt(r.first_security_review_at),
        }),
      ),
      all('designReviews', 'design_reviews', 'id:u service_id:t requested_at:n completed_at:n outcome:t', 'id', (r) => ({
        id: r.id,
        serviceId: r.service_id,
        requestedAt: opt(r.requested_at),
        completedAt: opt(r.completed_at),
        outcome: r.outcome,
      })),
      all('threatModels', 'threat_models', 'service_id:t updated_at:n link:u', 'service_id, updated_at', (r) => ({
        serviceId: r.service_id,
        updatedAt: num(r.updated_at),
        link: r.link,
      })),
      all('alerts', 'alerts', 'id:u rule:t service_id:t fired_at:n dispositioned_at:n disposition:t runbook:t', 'id', (r) => ({
        id: r.id,
        rule: r.rule,
        serviceId: r.service_id,
        firedAt: opt(r.fired_at),
        dispositionedAt: opt(r.dispositioned_at),
        disposition: r.disposition as AlertDisposition | null,
        runbook: r.runbook,
      })),
      all('cloudControls', 'cloud_controls', 'account:t control:t status:t checked_at:n', 'account, control, checked_at', (r) => ({
        account: r.account,
        control: r.control,
        status: (r.status === 'pass' ? 'pass' : 'fail') as 'pass' | 'fail',
        checkedAt: num(r.checked_at),
      })),
      all('identity', 'identity_snapshots', 'snapshot_at:n account:t privileged:b mfa:b sso:b', 'snapshot_at, account', (r) => ({
        snapshotAt: num(r.snapshot_at),
        account: r.account,
        privileged: Boolean(r.privileged),
        mfa: Boolean(r.mfa),
        sso: Boolean(r.sso),
      })),
      all('logging', 'logging_records', 'service_id:t at:n shipped:b retained_days:n', 'service_id, "at"', (r) => ({
        serviceId: r.service_id,
        at: num(r.at),
        shipped: Boolean(r.shipped),
        retainedDays: opt(r.retained_days),
      })),
      all('iam', 'iam_records', 'service_id:t at:n standard_roles:b', 'service_id, "at"', (r) => ({
        serviceId: r.service_id,
        at: num(r.at),
        standardRoles: Boolean(r.standard_roles),
      })),
      all('surveys', 'surveys', 'submitted_at:n seq:n score:n scale_min:n scale_max:n team:t', 'submitted_at, seq', (r) => ({
        submittedAt: num(r.submitted_at),
        score: num(r.score),
        scaleMin: num(r.scale_min),
        scaleMax: num(r.scale_max),
        team: r.team,
      })),
      all('costs', 'costs', 'tool:t annual_cost:n currency:t from_at:n to_at:n', 'tool, from_at', (r) => ({
        tool: r.tool,
        annualCost: num(r.annual_cost),
        currency: r.currency,
        from: num(r.from_at),
        to: num(r.to_at),
      })),
      all('teamHealth', 'team_health', 'month:t team:t headcount:n leavers:n oncall_pages:n oncall_engineers:n', 'month, team', (r) => ({
        month: r.month,
        team: r.team,
        headcount: num(r.headcount),
        leavers: num(r.leavers),
        oncallPages: opt(r.oncall_pages),
        oncallEngineers: opt(r.oncall_engineers),
      })),
      all('milestones', 'milestones', 'id:u title:u area:t due_at:n completed_at:n', 'id', (r) => ({
        id: r.id,
        title: r.title,
        area: r.area,
        dueAt: num(r.due_at),
        completedAt: opt(r.completed_at),
      })),
      all('commits', 'commits', 'repo:t day:t count:n', 'repo, day', (r) => ({ repo: r.repo, day: r.day, count: num(r.count) })),
    ] as const;
    rows = await this.#reader.readMany(this.#reader.db, batch);
    return {
      incidents: incidents(),
      pipelineRuns: runs(),
      pullRequests: prs(),
      designReviews: reviews(),
      threatModels: models(),
      alerts: alerts(),
      cloudControls: controls(),
      identity: identity(),
      logging: logging(),
      iam: iam(),
      surveys: surveys(),
      costs: costs(),
      teamHealth: health(),
      milestones: milestones(),
      commits: commits(),
    };
  }

  /** Which input kinds were ever loaded: "never loaded" is no data, not zero. */
  async loadedKinds(): Promise<Set<InputKind>> {
    const rows = await this.db.selectFrom('import_log').select('kind').distinct().execute();
    const kinds = new Set<InputKind>();
    for (const r of rows) kinds.add(r.kind === 'scan' ? 'findings' : (r.kind as InputKind));
    return kinds;
  }
}

/**
 * The read of a table's rows (those of `window` when given) as objects keyed by column, in bulk
 * (read-rows.ts). `columns` is `name:k` per column: `t` a text that repeats over rows (read as
 * a name: a service, a repository, a status), `u` a text that is (nearly) unique per row (an
 * id), `n` a number, `b` a boolean. On DuckDB, names come as codes into one dictionary each
 * and only `u` texts are sent per row: pipeline runs at bench scale 1 (100k in the window)
 * took 312 ms packed, against 1xx ms so.
 */
function recordRead<T extends keyof DB, R>(table: T, window: RecordWindow | undefined, columns: string, orderBy: string, map: (r: DB[T]) => R): RowsRead<R> {
  const cols = columns.split(' ').map((c) => {
    const [name, k] = c.split(':') as [string, 't' | 'u' | 'n' | 'b'];
    const ref = `"${name}"`;
    const column: RowColumn =
      k === 't' ? { sql: ref, kind: 'name', values: `select ${ref} from "${table}"` } : { sql: ref, kind: k === 'u' ? 'text' : k === 'n' ? 'num' : 'bool' };
    return { name, column };
  });
  const { from, where } = windowedRows(table, window);
  // One scratch object for every row: `map` copies what it keeps.
  const o: Record<string, unknown> = {};
  return {
    q: { columns: cols.map((c) => c.column), from, where, orderBy },
    make: (r) => {
      for (let i = 0; i < cols.length; i++) o[cols[i]!.name] = r[i];
      return map(o as DB[T]);
    },
  };
}

/** DuckDB's error for a query stopped by `interrupt`. */
function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /^INTERRUPT Error\b|Interrupted!/.test(err.message);
}

async function logImport(trx: Transaction<DB>, record: FileRecord, records: number): Promise<void> {
  await trx
    .insertInto('import_log')
    .values({ kind: record.kind, format: record.format, file: record.file, sha256: record.sha256, imported_at: Date.now(), records })
    .execute();
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

const column = (kind: PackedKind) => (sql: string) => ({ sql, kind });
const num = column('num');
const text = column('text');
const bool = column('bool');
const name = (sql: string, values: string, decode?: (text: string) => unknown): RowColumn => ({ sql, kind: 'name', values, ...(decode ? { decode } : {}) });

function parseList(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
}

function serviceRow(s: Service): DB['services'] {
  return {
    id: s.id,
    name: s.name,
    area: s.area,
    product_line: s.line,
    tier: s.tier,
    internet_exposed: s.internetExposed,
    owners: json(s.owners),
    repos: json(s.repos),
    images: json(s.images),
    cloud_accounts: json(s.cloudAccounts),
    tags: json(s.tags),
  };
}

function serviceFromRow(r: DB['services']): Service {
  return {
    id: r.id,
    name: r.name,
    area: r.area,
    line: r.product_line,
    tier: r.tier as Tier,
    internetExposed: r.internet_exposed,
    owners: parseList(r.owners),
    repos: parseList(r.repos),
    images: parseList(r.images),
    cloudAccounts: parseList(r.cloud_accounts),
    tags: parseList(r.tags),
  };
}

export { sql };
