import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity, type Severity } from '../../domain/severity.js';
import { severityOfCvssVectors } from '../cvss.js';
import { cweNumbers, fixVersionFor, text, uniqueStrings } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { parseJsonText, readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter } from '../types.js';
import { reportSchema, type OsvRecord } from './schema.js';

const NAME = 'OSV-Scanner JSON';
const TOOL = 'osv-scanner';

export const osvScannerImporter: ScannerImporter = {
  id: 'osv-scanner',
  name: NAME,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const text = head.trim();
  // osv-scanner writes nothing at all in some runs without results; a file named after it is taken at its word.
  if (text === '') return /osv[-_]?scan/i.test(path) ? 30 : 0;
  if (!text.startsWith('{') || !/"results"\s*:/.test(head)) return 0;
  if (/"source"\s*:\s*\{\s*"path"/.test(head) && head.includes('"packages"')) return 90;
  if (head.includes('"experimental_config"')) return 80;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const raw = await readText(source, NAME);
  yield { kind: 'scan', tool: TOOL, category: 'sca', scannedAt: null, covers: [{ tool: TOOL, category: 'sca' }] };
  // An empty file is a run that found nothing, as DefectDojo reads it.
  if (raw.trim() === '') return;
  const report = validate(reportSchema, parseJsonText(raw, source.path, NAME), source.path, NAME);
  const fingerprint = fingerprinter();
  // One finding per vulnerability × package × source file, as DefectDojo counts them.
  for (const [r, result] of (report.results ?? []).entries()) {
    const file = text(result.source?.path);
    for (const [p, pkg] of (result.packages ?? []).entries()) {
      const name = text(pkg.package?.name);
      const version = text(pkg.package?.version);
      const commit = text(pkg.package?.commit);
      for (const [v, vuln] of (pkg.vulnerabilities ?? []).entries()) {
        const at = `$.results[${r}].packages[${p}].vulnerabilities[${v}]`;
        const id = text(vuln.id);
        if (!id) {
          yield { kind: 'skip', reason: 'vulnerability without an id', place: { jsonPath: at } };
          continue;
        }
        const subject = name ?? (commit ? `commit ${commit.slice(0, 12)}` : (file ?? 'the scanned source'));
        const finding: RawFinding = {
          fingerprint: fingerprint([TOOL, file ?? '', name ?? commit ?? '', id], version ?? ''),
          severity: severityOf(vuln),
          title: `${id} in ${subject}${name && version ? `:${version}` : ''}`,
          ruleId: id,
          vulnerabilityIds: uniqueStrings([id, ...(vuln.aliases ?? [])]),
          cwes: cweNumbers([
            ...(vuln.affected ?? []).flatMap((a) => (a.database_specific?.cwes ?? []).map((c) => c.cweId)),
            ...(vuln.database_specific?.cwe_ids ?? []),
          ]),
          file,
          line: null,
          component: { name, version },
          fixVersion: fixVersionFor(version, fixedVersions(vuln, name)),
          fixAvailableAt: null,
          description:
            [text(vuln.summary), text(vuln.details), pkg.package?.ecosystem && `Ecosystem: ${pkg.package.ecosystem}`].filter(Boolean).join('\n\n') || null,
          falsePositive: false,
          exploitAvailable: false,
          occurrences: 1,
        };
        yield { kind: 'finding', finding };
      }
    }
  }
}

/**
 * GitHub's severity word where the advisory has one (as DefectDojo reads it), else the band of
 * its CVSS vectors; an advisory with neither is low, as DefectDojo files it.
 */
function severityOf(v: OsvRecord): Severity {
  return normalizeSeverity(v.database_specific?.severity) ?? severityOfCvssVectors((v.severity ?? []).map((s) => s.score)) ?? 'low';
}

/** The versions the affected ranges of this package say are fixed (commit fixes of GIT ranges are not versions). */
function fixedVersions(v: OsvRecord, name: string | null): string[] {
  const affected = (v.affected ?? []).filter((a) => name === null || a.package?.name === undefined || a.package.name === name);
  return affected.flatMap((a) =>
    (a.ranges ?? [])
      .filter((r) => r.type !== 'GIT')
      .flatMap((r) => (r.events ?? []).map((e) => e.fixed))
      .filter((f): f is string => !!f),
  );
}
