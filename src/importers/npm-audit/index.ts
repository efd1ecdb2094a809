import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity } from '../../domain/severity.js';
import { cweNumbers, text, uniqueStrings, vulnerabilityIdsIn } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { jsonPath, readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter } from '../types.js';
import { reportSchema, type NpmAdvisory, type NpmVulnerability } from './schema.js';

const NAME = 'npm audit JSON (npm 7+)';
const TOOL = 'npm-audit';

/**
 * A package vulnerable only through its dependencies has no advisory of its own: DefectDojo files
 * it under CWE-1035 (using components with known vulnerabilities), and so does secscore.
 */
const THROUGH_DEPENDENCY_CWE = 1035;

export const npmAuditImporter: ScannerImporter = {
  id: 'npm-audit',
  name: NAME,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  if (!head.trimStart().startsWith('{')) return 0;
  if (/"auditReportVersion"\s*:\s*\d/.test(head) && head.includes('"vulnerabilities"')) return 95;
  if (/"auditReportVersion"\s*:/.test(head)) return 80;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  if (typeof data === 'object' && data !== null && Object.hasOwn(data, 'advisories') && !Object.hasOwn(data, 'auditReportVersion'))
    throw new InputError(
      source.path,
      NAME,
      { jsonPath: '$.advisories' },
      'this is the report of npm 6 or earlier (`advisories`); only npm 7 and later are read',
    );
  // `npm audit fix --dry-run --json` nests the report under `audit`.
  const nested = typeof data === 'object' && data !== null && !Object.hasOwn(data, 'auditReportVersion') && Object.hasOwn(data, 'audit');
  const base = nested ? ['audit'] : [];
  const report = validate(reportSchema, nested ? (data as Record<string, unknown>)['audit'] : data, source.path, NAME, base);
  yield { kind: 'scan', tool: TOOL, category: 'sca', scannedAt: null, covers: [{ tool: TOOL, category: 'sca' }] };
  const fingerprint = fingerprinter();
  // One finding per vulnerable package, as DefectDojo reads the report (and as npm counts them).
  for (const [key, v] of Object.entries(report.vulnerabilities)) {
    const at = jsonPath([...base, 'vulnerabilities', key]);
    const name = text(v.name) ?? text(key);
    if (!name) {
      yield { kind: 'skip', reason: 'vulnerable package without a name', place: { jsonPath: at } };
      continue;
    }
    const severity = normalizeSeverity(v.severity);
    if (severity === null) {
      yield { kind: 'skip', reason: `package ${name} has an unknown severity "${v.severity ?? ''}"`, place: { jsonPath: at } };
      continue;
    }
    yield { kind: 'finding', finding: packageFinding(name, v, severity, fingerprint) };
  }
}

function packageFinding(name: string, v: NpmVulnerability, severity: RawFinding['severity'], fingerprint: ReturnType<typeof fingerprinter>): RawFinding {
  const via = v.via ?? [];
  const advisories = via.filter((x): x is NpmAdvisory => typeof x === 'object');
  const through = uniqueStrings(via.filter((x): x is string => typeof x === 'string'));
  // The first advisory names the finding (DefectDojo takes its title, CWEs and CVSS from it).
  const first = advisories[0];
  const fix = v.fixAvailable;
  const fixVersion = typeof fix === 'object' && text(fix.version) ? (fix.name && fix.name !== name ? `${fix.name}@${fix.version}` : fix.version!) : null;
  const description = [
    `${name} ${v.range ?? ''}`.trim(),
    ...advisories.map((a) => [a.title, a.url].filter(Boolean).join(' - ')),
    ...through.map((d) => `Vulnerable through ${d}`),
    typeof fix === 'object' && fix.name
      ? `Fix: update ${fix.name} to ${fix.version ?? 'a fixed version'}${fix.isSemVerMajor ? ' (a major version)' : ''}`
      : fix === true
        ? 'Fix: npm audit fix'
        : null,
    (v.nodes ?? []).length > 0 ? `Installed at: ${(v.nodes ?? []).join(', ')}` : null,
  ];
  return {
    fingerprint: fingerprint([TOOL, name, first ? String(first.source ?? first.url ?? first.title ?? '') : 'via'], (v.nodes ?? []).join(',')),
    severity,
    title: text(first?.title) ?? name,
    ruleId: first?.source !== undefined ? String(first.source) : null,
    // npm names advisories by their GitHub advisory URL.
    vulnerabilityIds: vulnerabilityIdsIn(advisories.map((a) => a.url)),
    cwes: first ? cweNumbers(first.cwe ?? []) : [THROUGH_DEPENDENCY_CWE],
    file: v.nodes?.[0] ?? null,
    line: null,
    // npm audit gives the vulnerable range, not the installed version.
    component: { name, version: null },
    fixVersion,
    fixAvailableAt: null,
    description: description.filter(Boolean).join('\n') || null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
  };
}
