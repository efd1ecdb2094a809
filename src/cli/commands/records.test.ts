import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../importers/records/kinds.js';
import { listedColumns, type RecordKind, type RecordKindId } from '../../importers/records/record-kind.js';
import { Store } from '../../storage/store.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures');

/** The control results of the Prowler 4.5 OCSF corpus file, all of one time. */
const prowler45Controls = (checkedAt: string) => [
  { account: '123456789012', control: 'iam_role_administratoraccess_policy_permissive_trust_relationship', status: 'fail', checked_at: checkedAt },
  { account: '123456789012', control: 'iam_role_cross_account_readonlyaccess_policy', status: 'fail', checked_at: checkedAt },
  { account: '123456789012', control: 'iam_role_permissive_trust_relationship', status: 'pass', checked_at: checkedAt },
];
const fixture = (name: string) => join(FIXTURES, name);
const scratch = temp.make('secscore-records-');
const kinds = Object.entries(RECORD_KINDS) as [RecordKindId, RecordKind][];

/** One well-formed fixture per kind, written in canonical form so the listing must repeat it. */
const CANONICAL = kinds.map(([id]) => {
  const name = readdirSync(FIXTURES).find((n) => n === `${id}.csv` || n === `${id}.jsonl`);
  if (name === undefined) throw new Error(`no fixture for ${id}`);
  return [id, name] as const;
});

type Listed = Record<string, string | number | boolean | null>;

/**
 * The records a fixture states, as `records --json` should list them: CSV cells typed by their
 * column, JSON values as they are; empty is null. A service the file leaves empty but names a
 * repository for is filled from the catalog (checked on its own), so it is left out here.
 */
