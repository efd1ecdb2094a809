import type { RawFinding, TargetHints } from '../../domain/finding.js';
import { normalizeSeverity, type Category } from '../../domain/severity.js';
import { cweNumbers, fixVersionFor, statedScanTime, statedTime, text, uniqueStrings } from '../fields.js';
import { findingMerger } from '../finding-merger.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { reportSchema, type GrypeMatch, type GrypeReport } from './schema.js';

const NAME = 'Grype JSON';
const TOOL = 'grype';

/** Fix states in which Grype's listed versions are not fixes (`wont-fix` lists the versions it will not be fixed in). */
const NOT_FIXED = new Set(['not-fixed', 'wont-fix', 'unknown']);

export const grypeImporter: ScannerImporter = {
  id: 'grype',
  name: NAME,
  defaultCategory: 'container',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (!head.trimStart().startsWith('{') || !has('matches')) return 0;
  if (/"descriptor"\s*:\s*\{\s*"name"\s*:\s*"grype"/.test(head)) return 95;
  if (has('artifact') && has('vulnerability') && (has('matchDetails') || has('relatedVulnerabilities'))) return 90;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  const category: Category = report.source?.type === 'image' ? 'container' : 'sca';
  const target = targetOf(report);
  yield {
    kind: 'scan',
    tool: TOOL,
    category,
    ...statedScanTime(source.path, NAME, [report.descriptor?.timestamp, '$.descriptor.timestamp']),
    ...(target ? { target } : {}),
    covers: [{ tool: TOOL, category }],
  };
  const fingerprint = fingerprinter();
  // DefectDojo merges matches on vulnerability + package + version: one package found at several
  // paths (a jar copied twice, a wheel's METADATA and RECORD) is one finding, its paths folded.
  const merger = findingMerger();
  const lists = [
    ['matches', report.matches ?? [], false],
    ['ignoredMatches', report.ignoredMatches ?? [], true],
  ] as const;
  for (const [list, matches, ignored] of lists) {
    for (const [i, m] of matches.entries()) {
      const made = matchFinding(m, source.path, `$.${list}[${i}]`, ignored, category, fingerprint);
      if ('kind' in made) merger.skip(made);
      else merger.add(made.key, made.finding, made.paths);
    }
  }
  yield* merger.items('Paths', 2, 'after');
}

function targetOf(report: GrypeReport): TargetHints | undefined {
  const t = report.source?.target;
  if (report.source?.type !== 'image' || t === undefined || typeof t === 'string') return undefined;
  const image = [t.userInput, ...(t.tags ?? [])].map(text).find((x) => x !== null);
  return image ? { images: [image] } : undefined;
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}

function matchFinding(
  m: GrypeMatch,
  file: string,
  at: string,
  ignored: boolean,
  category: Category,
  fingerprint: Fingerprinter,
): SkipItem | { key: string; finding: RawFinding; paths: string[] } {
  const v = m.vulnerability;
  // When each fix became available: every date the match states is read, the one it picks or not.
  const available = (v?.fix?.available ?? []).map((a, i) => ({
    version: a.version,
    at: statedTime(a.date, file, NAME, `${at}.vulnerability.fix.available[${i}].date`),
  }));
  const id = text(v?.id);
  const name = text(m.artifact?.name);
  if (!v || !id) return skip('match without a vulnerability id', at);
  if (!name) return skip(`match of ${id} without an artifact name`, at);
  const severity = normalizeSeverity(v.severity);
  if (severity === null) return skip(`match of ${id} has an unknown severity "${v.severity ?? ''}"`, at);
  const version = text(m.artifact?.version);
  const related = m.relatedVulnerabilities ?? [];
  const paths = uniqueStrings((m.artifact?.locations ?? []).map((l) => l.path));
  const fixes = NOT_FIXED.has(v.fix?.state ?? '') ? [] : [...(v.fix?.versions ?? []), v.fixedInVersion];
  const fixVersion = fixVersionFor(version, uniqueStrings(fixes));
  const fixDates = available.filter((a) => fixVersion === null || a.version === fixVersion).map((a) => a.at);
  const fixAvailableAt = fixDates.filter((d): d is number => d !== null).sort((a, b) => a - b)[0] ?? null;
  const key = [id, name, version ?? ''].join('\u001f');
  const finding: RawFinding = {
    // The installed version is not part of the key: an upgrade that does not fix it keeps the finding.
    fingerprint: fingerprint([TOOL, id, m.artifact?.type ?? '', name], version ?? ''),
    severity,
    title: `${id} in ${name}${version ? `:${version}` : ''}`,
    ruleId: id,
    // The matched id first, then the related records (the CVE behind a GHSA, the NVD record of a distro advisory).
    vulnerabilityIds: uniqueStrings([id, ...related.map((r) => r.id)]),
    cwes: cweNumbers([v, ...related].flatMap((r) => (r.cwes ?? []).map((c) => c.cwe))),
    file: paths[0] ?? null,
    line: null,
    component: { name, version },
    fixVersion,
    fixAvailableAt,
    description:
      [text(v.description), v.dataSource && `Source: ${v.dataSource}`, m.artifact?.purl && `Package: ${m.artifact.purl}`].filter(Boolean).join('\n\n') || null,
    // Matched by one of the project's ignore rules: the team has said it does not apply.
    falsePositive: ignored,
    // Listed in CISA's KEV catalog (Grype 0.88+).
    exploitAvailable: [v, ...related].some((r) => (r.knownExploited ?? []).length > 0),
    category,
    occurrences: 1,
  };
  return { key, finding, paths };
}
