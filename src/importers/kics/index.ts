import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity, type Severity } from '../../domain/severity.js';
import { cweNumbers, statedScanTime } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { reportSchema, type KicsFile, type KicsQuery } from './schema.js';

const NAME = 'KICS JSON';
const TOOL = 'kics';

export const kicsImporter: ScannerImporter = {
  id: 'kics',
  name: NAME,
  defaultCategory: 'iac',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if (has('kics_version') || (has('queries') && (has('query_name') || has('queries_total')))) return 90;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  yield {
    kind: 'scan',
    tool: TOOL,
    category: 'iac',
    ...statedScanTime(source.path, NAME, [report.start, '$.start']),
    covers: [{ tool: TOOL, category: 'iac' }],
  };

  const fingerprint = fingerprinter();
  // DefectDojo merges the places of one kind of issue at one line: platform, category, issue
  // type, file, expected value and line. The query itself is not in that key.
  const merged = new Map<string, RawFinding>();
  const order: (RawFinding | SkipItem)[] = [];
  for (const [qi, query] of (report.queries ?? []).entries()) {
    const qat = `$.queries[${qi}]`;
    const severity = severityOf(query);
    if (typeof severity === 'object') {
      order.push({ ...severity, place: { jsonPath: qat } });
      continue;
    }
    for (const [fi, place] of (query.files ?? []).entries()) {
      const at = `${qat}.files[${fi}]`;
      const file = place.file_name?.trim() || null;
      if (!file) {
        order.push({ kind: 'skip', reason: `result of query ${queryLabel(query)} without a file_name`, place: { jsonPath: at } });
        continue;
      }
      const line = place.line ?? null;
      const key = [query.platform, query.category, place.issue_type, file, place.expected_value, String(line)].map((p) => p ?? '').join('\u0000');
      const existing = merged.get(key);
      if (existing) {
        existing.occurrences++;
        continue;
      }
      const finding = toFinding(
        query,
        place,
        file,
        line,
        severity,
        ctx,
        fingerprint(['kics', query.query_id ?? query.query_name ?? '', file, place.search_key ?? '', place.expected_value ?? ''], String(line ?? '')),
      );
      merged.set(key, finding);
      order.push(finding);
    }
  }
  for (const entry of order) yield 'kind' in entry ? entry : { kind: 'finding', finding: entry };
}

function queryLabel(query: KicsQuery): string {
  return query.query_id ?? query.query_name ?? '(no query_id)';
}

/** KICS's own scale has TRACE below INFO; DefectDojo uses Medium where the query gives none. */
function severityOf(query: KicsQuery): Severity | SkipItem {
  const word = query.severity?.trim();
  if (!word) return 'medium';
  if (/^trace$/i.test(word)) return 'info';
  return normalizeSeverity(word) ?? { kind: 'skip', reason: `query ${queryLabel(query)} has an unknown severity "${word}"` };
}

function toFinding(
  query: KicsQuery,
  place: KicsFile,
  file: string,
  line: number | null,
  severity: Severity,
  ctx: ParseContext,
  fingerprint: string,
): RawFinding {
  const name = query.query_name?.trim() || query.query_id || 'KICS query';
  // The secrets queries' values can quote what was found: only its keyed hash is kept.
  const secretQuery = /secret/i.test(query.category ?? '');
  const secretValue = secretQuery ? place.value || place.search_value : null;
  return {
    ...(secretValue ? { secret: ctx.redactSecret(secretValue) } : {}),
    fingerprint,
    severity,
    // DefectDojo's title: "<category>: <query name>".
    title: query.category ? `${query.category}: ${name}` : name,
    ruleId: query.query_id ?? null,
    vulnerabilityIds: [],
    cwes: cweNumbers([query.cwe]),
    file,
    line,
    // DefectDojo's component is the platform (Terraform, Kubernetes, Dockerfile, Common...).
    component: { name: query.platform ?? null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description:
      [
        query.description,
        query.platform && `Platform: ${query.platform}`,
        query.category && `Category: ${query.category}`,
        place.issue_type && `Issue type: ${place.issue_type}`,
        place.search_key && `Where: ${place.search_key}`,
        place.expected_value && `Expected: ${place.expected_value}`,
        !secretQuery && place.actual_value && `Actual: ${place.actual_value}`,
        query.query_url && `Reference: ${query.query_url}`,
      ]
        .filter(Boolean)
        .join('\n') || null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
  };
}
