import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, severityFromCvss, type Severity } from '../../domain/severity.js';
import { cweNumbers, statedEpochOrText, statedScanTime, text, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter, SkipItem } from '../types.js';
import { findingSchema, fpfSchema, type DtFinding } from './schema.js';

const NAME = 'Dependency-Track findings';
const TOOL = 'dependency-track';

/** Analysis states in which the team said the finding does not apply (or is dealt with). */
const NOT_LIVE_STATES = new Set(['FALSE_POSITIVE', 'NOT_AFFECTED', 'RESOLVED']);

export const dependencyTrackImporter: ScannerImporter = {
  id: 'dependency-track',
  name: `${NAME} (API findings JSON or FPF export)`,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  const t = head.trimStart();
  if (t.startsWith('{') && /"application"\s*:\s*"Dependency-Track"/.test(head) && has('findings')) return 95;
  if (
    t.startsWith('[') &&
    has('component') &&
    has('vulnerability') &&
    (has('matrix') || has('attribution') || has('analysis')) &&
    (has('vulnId') || has('severityRank'))
  )
    return 90;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  let list: unknown[];
  let base: PropertyKey[];
  let project: string | null = null;
  let scannedAt: Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'> = { scannedAt: null };
  if (Array.isArray(data)) {
    [list, base] = [data, []];
  } else {
    const fpf = validate(fpfSchema, data, source.path, NAME);
    [list, base] = [fpf.findings, ['findings']];
    project = text(fpf.project?.name);
    scannedAt = statedScanTime(source.path, NAME, [fpf.meta?.timestamp, '$.meta.timestamp']);
  }
  const findings: DtFinding[] = list.map((raw, i) => validate(findingSchema, raw, source.path, NAME, [...base, i]));
  project ??= text(findings[0]?.component.projectName);
  const target: TargetHints | undefined = project ? { repos: [project] } : undefined;
  yield { kind: 'scan', tool: TOOL, category: 'sca', ...scannedAt, ...(target ? { target } : {}), covers: [{ tool: TOOL, category: 'sca' }] };
  const fingerprint = fingerprinter();
  for (const [i, f] of findings.entries()) {
    const at = `$${base.length > 0 ? '.findings' : ''}[${i}]`;
    const made = dtFinding(f, source.path, at, fingerprint);
    yield 'kind' in made ? made : { kind: 'finding', finding: made };
  }
}

function numberOf(v: number | string | null | undefined): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

/** Dependency-Track's severity; UNASSIGNED (no score yet) falls back to the CVSS scores, else info, as DefectDojo reads it. */
function severityOf(f: DtFinding): Severity | null {
  const word = text(f.vulnerability.severity)?.toUpperCase();
  if (word && word !== 'UNASSIGNED') return normalizeSeverity(word);
  const score = numberOf(f.vulnerability.cvssV3BaseScore) ?? numberOf(f.vulnerability.cvssV2BaseScore);
  return score === null ? 'info' : severityFromCvss(score);
}

/** `org.apache.logging.log4j` + `log4j-core` → `org.apache.logging.log4j:log4j-core` (Maven); `@angular` + `core` → `@angular/core`. */
function componentName(f: DtFinding): string | null {
  const name = text(f.component.name);
  const group = text(f.component.group);
  if (!name || !group) return name;
  return f.component.purl?.startsWith('pkg:maven/') ? `${group}:${name}` : `${group}/${name}`;
}

function dtFinding(f: DtFinding, file: string, at: string, fingerprint: Fingerprinter): RawFinding | SkipItem {
  // Epoch milliseconds in the API's findings (Jackson's default for a Date), ISO 8601 text in an FPF export.
  const attributed = statedEpochOrText(f.attribution?.attributedOn, file, NAME, `${at}.attribution.attributedOn`, {
    seconds: false,
    writes: 'Dependency-Track writes milliseconds',
  });
  const vulnId = text(f.vulnerability.vulnId);
  const name = componentName(f);
  if (!vulnId || !name) return { kind: 'skip', reason: `finding without ${vulnId ? 'a component name' : 'a vulnerability id'}`, place: { jsonPath: at } };
  const severity = severityOf(f);
  if (severity === null) return { kind: 'skip', reason: `${vulnId} has an unknown severity "${f.vulnerability.severity}"`, place: { jsonPath: at } };
  const version = text(f.component.version);
  const aliases = (f.vulnerability.aliases ?? []).flatMap((a) => Object.values(a));
  const state = text(f.analysis?.state)?.toUpperCase() ?? null;
  const purl = text(f.component.purl);
  return {
    // Components get new UUIDs when a BOM is uploaded again: the package (its purl without the
    // version, else its name) and the vulnerability are what stays.
    fingerprint: fingerprint([TOOL, text(f.component.projectName) ?? '', purl?.replace(/@[^@/?#]*(?=[?#]|$)/, '') ?? name, vulnId], version ?? ''),
    severity,
    title: `${vulnId} in ${name}${version ? `:${version}` : ''}`,
    ruleId: vulnId,
    vulnerabilityIds: uniqueStrings([vulnId, ...aliases]),
    cwes: cweNumbers([...(f.vulnerability.cwes ?? []).map((c) => c.cweId), f.vulnerability.cweId]),
    file: null,
    line: null,
    component: { name, version },
    fixVersion: text(f.vulnerability.patchedVersions),
    fixAvailableAt: null,
    description:
      [
        text(f.vulnerability.title),
        text(f.vulnerability.description),
        text(f.vulnerability.recommendation) && `Recommendation: ${f.vulnerability.recommendation!.trim()}`,
        purl && `Package: ${purl}`,
        text(f.vulnerability.source) && `Source: ${f.vulnerability.source!.trim()}`,
        state && state !== 'NOT_SET' ? `Analysis: ${state}` : null,
      ]
        .filter(Boolean)
        .join('\n\n') || null,
    // Suppressed, or analysed as a false positive, not affected or resolved: not a live issue.
    // A RESOLVED finding is not a fix event here: Dependency-Track's finding (and its FPF export)
    // carries no time for the analysis, so there is no fix time to place it at (the audit trail
    // with its timestamps is only in /api/v1/analysis). It stays kept but excluded.
    falsePositive: f.analysis?.isSuppressed === true || (state !== null && NOT_LIVE_STATES.has(state)),
    exploitAvailable: state === 'EXPLOITABLE',
    occurrences: 1,
    toolOpenedAt: attributed,
  };
}