function stated(kind: RecordKind, name: string): Listed[] {
  const text = readFileSync(fixture(name), 'utf8');
  const records: Record<string, unknown>[] = name.endsWith('.csv')
    ? (parseCsv(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[])
    : text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
  const filled = new Set(kind.columns.flatMap((c) => (c.value.type === 'repo' && c.value.serviceColumn ? [c.value.serviceColumn] : [])));
  return records.map((r) => {
    const out: Listed = {};
    for (const c of kind.columns) {
      const raw = r[c.name];
      if ((raw === '' || raw === null || raw === undefined) && filled.has(c.column)) continue;
      if (raw === '' || raw === null || raw === undefined) out[c.name] = null;
      else if (typeof raw !== 'string') out[c.name] = raw as string | number | boolean;
      else if (c.value.type === 'integer' || c.value.type === 'number') out[c.name] = Number(raw);
      else if (c.value.type === 'boolean') out[c.name] = raw === 'true';
      else out[c.name] = raw;
    }
    return out;
  });
}

async function run(args: string[]) {
  return runCli(args, { SECSCORE_NOW: '2026-10-15T00:00:00Z' });
}

async function ok(args: string[]): Promise<string> {
  const r = await run(args);
  if (r.code !== 0) throw new Error(`secscore ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function listing(db: string, kind: RecordKindId): Promise<Listed[]> {
  return JSON.parse(await ok(['--db', db, 'records', kind, '--json'])) as Listed[];
}

interface Report {
  kind: string;
  format: string;
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  warnings: string[];
}

async function importJson(db: string, ...args: string[]): Promise<Report[]> {
  return JSON.parse(await ok(['--db', db, 'import', '--json', ...args])) as Report[];
}

function writeScratch(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe.each(ENGINES)('operational records through the command line on %s', (engine) => {
  const databases: TestDatabase[] = [];
  /** For the canonical fixtures only, so that their listings hold nothing else. */
  let canonical: string;
  let db: string;
  const fresh = async () => {
    const d = await freshDatabase(engine);
    databases.push(d);
    await ok(['--db', d.url, 'catalog', 'import', fixture('catalog.yaml')]);
    return d.url;
  };
  beforeAll(async () => {
    canonical = await fresh();
    db = await fresh();
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it.each(CANONICAL)('%s: detected from %s, imported and listed exactly as the file says', async (id, name) => {
    const [report] = await importJson(canonical, fixture(name));
    const kind = RECORD_KINDS[id];
    expect(stated(kind, name).length).toBeGreaterThan(1);
    expect(report).toMatchObject({ kind: id, format: id, records: stated(kind, name).length });
    const listed = await listing(canonical, id);
    expect(listed.map((r) => Object.keys(r))).toEqual(listed.map(() => listedColumns(kind).map((c) => c.name)));
    expect(listed).toEqual(stated(kind, name).map((s) => expect.objectContaining(s)));
  });

  it.each(CANONICAL)('%s: re-importing %s updates instead of duplicating', async (id, name) => {
    await importJson(canonical, fixture(name));
    const before = await listing(canonical, id);
    const [again] = await importJson(canonical, fixture(name));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: before.length });
    expect(await listing(canonical, id)).toEqual(before);
  });

  it('updates a changed record by its key and adds the new ones', async () => {
    const mine = await fresh();
    await importJson(mine, fixture('incidents.csv'));
    const changed = readFileSync(fixture('incidents.csv'), 'utf8')
      .replace('2026-08-12T15:05:00Z,,', '2026-08-12T15:05:00Z,2026-08-14T10:00:00Z,')
      .concat('INC-2026-031,Leaked deploy key,sev2,search,2026-09-25T10:00:00Z,2026-09-25T10:05:00Z,,,,\n');
    const [report] = await importJson(mine, writeScratch('incidents-v2.csv', changed));
    expect(report).toMatchObject({ records: 5, inserted: 1, updated: 1, unchanged: 3 });
    const listed = await listing(mine, 'incidents');
    expect(listed.map((r) => [r['id'], r['resolved_at']])).toEqual([
      ['INC-2026-014', '2026-07-06T12:00:00Z'],
      ['INC-2026-019', '2026-08-14T10:00:00Z'],
      ['INC-2026-023', '2026-09-02T09:30:00Z'],
      ['INC-2026-027', null],
      ['INC-2026-031', null],
    ]);
  });

  it.each<[RecordKindId, string, string, Record<string, unknown>]>([
    [
      'pull-requests',
      'pull-requests.jsonl',
      '{"repo":"https://github.com/Acme/billing-api.git","number":418,"merged_at":"2026-08-12T09:00:00Z"}\n',
      { repo: 'github.com/acme/billing-api', number: 418, merged_at: '2026-08-12T09:00:00Z', created_at: null },
    ],
    [
      'threat-models',
      'threat-models.csv',
      'service,updated_at,link\nledger,2026-02-14T00:00:00Z,https://wiki.acme.io/tm/ledger\n',
      { service: 'ledger', link: 'https://wiki.acme.io/tm/ledger' },
    ],
    [
      'cloud-controls',
      'cloud-controls.csv',
      'account,control,status,checked_at\n111122223333,cis-2.1.1-s3-encryption,PASS,2026-09-28T06:00:00Z\n',
      { control: 'cis-2.1.1-s3-encryption', status: 'pass' },
    ],
    ['surveys', 'surveys.csv', 'submitted_at,score,scale_min,scale_max,team\n2026-09-10T00:00:00Z,5,1,5,team-billing\n', { seq: 1, score: 5 }],
    ['team-health', 'team-health.csv', 'month,team,headcount,leavers\n2026-09,appsec,8,2\n', { month: '2026-09', leavers: 2, oncall_pages: null }],
    [
      'commits',
      'commits.csv',
      'repo,day,count\ngit@github.com:acme/ledger.git,2026-09-01,5\n',
      { repo: 'github.com/acme/ledger', day: '2026-09-01', count: 5 },
    ],
  ])('%s: a record with the key of a stored one replaces it', async (id, name, update, expected) => {
    const mine = await fresh();
    await importJson(mine, fixture(name));
    const before = await listing(mine, id);
    const [report] = await importJson(mine, '--format', id, writeScratch(`update-${id}.txt`, update));
    expect(report).toMatchObject({ inserted: 0, updated: 1 });
    const after = await listing(mine, id);
    expect(after).toHaveLength(before.length);
    expect(after).toContainEqual(expect.objectContaining(expected));
  });

  it('fills the service of a pull request and of a pipeline run from its repository', async () => {
    await importJson(db, fixture('pull-requests.jsonl'), fixture('pipeline-runs.csv'));
    expect((await listing(db, 'pull-requests')).map((r) => [r['repo'], r['number'], r['service']])).toEqual([
      ['github.com/acme/billing-api', 412, 'billing-api'],
      ['github.com/acme/billing-api', 418, 'billing-api'],
      ['github.com/acme/web-portal', 97, 'web-portal'],
    ]);
    const runs = await listing(db, 'pipeline-runs');
    expect(runs.filter((r) => r['id'] === 'run-88102' || r['id'] === 'run-88105').map((r) => [r['id'], r['service']])).toEqual([
      ['run-88102', 'ledger'],
      ['run-88105', null],
    ]);
  });

  it.each<[string, string, Listed[]]>([
    [
      'a fabricated Prowler 3 file (a check fails when any resource fails; muted failures and MANUAL results do not)',
      fixture('prowler-v3-fabricated.json'),
      [
        { account: '111122223333', control: 'cloudtrail_multi_region_enabled', status: 'pass', checked_at: '2026-09-28T06:00:10Z' },
        { account: '111122223333', control: 'iam_root_mfa_enabled', status: 'pass', checked_at: '2026-09-28T06:00:10Z' },
        { account: '111122223333', control: 's3_bucket_default_encryption', status: 'fail', checked_at: '2026-09-28T06:00:10Z' },
        { account: '444455556666', control: 's3_bucket_default_encryption', status: 'pass', checked_at: '2026-09-28T07:30:00Z' },
      ],
    ],
    [
      'a Prowler 4.6+ OCSF file with epoch seconds (the 4.5 corpus file with its times as numbers)',
      join(FIXTURES, '../../prowler/fixtures/ocsf-epoch-seconds-fabricated.json'),
      prowler45Controls('2024-06-03T14:15:19Z'),
    ],
    [
      'the Prowler 4.5 OCSF corpus file',
      join(FIXTURES, '../../fixtures/corpus/scans/aws_prowler_v3plus/many_vuln_after_4_5_0.ocsf.json'),
      prowler45Controls('2024-06-03T14:15:19.382Z'),
    ],
  ])('reads Prowler output as cloud-control results with --format cloud-controls: %s', async (_what, file, expected) => {
    const mine = await fresh();
    const [report] = await importJson(mine, '--format', 'cloud-controls', file);
    expect(report).toMatchObject({ kind: 'cloud-controls', format: 'cloud-controls', records: expected.length, inserted: expected.length });
    expect(await listing(mine, 'cloud-controls')).toEqual(expected);
    const [again] = await importJson(mine, '--format', 'cloud-controls', file);
    expect(again).toMatchObject({ inserted: 0, unchanged: expected.length });
  });

  it('leaves a Prowler file to the scanner importer without --format', async () => {
    const mine = await fresh();
    const r = await run(['--db', mine, 'import', '--json', '--service', 'billing-api', fixture('prowler-v3-fabricated.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ format: 'prowler', findings: 1 }]);
    expect(await listing(mine, 'cloud-controls')).toEqual([]);
  });

  it('reports unknown columns and repositories as warnings', async () => {
    const reports = await importJson(db, fixture('incidents-messy.csv'), fixture('pipeline-runs.csv'));
    expect(reports[0]!.warnings).toEqual([expect.stringContaining('ignored unknown columns "Reporter", "Slack Channel"')]);
    expect(reports[1]!.warnings).toEqual([expect.stringContaining('repository "github.com/acme/legacy-batch" (row 6) is in no catalog service')]);
    const plain = await run(['--db', db, 'import', fixture('incidents-messy.csv')]);
    expect(plain.stderr).toContain('warning: ');
    expect(plain.stderr).toContain('"Reporter"');
  });

  it('stores a spreadsheet formula as plain text and prints it inert', async () => {
    await importJson(db, fixture('incidents-messy.csv'));
    const messy = (await listing(db, 'incidents')).find((r) => r['id'] === 'INC-31');
    expect(messy).toEqual({
      id: 'INC-31',
      title: '=HYPERLINK("https://evil.example/x","Click for details")',
      severity: 'sev2',
      service: 'billing-api',
      started_at: '2026-08-01T10:00:00Z',
      detected_at: '2026-08-01T10:30:00Z',
      contained_at: '2026-08-01T11:00:00Z',
      resolved_at: '2026-08-02T00:00:00Z',
      cause: "+cmd|' /C calc'!A0",
      runbook: null,
    });
    const escape = writeScratch('escape.csv', 'id,title,severity\nINC-99,"red \u001b[31mALERT\u001b[0m",sev4\n');
    await importJson(db, escape);
    const text = await ok(['--db', db, 'records', 'incidents']);
    expect(text).toContain('=HYPERLINK(');
    expect(text).not.toContain('\u001b');
  });

  it.each<[RecordKindId, string, string, RegExp]>([
    [
      'incidents',
      'bad-incidents-severity.csv',
      'incidents.csv',
      /row 3, column\/field "severity"\): severity: expected one of sev1, sev2, sev3, sev4, got "sev5"/,
    ],
    [
      'pipeline-runs',
      'bad-pipeline-runs-timestamp.jsonl',
      'pipeline-runs.csv',
      /pipeline-runs JSON lines input \(entity run-88199, line 2, column\/field "started_at"\)/,
    ],
    [
      'logging',
      'bad-logging-unknown-service.csv',
      'logging.csv',
      /row 3, column\/field "service"\): service: service "payments-gateway" is not in the catalog/,
    ],
    ['identity', 'bad-identity-boolean.csv', 'identity.csv', /row 4, column\/field "mfa"/],
    ['team-health', 'bad-team-health-number.csv', 'team-health.csv', /row 3, column\/field "headcount"/],
    ['surveys', 'bad-surveys-scale.csv', 'surveys.csv', /row 3, column\/field "score"\): score 7 is outside its scale 1\.\.5/],
    ['commits', 'bad-commits-day.csv', 'commits.csv', /row 3, column\/field "day"/],
  ])('%s: rejects %s with exit 2, naming the file, row and column, and stores nothing of it', async (id, bad, good, message) => {
    await importJson(db, fixture(good));
    const before = await listing(db, id);
    const r = await run(['--db', db, 'import', fixture(bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(message);
    expect(await listing(db, id)).toEqual(before);
  });

  it('rejects text the database could not hold, naming its row, before anything is written', async () => {
    await importJson(db, fixture('design-reviews.csv'));
    const before = await listing(db, 'design-reviews');
    const nul = writeScratch('nul.csv', 'id,service,outcome\nDR-31,billing-api,rejected\nDR-90,ledger,"approved\u0000"\n');
    const r = await run(['--db', db, 'import', nul]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nul\.csv: invalid design-reviews CSV input \(entity DR-90, row 3, column\/field "outcome"\): outcome: contains a NUL character/);
    expect(await listing(db, 'design-reviews')).toEqual(before);
  });

  it('names the missing required column; --format picks the kind a file cannot be detected as', async () => {
    const undetected = await run(['--db', db, 'import', fixture('bad-alerts-missing-column.csv')]);
    expect(undetected.code).toBe(2);
    expect(undetected.stderr).toContain('not a format secscore recognises');
    const named = await run(['--db', db, 'import', '--format', 'alerts', fixture('bad-alerts-missing-column.csv')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/bad-alerts-missing-column\.csv: invalid alerts CSV input \(row 1, column\/field "id"\): missing required column "id"/);
  });

  it('lists every record kind among the import formats', async () => {
    const formats = JSON.parse(await ok(['import', '--list-formats', '--json'])) as { id: string; kind: string }[];
    for (const [id] of kinds) expect(formats).toContainEqual(expect.objectContaining({ id, kind: id }));
  });

  it('logs each import under its kind with the file hash, so the kind counts as loaded', async () => {
    const mine = await fresh();
    expect(await ok(['--db', mine, 'records', 'milestones'])).toContain('none were ever imported');
    await importJson(mine, fixture('milestones.jsonl'));
    const empty = writeScratch('no-alerts.csv', 'id,rule,fired_at,disposition\n');
    expect(await importJson(mine, empty)).toMatchObject([{ kind: 'alerts', records: 0 }]);
    expect(await ok(['--db', mine, 'records', 'alerts'])).toBe('no alerts records\n');
    const store = await Store.open(mine);
    try {
      expect([...(await store.loadedKinds())].sort()).toEqual(['alerts', 'catalog', 'milestones']);
      const log = await store.db.selectFrom('import_log').select(['kind', 'format', 'sha256', 'records']).where('kind', '=', 'milestones').execute();
      expect(log).toEqual([{ kind: 'milestones', format: 'milestones', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), records: 3 }]);
    } finally {
      await store.close();
    }
  });

  it('prints a table of the records with times as ISO strings', async () => {
    await importJson(db, fixture('milestones.jsonl'));
    const text = await ok(['--db', db, 'records', 'milestones']);
    expect(text).toMatch(/^id\s+title\s+area\s+due_at\s+completed_at\n/);
    expect(text).toContain('MS-8  Secrets scanning on all repositories  Payments');
    expect(text).toContain('2026-09-12T10:00:00Z');
    expect(text.trimEnd().endsWith('3 milestones records')).toBe(true);
  });
});

describe('the records command', () => {
  it('explains itself with examples', async () => {
    const help = await runCli(['records', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('secscore records incidents');
  });

  it('rejects a kind it does not know with exit 2', async () => {
    const r = await runCli(['records', 'tickets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('incidents');
  });
});
