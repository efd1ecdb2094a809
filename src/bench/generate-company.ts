import { INPUT_KINDS } from '../domain/facts.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../storage/schema.js';

/**
 * A synthetic company written straight into a store's tables (below the importers): at scale 1,
 * 2,000 services in 40 areas of 8 product lines, 800,000 findings with 1,000,000 open intervals
 * over the 8 quarters from 2024-Q4 to 2026-Q3 (every severity, tier, exposure and category;
 * a quarter of the findings reopened; some open at the end), their scans, and operational
 * records at matching scale. Every row comes from `INSERT … SELECT … FROM generate_series`, one
 * statement per table, written once for DuckDB and PostgreSQL: the values are integer arithmetic
 * on the series (no engine-specific random or date function), so both engines hold exactly the
 * same data and must print exactly the same KPIs.
 */
export interface CompanyShape {
  services: number;
  areas: number;
  lines: number;
  findings: number;
  counts: Record<string, number>;
}

export const START = Date.UTC(2024, 9, 1);
const DAY = 86_400_000;
const DAYS = 730;
const MONTHS = 24;

export function companyShape(scale: number): CompanyShape {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const services = Math.max(40, n(2000));
  return {
    services,
    areas: 40,
    lines: 8,
    findings: n(800_000),
    counts: {
      pipeline_runs: n(400_000),
      pull_requests: n(200_000),
      incidents: n(2_000),
      alerts: n(100_000),
      design_reviews: n(4_000),
      cloud_controls: n(104_000),
      identity_snapshots: n(32_000),
      surveys: n(20_000),
      milestones: n(400),
      exceptions: n(2_000),
      epss: n(40_000),
      kev: n(2_000),
    },
  };
}

