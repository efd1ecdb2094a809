import type { RawFinding } from '../../domain/finding.js';
import { isSeverity, normalizeSeverity, severityFromCvss, type Category, type Severity } from '../../domain/severity.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter, SkipItem, StreamRef } from '../types.js';
import { reportListSchema, reportSchema, type CheckovCheck, type CheckovReport } from './schema.js';

const NAME = 'Checkov JSON';
const TOOL = 'checkov';

export const checkovImporter: ScannerImporter = {
  id: 'checkov',
  name: NAME,
  defaultCategory: 'iac',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if (has('check_type') && (has('failed_checks') || has('passed_checks') || has('skipped_checks'))) return 90;
  // A run that found nothing to scan writes only its summary.
  if (has('checkov_version')) return 85;
  return 0;
}

/**
 * Checkov's frameworks by category: secrets and SCA checks run in the same Checkov
 * invocation as the IaC ones, but belong to other streams.
 */
function categoryOf(checkType: string): Category {
  if (checkType === 'secrets') return 'secrets';
  if (checkType === 'sca_image') return 'container';
  if (checkType.startsWith('sca_')) return 'sca';
  return 'iac';
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  // One framework is one report object; several are a list of them (DefectDojo reads both).
  const reports: { report: CheckovReport; path: string }[] = Array.isArray(data)
    ? validate(reportListSchema, data, source.path, NAME).map((report, i) => ({ report, path: `$[${i}]` }))
    : [{ report: validate(reportSchema, data, source.path, NAME), path: '$' }];

  // Every framework block in the file was scanned in full, even one without failures.
  const categories = new Set<Category>(reports.flatMap(({ report }) => (report.check_type !== undefined ? [categoryOf(report.check_type)] : [])));
  if (categories.size === 0) categories.add('iac');
  const covers: StreamRef[] = [...categories].map((category) => ({ tool: TOOL, category }));
  yield { kind: 'scan', tool: TOOL, category: 'iac', scannedAt: null, covers };

  const fingerprint = fingerprinter();
  for (const { report, path } of reports) {
    const checkType = report.check_type ?? '';
    for (const [i, check] of (report.results?.failed_checks ?? []).entries()) {
      yield failedCheckItem(check, checkType, `${path}.results.failed_checks[${i}]`, fingerprint);
    }
    // Checks suppressed in the code (`checkov:skip=`) are not findings, as in DefectDojo; they
    // are reported as skips so that the suppression stays visible in the import report.
    for (const [i, check] of (report.results?.skipped_checks ?? []).entries()) {
      const comment = check.suppress_comment?.trim();
      yield skip(
        `check ${check.check_id ?? '(no check_id)'} on ${resourceOf(check, checkType) ?? check.file_path ?? '(no resource)'} was skipped in the code${comment ? `: ${comment}` : ''}`,
        `${path}.results.skipped_checks[${i}]`,
      );
    }
  }
}

/**
 * The failing resource. A secrets check names an unkeyed hash of the secret as its
 * resource: that is not kept (it only goes, hashed again, into the fingerprint).
 */
function resourceOf(check: CheckovCheck, checkType: string): string | null {
  return checkType === 'secrets' ? null : (check.resource ?? null);
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}

/**
 * Checkov gives a severity only with a Prisma Cloud API key; without one DefectDojo uses
 * Medium, and so does secscore. Returns the reason to skip for a word it does not know.
 */
function severityOf(check: CheckovCheck): Severity | string {
  const word = check.severity ?? null;
  if (word !== null && word.trim() !== '') return normalizeSeverity(word) ?? `check ${check.check_id ?? '(no check_id)'} has an unknown severity "${word}"`;
  const cvss = check.vulnerability_details?.cvss;
  if (typeof cvss === 'number' && cvss > 0) return severityFromCvss(cvss);
  return 'medium';
}

function failedCheckItem(check: CheckovCheck, checkType: string, at: string, fingerprint: Fingerprinter): ParseItem {
  const id = check.check_id?.trim() || null;
  if (!id && !check.check_name) return skip('failed check without a check_id or check_name', at);
  const severity = severityOf(check);
  if (!isSeverity(severity)) return skip(severity, at);
  const file = check.file_path || check.repo_file_path || null;
  const [start, end] = check.file_line_range ?? [];
  // Checkov gives [0, 0] for checks on a whole file (Dockerfile instructions that are missing).
  const line = start !== undefined && start > 0 ? start : null;
  const vuln = check.vulnerability_details ?? null;
  const advisory = vuln?.id?.trim() || null;
  const resource = resourceOf(check, checkType);
  const finding: RawFinding = {
    // The resource, not the line range, identifies what failed: lines move when the file is edited.
    fingerprint: fingerprint(
      ['checkov', checkType, id ?? check.check_name ?? '', file ?? '', check.resource ?? '', advisory ?? '', vuln?.package_name ?? ''],
      `${start ?? ''}-${end ?? ''}`,
    ),
    severity,
    title: check.check_name?.trim() || id || 'Checkov check',
    ruleId: id,
    vulnerabilityIds: advisory ? [advisory] : [],
    cwes: [],
    file,
    line,
    // DefectDojo's component is the resource; an SCA check names the package instead.
    component: vuln?.package_name ? { name: vuln.package_name, version: vuln.package_version ?? null } : { name: resource, version: null },
    fixVersion: vuln?.lowest_fixed_version || null,
    fixAvailableAt: null,
    description:
      [
        `Check Type: ${checkType || 'unknown'}`,
        id && `Check Id: ${id}`,
        check.check_name,
        check.description ?? check.short_description,
        vuln?.description,
        check.guideline && `Guideline: ${check.guideline}`,
      ]
        .filter(Boolean)
        .join('\n') || null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
  };
  const category = categoryOf(checkType);
  return { kind: 'finding', finding: category === 'iac' ? finding : { ...finding, category } };
}
