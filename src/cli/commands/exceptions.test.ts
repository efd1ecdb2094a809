import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trivyRepoScan, type TrivyVuln } from '../../importers/test-support/trivy-scan.js';
import { ENGINES, freshDatabase, type TestDatabase } from '../../storage/test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';
import { scratchFolders } from '../../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

const CATALOG = join(dirname(fileURLToPath(import.meta.url)), '../../importers/records/fixtures/catalog.yaml');
const scratch = temp.make('secscore-exceptions-');

function write(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** A Trivy repository scan of billing-api (tier 0, internet-exposed: critical SLA 7 days) at `at`. */
function trivyScan(name: string, at: string, vulns: TrivyVuln[]): string {
  return write(name, trivyRepoScan('github.com/acme/billing-api', at, vulns));
}

const LOG4J = { id: 'CVE-2021-44228', pkg: 'log4j-core' };
const SPRING = { id: 'CVE-2022-22965', pkg: 'spring-beans' };
const QUICK = { id: 'CVE-2024-0001', pkg: 'quick-fix' };

/**
 * Opened 07-01 (due 07-08). QUICK is fixed on 07-05 (in time), SPRING on 09-25 (late, while an
 * exception covered it), LOG4J stays open under EX-LOG4J until that expires on 10-15.
 */
const SCANS = [
  trivyScan('scan-0701.json', '2026-07-01T00:00:00Z', [LOG4J, SPRING, QUICK]),
  trivyScan('scan-0705.json', '2026-07-05T00:00:00Z', [LOG4J, SPRING]),
  trivyScan('scan-0925.json', '2026-09-25T00:00:00Z', [LOG4J]),
];

const EXCEPTIONS = write(
  'exceptions.yaml',
  `# Risk acceptances of the payments area.
id: EX-LOG4J
scope: { service: billing-api, cve: cve-2021-44228 }
reason: Only reachable from the admin network; upgrade blocked by the vendor SDK.
owner: team-billing
approver: ciso
starts_at: 2026-07-05
expires_at: 2026-10-15
backlog: https://jira.acme.io/browse/SEC-101
compensating_controls: [WAF rule 4711, JNDI lookups disabled]
status: approved
---
- id: EX-SPRING
  scope: { service: billing-api, cve: CVE-2022-22965 }
  owner: team-billing
  approver: ciso
  starts_at: 2026-07-02
  expires_at: 2027-01-01
  backlog: SEC-102
  status: approved
- id: EX-LOG4J-OLD
  scope: { service: billing-api, cve: CVE-2021-44228 }
  owner: team-billing
  starts_at: 2026-06-01
  expires_at: 2027-06-01
  status: revoked
---
exceptions:
  - id: EX-NOBODY
    scope: { service: ledger, rule: java/sql-injection }
    starts_at: 2026-08-01
    status: approved
  - id: EX-SOON
    scope: { service: billing-api, cve: CVE-2024-0001 }
    owner: team-billing
    starts_at: 2026-09-01
    expires_at: 2026-10-20
    status: approved
  - id: EX-LATER
    scope: { service: billing-api, cve: CVE-2021-44228 }
    owner: team-billing
    starts_at: 2026-12-01
    expires_at: 2027-03-01
    status: approved
`,
);

interface Finding {
  title: string;
  status: string;
  vulnerabilityIds: string[];
}
interface Kpi {
  id: string;
  value: number | null;
  n: number;
  status: string;
  details: Record<string, unknown>;
}

describe.each(ENGINES)('exceptions as code on %s', (engine) => {
  let database: TestDatabase;
  let db: string;
  let importWarnings: string[];
  const run = (args: string[], at: string) => runCli(['--db', db, ...args], { SECSCORE_NOW: at });
  const ok = async (args: string[], at = '2026-10-10T00:00:00Z') => {
    const r = await run(args, at);
    if (r.code !== 0) throw new Error(`secscore ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const findings = async (at: string, status = 'all') => JSON.parse(await ok(['findings', '--status', status, '--json'], at)) as Finding[];
  const statusOf = async (at: string, cve: string) => (await findings(at)).find((f) => f.vulnerabilityIds.includes(cve))?.status;
  const kpis = async (range: string[]) => {
    const report = JSON.parse(await ok(['kpis', '--json', ...range])) as { groups: { kpis: Kpi[] }[] };
    return new Map(report.groups[0]!.kpis.map((k) => [k.id, k]));
  };
  const Q3 = ['--period', '2026-Q3'];
  /** The same fix events as Q3; its end (10-20) falls after EX-LOG4J expired (10-15). */
  const PAST_EXPIRY = ['--from', '2026-07-01T00:00:00Z', '--to', '2026-10-20T00:00:00Z'];
  let withoutExceptions: { q3: Map<string, Kpi>; past: Map<string, Kpi> };

  beforeAll(async () => {
    database = await freshDatabase(engine);
    db = database.url;
    await ok(['catalog', 'import', CATALOG]);
    await ok(['import', ...SCANS]);
    withoutExceptions = { q3: await kpis(Q3), past: await kpis(PAST_EXPIRY) };
    const imported = JSON.parse(await ok(['import', '--json', EXCEPTIONS], '2026-09-30T00:00:00Z')) as { kind: string; records: number; warnings: string[] }[];
    expect(imported).toMatchObject([{ kind: 'exceptions', records: 6 }]);
    importWarnings = imported[0]!.warnings;
  });
  afterAll(async () => database.drop());

  it('marks a covered finding accepted while its exception is active and open again after it expires', async () => {
    expect(await statusOf('2026-07-04T00:00:00Z', 'CVE-2021-44228')).toBe('open'); // before EX-LOG4J starts (the revoked one does not count)
    expect(await statusOf('2026-07-05T00:00:00Z', 'CVE-2021-44228')).toBe('accepted'); // starts_at <= t
    expect(await statusOf('2026-10-14T23:59:59Z', 'CVE-2021-44228')).toBe('accepted');
    expect(await statusOf('2026-10-15T00:00:00Z', 'CVE-2021-44228')).toBe('open'); // t < expires_at no longer holds
    expect(await statusOf('2026-12-01T00:00:00Z', 'CVE-2021-44228')).toBe('accepted'); // EX-LATER
    expect(await statusOf('2026-10-10T00:00:00Z', 'CVE-2022-22965')).toBe('fixed'); // an exception does not hide a fix
  });

  it('lists accepted findings with --status accepted and leaves them out of --status open', async () => {
    const accepted = await findings('2026-08-01T00:00:00Z', 'accepted');
    expect(accepted.map((f) => f.vulnerabilityIds[0]).sort()).toEqual(['CVE-2021-44228', 'CVE-2022-22965']);
    expect(await findings('2026-08-01T00:00:00Z', 'open')).toEqual([]);
    expect((await findings('2026-10-16T00:00:00Z', 'open')).map((f) => f.vulnerabilityIds[0])).toEqual(['CVE-2021-44228']);
  });

  it('excludes an overdue open critical under an active exception at the end from critical_sla_compliance, and includes it after expiry', async () => {
    const q3 = (await kpis(Q3)).get('critical_sla_compliance')!;
    // Fix events: QUICK in time, SPRING late; LOG4J is overdue at 10-01 but accepted.
    expect(q3).toMatchObject({ value: 50, n: 2, details: { fixed: 2, fixed_within_sla: 1, overdue_open: 0 } });
    expect(withoutExceptions.q3.get('critical_sla_compliance')).toMatchObject({ n: 3, details: { overdue_open: 1 } });
    const past = (await kpis(PAST_EXPIRY)).get('critical_sla_compliance')!;
    expect(past).toMatchObject({ value: 33.3, n: 3, details: { fixed: 2, overdue_open: 1 } });
    expect(withoutExceptions.past.get('critical_sla_compliance')).toMatchObject({ value: 33.3, n: 3 });
  });

  it('escalates once the exception has expired over a finding that is still open', async () => {
    const triggers = async (range: string[]) => {
      const card = JSON.parse(await ok(['scorecard', '--json', ...range])) as {
        rows: { area: string; escalation: { triggers: { id: string; level: string; text: string }[] } }[];
      };
      return card.rows.find((r) => r.area === 'Payments')!.escalation.triggers.filter((t) => t.id === 'expired_exception');
    };
    expect(await triggers(Q3)).toEqual([]);
    expect(await triggers(PAST_EXPIRY)).toEqual([
      expect.objectContaining({
        id: 'expired_exception',
        level: 'Yes',
        text: expect.stringContaining('EX-LOG4J expired 2026-10-15 with 1 finding still open'),
      }),
    ]);
  });

  it('leaves the KPIs that do not look at exceptions as they were: a fix under an exception is still a fix', async () => {
    const q3 = await kpis(Q3);
    for (const id of ['critical_mttr_internet', 'reopen_rate', 'scanning_coverage']) {
      expect(q3.get(id), id).toEqual(withoutExceptions.q3.get(id));
    }
    // SPRING was fixed after 86 days while EX-SPRING accepted it; QUICK after 4.
    expect(q3.get('critical_mttr_internet')).toMatchObject({ value: 45, n: 2 });
  });

  it('warns at import about exceptions without an expiry, without an owner or covering nothing', () => {
    expect(importWarnings).toEqual([
      'exception EX-NOBODY (line 29) has no expiry (expires_at): it stays active until revoked',
      'exception EX-NOBODY (line 29) has no owner',
      'exception EX-NOBODY (line 29) covers nothing: no stored finding matches its scope (service ledger, rule java/sql-injection)',
    ]);
  });

  it('lists each exception with where it stands, its open findings and its backlog link', async () => {
    const listed = JSON.parse(await ok(['exceptions', '--json'], '2026-10-10T00:00:00Z')) as Record<string, unknown>[];
    expect(listed.map((e) => [e['id'], e['status'], e['openFindings'], e['daysToExpiry']])).toEqual([
      ['EX-LOG4J', 'expiring', 1, 5],
      ['EX-SOON', 'expiring', 0, 10],
      ['EX-SPRING', 'active', 0, 83],
      ['EX-LATER', 'scheduled', 1, 142],
      ['EX-LOG4J-OLD', 'revoked', 1, 234],
      ['EX-NOBODY', 'active', 0, null],
    ]);
    expect(listed[0]).toEqual({
      id: 'EX-LOG4J',
      status: 'expiring',
      scope: { service: 'billing-api', cve: 'CVE-2021-44228' },
      owner: 'team-billing',
      approver: 'ciso',
      reason: 'Only reachable from the admin network; upgrade blocked by the vendor SDK.',
      startsAt: '2026-07-05T00:00:00Z',
      expiresAt: '2026-10-15T00:00:00Z',
      daysToExpiry: 5,
      openFindings: 1,
      backlog: 'https://jira.acme.io/browse/SEC-101',
      compensatingControls: 'WAF rule 4711; JNDI lookups disabled',
      file: EXCEPTIONS,
    });
    const later = JSON.parse(await ok(['exceptions', '--json', '--status', 'expired'], '2026-10-21T00:00:00Z')) as Record<string, unknown>[];
    expect(later.map((e) => [e['id'], e['status']])).toEqual([
      ['EX-LOG4J', 'expired-with-open-findings'],
      ['EX-SOON', 'expired'],
    ]);
  });

  it('prints a table with the status and the backlog link, and counts by status', async () => {
    const text = await ok(['exceptions'], '2026-10-10T00:00:00Z');
    expect(text).toMatch(/^id\s+status\s+expires\s+days left\s+open\s+owner\s+scope\s+backlog\n/);
    expect(text).toMatch(
      /EX-LOG4J\s+expiring\s+2026-10-15\s+5\s+1\s+team-billing\s+service billing-api, cve CVE-2021-44228\s+https:\/\/jira\.acme\.io\/browse\/SEC-101/,
    );
    expect(text).toMatch(/EX-NOBODY\s+active\s+never\s+—\s+0\s+none/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('6 exceptions: 2 expiring, 2 active, 1 scheduled, 1 revoked');
  });

  it('updates an exception re-imported with the same id instead of adding one', async () => {
    const revoke = write(
      'revoke.yaml',
      'id: EX-SPRING\nscope: { service: billing-api, cve: CVE-2022-22965 }\nowner: team-billing\nstarts_at: 2026-07-02\nexpires_at: 2027-01-01\nstatus: revoked\n',
    );
    const [report] = JSON.parse(await ok(['import', '--json', revoke])) as Record<string, unknown>[];
    expect(report).toMatchObject({ kind: 'exceptions', records: 1, inserted: 0, updated: 1 });
    const listed = JSON.parse(await ok(['exceptions', '--json', '--status', 'revoked'])) as Record<string, unknown>[];
    expect(listed.map((e) => [e['id'], e['file']])).toEqual([
      ['EX-SPRING', revoke],
      ['EX-LOG4J-OLD', EXCEPTIONS],
    ]);
    expect(await statusOf('2026-08-01T00:00:00Z', 'CVE-2022-22965')).toBe('open');
  });
});

describe('the exceptions command', () => {
  it('explains itself with examples', async () => {
    const help = await runCli(['exceptions', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('expired-with-open-findings');
  });

  it('says when no exceptions were ever imported', async () => {
    const database = await freshDatabase('duckdb');
    try {
      const r = await runCli(['--db', database.url, 'exceptions']);
      expect(r).toMatchObject({ code: 0, stdout: 'no exceptions: none were ever imported (secscore import <exceptions.yaml>)\n' });
    } finally {
      await database.drop();
    }
  });

  it('rejects a bad exceptions file with exit 2, naming the exception, line and field, and stores nothing of it', async () => {
    const database = await freshDatabase('duckdb');
    try {
      const bad = write(
        'bad.yaml',
        'id: EX-1\nscope: { service: billing-api, cve: CVE-2021-44228 }\nstarts_at: 2026-07-05\nstatus: approved\n---\nid: EX-2\nscope: { service: billing-api }\nstarts_at: soon\nstatus: approved\n',
      );
      const r = await runCli(['--db', database.url, 'import', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('bad.yaml: invalid exceptions YAML input (entity EX-2, line 7');
      const listed = await runCli(['--db', database.url, 'exceptions', '--json']);
      expect(JSON.parse(listed.stdout)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
