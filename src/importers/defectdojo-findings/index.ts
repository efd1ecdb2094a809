import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, type Category } from '../../domain/severity.js';
import { categoryOfTool, cweNumbers, dojoExcluded, statedTime, text, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { findingSchema, pageSchema, type DojoFinding } from './schema.js';

const NAME = 'DefectDojo findings export';
const TOOL = 'defectdojo';

export const defectdojoFindingsImporter: ScannerImporter = {
  id: 'defectdojo-findings',
  name: `${NAME} (API v2 /findings/ JSON)`,
  defaultCategory: 'sast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  const t = head.trimStart();
  const dojoFields = ['numerical_severity', 'false_p', 'hash_code', 'found_by', 'is_mitigated'].filter(has).length;
  if (/^\{\s*"count"\s*:/.test(t) && has('results') && (dojoFields >= 2 || /"results"\s*:\s*\[\s*\]/.test(head))) return dojoFields >= 2 ? 95 : 40;
  if (t.startsWith('[') && dojoFields >= 3) return 85;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  const page = Array.isArray(data) ? { count: data.length, next: null, results: data as unknown[] } : validate(pageSchema, data, source.path, NAME);
  const base: PropertyKey[] = Array.isArray(data) ? [] : ['results'];
  const findings: { finding: RawFinding & { category: Category }; target?: TargetHints }[] = [];
  const skips: SkipItem[] = [];
  if (text(page.next) !== null)
    skips.push({
      kind: 'skip',
      reason: `this page holds ${page.results.length} of ${page.count ?? '?'} findings: the other pages (next: ${page.next}) are not in this file; import every page, or this one with --partial`,
      place: { jsonPath: '$.next' },
    });
  const fingerprint = fingerprinter();
  for (const [i, raw] of page.results.entries()) {
    const at = `$${base.length ? '.results' : ''}[${i}]`;
    const f = validate(findingSchema, raw, source.path, NAME, [...base, i]);
    // Read first: a date that is not one is an error even in a finding passed over, or not mitigated.
    const times = {
      openedAt: statedTime(f.date, source.path, NAME, `${at}.date`),
      mitigatedAt: statedTime(f.mitigated, source.path, NAME, `${at}.mitigated`),
    };
    // DefectDojo's deduplication keeps the original as its own finding: a duplicate is not another issue.
    if (f.duplicate === true) {
      skips.push({
        kind: 'skip',
        reason: `finding ${f.id ?? ''} is a duplicate${f.duplicate_finding ? ` of finding ${f.duplicate_finding}` : ''}`.replace('  ', ' '),
        place: { jsonPath: at },
      });
      continue;
    }
    const severity = normalizeSeverity(f.severity);
    if (severity === null) {
      skips.push({ kind: 'skip', reason: `finding "${f.title}" has an unknown severity "${f.severity}"`, place: { jsonPath: at } });
      continue;
    }
    findings.push(dojoFinding(f, severity, times, fingerprint));
  }
  // One header per product and category, so that each product's findings are a snapshot of its service.
  const headers = new Map<string, ParseItem>();
  for (const { finding } of findings) {
    const key = `${finding.category}\u001f${finding.target?.repos?.join(',') ?? ''}`;
    if (!headers.has(key))
      headers.set(key, {
        kind: 'scan',
        tool: TOOL,
        category: finding.category,
        scannedAt: null,
        ...(finding.target ? { target: finding.target } : {}),
        covers: [{ tool: TOOL, category: finding.category }],
      });
  }
  if (headers.size === 0) headers.set('', { kind: 'scan', tool: TOOL, category: 'sast', scannedAt: null, covers: [] });
  yield* headers.values();
  yield* skips;
  for (const { finding } of findings) yield { kind: 'finding', finding };
}

/** The scanner behind the finding (the test type), else what the finding's fields say it is. */
function categoryOf(f: DojoFinding): Category {
  const testType = text(f.related_fields?.test?.test_type?.name);
  if (testType) return categoryOfTool(testType);
  if (f.dynamic_finding === true && f.static_finding !== true) return 'dast';
  return text(f.component_name) ? 'sca' : 'sast';
}

/** The times a finding states: its date, and when it was mitigated. */
interface DojoTimes {
  openedAt: number | null;
  mitigatedAt: number | null;
}

/** How DefectDojo's flags read in secscore's lifecycle (fields.ts, `dojoExcluded`), with the tool's own times. */
function lifecycle(f: DojoFinding, times: DojoTimes): { falsePositive: boolean; toolOpenedAt: number | null; toolFixedAt: number | null } {
  const toolOpenedAt = times.openedAt;
  const toolFixedAt = f.is_mitigated === true ? times.mitigatedAt : null;
  const falsePositive = dojoExcluded({
    falsePositive: f.false_p,
    active: f.active,
    outOfScope: f.out_of_scope,
    riskAccepted: f.risk_accepted,
    mitigated: f.is_mitigated,
    openedAt: toolOpenedAt,
    fixedAt: toolFixedAt,
  });
  return { falsePositive, toolOpenedAt, toolFixedAt };
}

function dojoFinding(
  f: DojoFinding,
  severity: RawFinding['severity'],
  times: DojoTimes,
  fingerprint: Fingerprinter,
): { finding: RawFinding & { category: Category }; target?: TargetHints } {
  const engagement = f.related_fields?.test?.engagement;
  const repos = uniqueStrings([engagement?.source_code_management_uri, engagement?.product?.name]);
  const target: TargetHints | undefined = repos.length > 0 ? { repos } : undefined;
  const testType = text(f.related_fields?.test?.test_type?.name);
  const line = f.line !== null && f.line !== undefined && f.line > 0 ? f.line : null;
  // DefectDojo's finding id survives reimports; the hash code stands in for exports without ids.
  const identity =
    f.id !== undefined
      ? ['id', String(f.id)]
      : ['hash', text(f.hash_code) ?? text(f.unique_id_from_tool) ?? `${f.title}|${f.file_path ?? ''}|${f.component_name ?? ''}`];
  return {
    ...(target ? { target } : {}),
    finding: {
      fingerprint: fingerprint([TOOL, ...identity], ''),
      severity,
      title: f.title.trim(),
      ruleId: text(f.vuln_id_from_tool),
      vulnerabilityIds: uniqueStrings([f.cve, ...(f.vulnerability_ids ?? []).map((v) => v.vulnerability_id)]),
      cwes: cweNumbers([f.cwe]),
      file: text(f.file_path),
      line,
      component: { name: text(f.component_name), version: text(f.component_version) },
      fixVersion: text(f.fix_version),
      fixAvailableAt: null,
      description:
        [text(f.description), text(f.mitigation) && `Mitigation: ${f.mitigation!.trim()}`, testType && `Found by: ${testType}`].filter(Boolean).join('\n\n') ||
        null,
      exploitAvailable: f.known_exploited === true,
      category: categoryOf(f),
      ...(target ? { target } : {}),
      occurrences: f.nb_occurences !== null && f.nb_occurences !== undefined && f.nb_occurences > 0 ? f.nb_occurences : 1,
      ...lifecycle(f, times),
    },
  };
}