/** Writes the company into an empty, migrated store; returns the number of rows per table. */
export async function writeSyntheticCompany(db: Kysely<DB>, scale: number): Promise<Record<string, number>> {
  const shape = companyShape(scale);
  const S = shape.services;
  const teams = Math.max(10, Math.round(S / 10));
  const accounts = Math.max(10, Math.round(S / 10));
  const run = (q: string) => sql.raw(q).execute(db);
  /** Integer division, exact on both engines (DuckDB's `/` is a float division). */
  const div = (a: string, b: number) => `cast((${a} - (${a}) % ${b}) / ${b} as bigint)`;
  const pad = (e: string, w: number) => `lpad(cast(${e} as varchar), ${w}, '0')`;
  const svc = (e: string) => `'svc-' || ${pad(`(${e}) % ${S}`, 4)}`;
  const series = (n: number) => `generate_series(cast(0 as bigint), cast(${n - 1} as bigint)) as g(i)`;
  const at = (dayExpr: string, msExpr = '0') => `(${START} + (${dayExpr}) * ${DAY} + (${msExpr}))`;
  /** Two well-mixed pseudo-random values in [0, m) of an integer expression (mod primes above every series length). */
  const h = (e: string, m: number) => `((((${e}) * 2654435761) % 1000003) % ${m})`;
  const g = (e: string, m: number) => `((((${e}) * 1103515245 + 12345) % 999983) % ${m})`;

  // Day and month labels, the one thing integer arithmetic cannot spell: literal rows.
  await run('create temporary table bench_days (k bigint, day varchar, month varchar)');
  const labels: string[] = [];
  for (let k = 0; k < DAYS + 200; k++) {
    const iso = new Date(START + k * DAY).toISOString();
    labels.push(`(${k}, '${iso.slice(0, 10)}', '${iso.slice(0, 7)}')`);
  }
  await run(`insert into bench_days values ${labels.join(', ')}`);

  await run(`insert into product_lines (name, owners) select 'line-' || ${pad('i', 2)}, '["vp-' || i || '"]' from ${series(shape.lines)}`);
  await run(
    `insert into areas (name, product_line, owners) select 'area-' || ${pad('i', 2)}, 'line-' || ${pad(`i % ${shape.lines}`, 2)}, '["dir-' || i || '"]' from ${series(shape.areas)}`,
  );
  await run(`insert into services (id, name, area, product_line, tier, internet_exposed, owners, repos, images, cloud_accounts, tags)
    select ${svc('i')}, 'Service ' || i, 'area-' || ${pad(`i % ${shape.areas}`, 2)}, 'line-' || ${pad(`(i % ${shape.areas}) % ${shape.lines}`, 2)},
      case when i % 10 = 0 then 0 when i % 10 < 4 then 1 else 2 end, i % 3 = 0,
      '["team-' || (i % ${teams}) || '"]', '["github.com/acme/svc-' || ${pad('i', 4)} || '"]', '["registry.acme.io/svc-' || ${pad('i', 4)} || '"]',
      '["acct-' || (i % ${accounts}) || '"]', case when i % 4 = 0 then '["paved-road:v2"]' else '[]' end
    from ${series(S)}`);
  // The keys imports map files to services by (Store.saveCatalog writes them from the catalog):
  // each service's repository and image. The cloud accounts are shared between services here, so
  // they name none.
  await run(`insert into service_keys (kind, key, service_id)
    select 'repo', 'github.com/acme/svc-' || ${pad('i', 4)}, ${svc('i')} from ${series(S)}
    union all select 'image', 'registry.acme.io/svc-' || ${pad('i', 4)}, ${svc('i')} from ${series(S)}`);

  // Findings: category by i % 5, severity by a multiplicative hash, 1% false positives.
  const F = shape.findings;
  const sev = `case when ${h('i', 1000)} < 30 then 'critical' when ${h('i', 1000)} < 150 then 'high' when ${h('i', 1000)} < 500 then 'medium' when ${h('i', 1000)} < 900 then 'low' else 'info' end`;
  const cat = `case i % 5 when 0 then 'sast' when 1 then 'sca' when 2 then 'iac' when 3 then 'container' else 'secrets' end`;
  const tool = `case i % 5 when 0 then 'semgrep' when 1 then 'trivy' when 2 then 'checkov' when 3 then 'grype' else 'gitleaks' end`;
  const opened = at(`${g('i', DAYS - 30)}`, `((i * 31) % 86400) * 1000`);
  await run(`insert into findings (id, service_id, tool, category, fingerprint, severity, title, rule_id, vulnerability_ids, cwes, file_path, line_number,
      component_name, component_version, fix_version, fix_available_at, description, false_positive, exploit_available, secret_hash, secret_preview, attributes_at)
    select i + 1, ${svc(div('i', 5))}, ${tool}, ${cat}, 'fp-' || i, ${sev}, 'Synthetic finding ' || (i % 500), 'rule-' || (i % 300),
      case when i % 5 in (1, 3) then '["CVE-2025-' || (10000 + (i * 13) % 50000) || '"]' else '[]' end,
      case i % 8 when 0 then '[79]' when 1 then '[89]' when 2 then '[22]' when 3 then '[798]' when 4 then '[200]' when 5 then '[287]' when 6 then '[502]' else '[918]' end,
      'src/file' || (i % 100) || '.ts', cast(1 + i % 400 as integer), null, null, null,
      case when i % 5 in (1, 3) and i % 3 = 0 then ${opened} + 3 * ${DAY} else null end,
      null, i % 100 = 0, i % 53 = 0, null, null, ${opened}
    from ${series(F)}`);
  // Intervals: one per finding (10% still open), and a reopened second one for i % 4 = 1 (half of those open).
  const fixed1 = `${opened} + (${h('i + 7', 120)}) * ${DAY} + ((i * 17) % 86400) * 1000`;
  await run(`insert into intervals (finding_id, seq, opened_at, fixed_at, last_seen_at)
    select i + 1, 1, ${opened}, case when i % 10 = 0 then null else ${fixed1} end, case when i % 10 = 0 then ${START + DAYS * DAY} else ${fixed1} - ${DAY} end
    from ${series(F)}`);
  await run(`insert into intervals (finding_id, seq, opened_at, fixed_at, last_seen_at)
    select i + 1, 2, ${fixed1} + 7 * ${DAY}, case when i % 8 = 1 then null else ${fixed1} + 22 * ${DAY} end, ${fixed1} + 21 * ${DAY}
    from ${series(F)} where i % 4 = 1`);

  // Scans: every 14 days per service and category; one service in ten has no SCA, one in seven no IaC.
  const scans = S * 5 * 52;
  await run(`insert into scans (id, service_id, tool, category, scanned_at, partial, format, file, sha256, imported_at, finding_count)
    select i + 1, ${svc('i')},
      case ${div(`i % ${S * 5}`, S)} when 0 then 'semgrep' when 1 then 'trivy' when 2 then 'checkov' when 3 then 'grype' else 'gitleaks' end,
      case ${div(`i % ${S * 5}`, S)} when 0 then 'sast' when 1 then 'sca' when 2 then 'iac' when 3 then 'container' else 'secrets' end,
      ${at(`14 * ${div('i', S * 5)}`, `((i * 37) % 86400) * 1000`)}, false, 'bench', 'bench', 'bench', ${START}, 0
    from ${series(scans)}
    where not (${div(`i % ${S * 5}`, S)} = 1 and (i % ${S}) % 10 = 0) and not (${div(`i % ${S * 5}`, S)} = 2 and (i % ${S}) % 7 = 0)`);

  const c = shape.counts as Record<string, number>;
  await run(`insert into pipeline_runs (id, service_id, repo, pipeline, template, started_at, finished_at, release, security_stage)
    select 'run-' || i, ${svc('i')}, 'github.com/acme/svc-' || ${pad(`i % ${S}`, 4)}, 'ci', case when i % 4 = 0 then 'paved-road-v2' when i % 4 = 1 then 'legacy-jenkins' else null end,
      ${at(`${g('i', DAYS)}`, `((i * 61) % 86400) * 1000`)}, ${at(`${g('i', DAYS)}`, `((i * 61) % 86400) * 1000 + 600000`)}, i % 6 = 0,
      case when ${h('i', 50)} = 0 then 'bypassed' when ${h('i', 50)} = 1 then 'tool_error' when ${h('i', 50)} < 6 then 'failed' when ${h('i', 50)} < 9 then 'absent' else 'passed' end
    from ${series(c['pipeline_runs']!)}`);
  await run(`insert into pull_requests (repo, number, service_id, created_at, merged_at, security_review_requested_at, first_security_review_at)
    select 'github.com/acme/svc-' || ${pad(`i % ${S}`, 4)}, cast(${div('i', S)} + 1 as integer), ${svc('i')}, ${at(`${g('i', DAYS)}`)},
      case when i % 9 = 0 then null else ${at(`${g('i', DAYS)}`, `((i * 13) % 72) * 3600000`)} end,
      case when i % 5 = 0 then ${at(`${g('i', DAYS)}`, '3600000')} else null end,
      case when i % 5 = 0 and i % 15 <> 0 then ${at(`${g('i', DAYS)}`, `3600000 + ((i * 7) % 96) * 3600000`)} else null end
    from ${series(c['pull_requests']!)}`);
  await run(`insert into incidents (id, title, severity, service_id, started_at, detected_at, contained_at, resolved_at, cause, runbook)
    select 'inc-' || i, 'Incident ' || i, 'sev' || (1 + i % 4), ${svc('i * 11')}, ${at(`${g('i', DAYS)}`)}, ${at(`${g('i', DAYS)}`, `((i * 7) % 48) * 3600000`)},
      ${at(`${g('i', DAYS)}`, `((i * 7) % 48) * 3600000 + ((i * 3) % 24) * 3600000`)}, case when i % 20 = 0 then null else ${at(`${g('i', DAYS)} + 2 + i % 5`)} end,
      case i % 4 when 0 then 'leaked credential' when 1 then 'misconfiguration' when 2 then 'vulnerable dependency' else 'phishing' end,
      case when i % 3 = 0 then null else 'https://runbooks.acme.io/' || i end
    from ${series(c['incidents']!)}`);
  await run(`insert into alerts (id, rule, service_id, fired_at, dispositioned_at, disposition, runbook)
    select 'alert-' || i, 'rule-' || (i % 60), ${svc('i * 3')}, ${at(`${g('i', DAYS)}`, `((i * 61) % 86400) * 1000`)},
      case when i % 10 = 0 then null else ${at(`${g('i', DAYS)}`, `((i * 61) % 86400) * 1000 + ((i * 7) % 48) * 1800000`)} end,
      case when i % 10 = 0 then null when i % 10 < 3 then 'true_positive' when i % 10 < 8 then 'false_positive' else 'benign' end,
      case when i % 4 = 0 then null else 'https://runbooks.acme.io/rule-' || (i % 60) end
    from ${series(c['alerts']!)}`);
  await run(`insert into design_reviews (id, service_id, requested_at, completed_at, outcome)
    select 'dr-' || i, ${svc('i * 13')}, ${at(`${g('i', DAYS)}`)}, case when i % 7 = 0 then null else ${at(`${g('i', DAYS)} + 1 + (i * 3) % 15`)} end,
      case when i % 7 = 0 then null when i % 3 = 0 then 'changes requested' else 'approved' end
    from ${series(c['design_reviews']!)}`);
  await run(`insert into threat_models (service_id, updated_at, link)
    select ${svc('i')}, ${at(`${g('i', DAYS)}`)}, 'https://wiki.acme.io/tm/' || i from ${series(S * 2)} where (i % ${S}) % 3 <> 2`);
  const controls = 20;
  const checks = Math.max(1, Math.round(c['cloud_controls']! / (accounts * controls)));
  await run(`insert into cloud_controls (account, control, status, checked_at)
    select 'acct-' || (i % ${accounts}), 'control-' || ${pad(`${div('i', accounts)} % ${controls}`, 2)}, case when ${h('i', 100)} < 85 then 'pass' else 'fail' end,
      ${at(`${div('i', accounts * controls)} * ${Math.floor(DAYS / checks)}`, `((i % ${accounts}) * 1000)`)}
    from ${series(accounts * controls * checks)}`);
  const people = Math.max(10, Math.round(c['identity_snapshots']! / 8));
  await run(`insert into identity_snapshots (snapshot_at, account, privileged, mfa, sso)
    select ${at(`${div('i', people)} * 91`)}, 'user-' || (i % ${people}), (i % ${people}) % 20 = 0, ${h('i', 100)} < 93, ${g('i', 100)} < 88
    from ${series(people * 8)}`);
  await run(`insert into logging_records (service_id, "at", shipped, retained_days)
    select ${svc('i')}, ${at(`${div('i', S)} * 30`)}, ${h('i', 100)} < 90, case when i % 6 = 0 then 30 when i % 6 = 1 then null else 365 end from ${series(S * MONTHS)}`);
  await run(`insert into iam_records (service_id, "at", standard_roles)
    select ${svc('i')}, ${at(`${div('i', S)} * 30`)}, ${g('i', 100)} < 80 from ${series(S * MONTHS)}`);
  await run(`insert into surveys (submitted_at, seq, score, scale_min, scale_max, team)
    select ${at(`${g('i', DAYS)}`)}, cast(i as integer), cast(1 + ${h('i', 5)} as double precision), 1, 5, 'team-' || (i % ${teams}) from ${series(c['surveys']!)}`);
  await run(`insert into costs (tool, annual_cost, currency, from_at, to_at)
    select case i % 8 when 0 then 'semgrep' when 1 then 'trivy' when 2 then 'checkov' when 3 then 'grype' when 4 then 'gitleaks' when 5 then 'snyk' when 6 then 'wiz' else 'github-advanced-security' end,
      cast(20000 + i * 5000 as double precision), 'USD', ${at(`${div('i', 8)} * 365`)}, ${at(`(${div('i', 8)} + 1) * 365`)} from ${series(16)}`);
  await run(`insert into team_health (month, team, headcount, leavers, oncall_pages, oncall_engineers)
    select d.month, 'team-' || (i % ${teams}), cast(6 + i % 9 as integer), cast(case when ${h('i', 100)} < 8 then 1 else 0 end as integer),
      cast((i * 7) % 40 as integer), cast(3 + i % 4 as integer)
    from ${series(teams * MONTHS)} join bench_days d on d.k = ${div('i', teams)} * 30 + 15`);
  await run(`insert into milestones (id, title, area, due_at, completed_at)
    select 'ms-' || i, 'Milestone ' || i, 'area-' || ${pad(`i % ${shape.areas}`, 2)}, ${at(`${g('i', DAYS)}`)},
      case when i % 5 = 0 then null else ${at(`${g('i', DAYS)} + (i % 21) - 10`)} end from ${series(c['milestones']!)}`);
  await run(`insert into commits (repo, day, count)
    select 'github.com/acme/svc-' || ${pad(`i % ${S}`, 4)}, d.day, cast(1 + ${h('i', 40)} as integer)
    from ${series(S * Math.floor(DAYS / 4))} join bench_days d on d.k = ${div('i', S)} * 4 + (i % 4)`);
  await run(`insert into exceptions (id, scope_fingerprint, scope_service, scope_rule, scope_cve, reason, owner, approver, starts_at, expires_at, backlog, compensating_controls, status, source_file)
    select 'exc-' || i, case when i % 2 = 0 then 'fp-' || (${h('i * 397', F)}) else null end, case when i % 2 = 1 then ${svc('i * 5')} else null end,
      case when i % 2 = 1 then 'rule-' || (i % 300) else null end, null, 'accepted for the quarter', 'team-' || (i % ${teams}), 'ciso',
      ${at(`${g('i', DAYS)}`)}, case when i % 10 = 0 then null else ${at(`${g('i', DAYS)} + 90`)} end,
      case when i % 3 = 0 then null else 'SEC-' || i end, null, case when i % 25 = 0 then 'revoked' else 'approved' end, 'bench'
    from ${series(c['exceptions']!)}`);
  await run(
    `insert into epss (cve, epss, percentile) select 'CVE-2025-' || (10000 + i), cast((${h('i', 1000)}) as double precision) / 1000, null from ${series(c['epss']!)}`,
  );
  await run(`insert into kev (cve, added_at) select 'CVE-2025-' || (10000 + (i * 23) % ${c['epss']!}), ${START} from ${series(c['kev']!)} group by 1`);
  // import_log names scanner imports 'scan'; every other kind by its own name.
  const kinds = INPUT_KINDS.map((k) => (k === 'findings' ? 'scan' : k));
  await db
    .insertInto('import_log')
    .values(kinds.map((kind) => ({ kind, format: 'bench', file: 'bench', sha256: 'bench', imported_at: START, records: 0 })))
    .execute();
  await run('drop table bench_days');
  // The rows above carry their ids: the sequences move past them, so that a later import's rows
  // (ids from the sequences) do not collide with them.
  for (const [table, sequence] of [
    ['findings', 'findings_id_seq'],
    ['scans', 'scans_id_seq'],
  ] as const) {
    const { rows } = await sql<{ n: number | string | null }>`select max(id) as n from ${sql.table(table)}`.execute(db);
    const top = Number(rows[0]?.n ?? 0);
    if (top > 0) await run(`select max(nextval('${sequence}')) from ${series(top + 1)}`);
  }

  const counted: Record<string, number> = {};
  for (const t of [
    'services',
    'findings',
    'intervals',
    'scans',
    'pipeline_runs',
    'pull_requests',
    'incidents',
    'alerts',
    'design_reviews',
    'threat_models',
    'cloud_controls',
    'identity_snapshots',
    'logging_records',
    'iam_records',
    'surveys',
    'team_health',
    'milestones',
    'commits',
    'exceptions',
    'epss',
    'kev',
  ] as const) {
    const r = await sql<{ n: number | string | bigint }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    counted[t] = Number(r.rows[0]!.n);
  }
  return counted;
}
