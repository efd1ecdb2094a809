import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { normalizeSeverity, type Category } from '../../domain/severity.js';
import { cweNumbers, statedScanTime, text, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter, SkipItem, StreamRef } from '../types.js';
import { reportSchema, type GitlabIdentifier, type GitlabVulnerability } from './schema.js';

const NAME = 'GitLab security report';

/** GitLab's report types (`scan.type`, or each vulnerability's `category` before schema 15). */
const CATEGORY_OF_TYPE: Readonly<Record<string, Category>> = {
  sast: 'sast',
  coverage_fuzzing: 'sast',
  secret_detection: 'secrets',
  dependency_scanning: 'sca',
  container_scanning: 'container',
  cluster_image_scanning: 'container',
  dast: 'dast',
  api_fuzzing: 'dast',
};

/** Secret scanners GitLab ran inside its SAST job before it had secret detection. */
const SECRET_SCANNERS = /^(gitleaks|trufflehog)$/i;

/** Identifier types that are vulnerability ids, not rules. */
const VULN_ID_TYPES = /^(cve|ghsa|osv|pysec|go|rustsec|gms|snyk)$/i;

export const gitlabImporter: ScannerImporter = {
  id: 'gitlab',
  name: `${NAME} (SAST, secret detection, dependency and container scanning, DAST)`,
  defaultCategory: 'sast',
  defaultTool: 'gitlab',
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const t = head.trimStart();
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (!t.startsWith('{') || !/"version"\s*:\s*"\d+(\.\d+)+"/.test(head) || !has('vulnerabilities') || has('bomFormat')) return 0;
  if (
    /"scan"\s*:\s*\{/.test(head) &&
    /"type"\s*:\s*"(sast|secret_detection|dependency_scanning|container_scanning|cluster_image_scanning|dast|api_fuzzing|coverage_fuzzing)"/.test(head)
  )
    return 95;
  if (has('identifiers') && has('location') && (has('cve') || has('id'))) return 90;
  if (has('remediations')) return 80;
  return 0;
}

/** `gitlab-semgrep`: the analyzer's id, kept apart from the same tool's own reports (another stream). */
function toolOf(id: string | undefined): string {
  const name = text(id)?.toLowerCase();
  return name ? `gitlab-${name.replace(/^gitlab-/, '')}` : 'gitlab';
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  const reportType = text(report.scan?.type);
  const reportCategory = (reportType && CATEGORY_OF_TYPE[reportType]) || CATEGORY_OF_TYPE[text(report.vulnerabilities[0]?.category) ?? ''] || 'sast';
  const reportTool = toolOf(report.scan?.scanner?.id ?? report.vulnerabilities[0]?.scanner?.id);
  const images = uniqueStrings(report.vulnerabilities.map((v) => v.location?.image));
  const covers: StreamRef[] = [{ tool: reportTool, category: reportCategory }];
  yield {
    kind: 'scan',
    tool: reportTool,
    category: reportCategory,
    ...statedScanTime(source.path, NAME, [report.scan?.end_time, '$.scan.end_time'], [report.scan?.start_time, '$.scan.start_time']),
    ...(images.length > 0 ? { target: { images } } : {}),
    covers,
  };
  const fingerprint = fingerprinter();
  // Keyed by `id` (the legacy `cve` before it): a later entry with the same key replaces the
  // earlier one, in the earlier one's place, as DefectDojo reads GitLab reports.
  const byKey = new Map<string, RawFinding | SkipItem>();
  for (const [i, v] of report.vulnerabilities.entries()) {
    const at = `$.vulnerabilities[${i}]`;
    const key = text(v.id) ?? text(v.cve) ?? `#${i}`;
    const earlier = byKey.get(key);
    const made = vulnFinding(v, at, reportType, reportTool, ctx, fingerprint);
    if (earlier && !('kind' in earlier) && !('kind' in made)) made.occurrences = earlier.occurrences + 1;
    byKey.set(key, made);
  }
  for (const item of byKey.values()) yield 'kind' in item ? item : { kind: 'finding', finding: item };
}

function ruleOf(identifiers: readonly GitlabIdentifier[], name: string | null): string | null {
  const rule = identifiers.find((i) => !/^(cwe|owasp)$/i.test(i.type ?? '') && !VULN_ID_TYPES.test(i.type ?? ''));
  const value = rule?.value === undefined ? null : text(String(rule.value));
  // Some analyzers (njsscan) put a sentence in the value and the rule in the name.
  if (value && value.split(/\s+/).length <= 5) return value;
  return text(rule?.name) ?? value ?? name;
}

function vulnFinding(
  v: GitlabVulnerability,
  at: string,
  reportType: string | null,
  reportTool: string,
  ctx: ParseContext,
  fingerprint: Fingerprinter,
): RawFinding | SkipItem {
  const title = text(v.name) ?? text(v.message) ?? text(v.identifiers?.[0]?.name);
  if (!title) return { kind: 'skip', reason: 'vulnerability without a name', place: { jsonPath: at } };
  const severity = normalizeSeverity(v.severity ?? 'Unknown');
  if (severity === null) return { kind: 'skip', reason: `vulnerability "${title}" has an unknown severity "${v.severity}"`, place: { jsonPath: at } };
  const identifiers = v.identifiers ?? [];
  const type = text(v.category) ?? reportType;
  const scannerId = text(v.scanner?.id);
  const category: Category =
    scannerId !== null && SECRET_SCANNERS.test(scannerId) ? 'secrets' : ((type !== null ? CATEGORY_OF_TYPE[type] : undefined) ?? 'sast');
  const tool = scannerId ? toolOf(scannerId) : reportTool;
  const loc = v.location ?? {};
  const pkg = text(loc.dependency?.package?.name);
  const version = text(loc.dependency?.version);
  const file = text(loc.file) ?? (loc.hostname ? `${loc.hostname}${loc.path ?? ''}` : null) ?? text(loc.image);
  const line = loc.start_line !== undefined && loc.start_line > 0 ? loc.start_line : null;
  const ruleId = ruleOf(identifiers, title);
  let secret: RedactedSecret | undefined;
  if (category === 'secrets' && text(v.raw_source_code_extract)) secret = ctx.redactSecret(v.raw_source_code_extract!.trim());
  const fix = pkg ? (/upgrade\b.*?\bto (?:version )?(v?\d[\w.+~:-]*?)(?:\.?\s+or\b|\.?$)/i.exec(v.solution ?? '')?.[1] ?? null) : null;
  return {
    // GitLab's own id is a hash of what the finding is; the legacy `cve` key holds file, fingerprint and rule.
    fingerprint: fingerprint([tool, text(v.cve) ?? '', ruleId ?? title, file ?? '', pkg ?? '', secret?.hash ?? ''], `${line ?? ''}|${text(v.id) ?? ''}`),
    severity,
    title,
    ruleId,
    vulnerabilityIds: uniqueStrings(
      identifiers
        .filter((i) => VULN_ID_TYPES.test(i.type ?? '') && !/^gms$/i.test(i.type ?? ''))
        .map((i) => (i.value === undefined ? undefined : String(i.value))),
    ),
    cwes: cweNumbers(identifiers.filter((i) => /^cwe$/i.test(i.type ?? '')).flatMap((i) => [i.value, i.name])),
    file,
    line,
    component: { name: pkg, version },
    fixVersion: fix,
    fixAvailableAt: null,
    description: [text(v.description), text(v.solution) && `Solution: ${v.solution!.trim()}`].filter(Boolean).join('\n\n') || null,
    // GitLab's false-positive detection flagged it.
    falsePositive: (v.flags ?? []).some((f) => /false[-_ ]?positive/i.test(f.type ?? '')),
    exploitAvailable: false,
    tool,
    category,
    ...(loc.image ? { target: { images: [loc.image] } } : {}),
    ...(secret ? { secret } : {}),
    occurrences: 1,
  };
}
