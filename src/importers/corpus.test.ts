import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawFinding } from '../domain/finding.js';
import type { Severity } from '../domain/severity.js';
import { parseContext } from './redact.js';
import { IMPORTERS, type FormatId } from './registry.js';
import { fileSource } from './source.js';

/**
 * Agreement with DefectDojo: every sarif and trivy case of the corpus (fixtures/corpus, copied
 * from DefectDojo's parser tests) must give the same number of findings and the same values
 * for every field DefectDojo asserts, unless the difference is listed in DIFFERENCES below
 * with the reason secscore differs on purpose.
 */

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'corpus');

interface Check {
  index?: number;
  where?: { vuln_id_from_tool: string; optional?: boolean };
  [field: string]: unknown;
}

interface Case {
  format: string;
  file: string;
  test: string;
  findings: number | null;
  min_findings?: number;
  severity_counts?: Record<string, number>;
  checks: Check[];
}

/** A deliberate difference: which value DefectDojo asserts, which one secscore gives, and why. */
interface Difference {
  file: string;
  /** The check's index; absent for file-level fields (`findings`). */
  index?: number;
  field: string;
  dojo: unknown;
  secscore: unknown;
  reason: string;
}

const SARIF_NOTE =
  'SARIF level "note" is mapped to low (error→high, warning→medium, note→low, none→info): a note is still a failing result the tool reports, and SARIF keeps "none" for informational ones; DefectDojo maps note to Info.';
const SARIF_FILE_URI =
  'secscore stores a path, not a URI: "file://" is stripped (and %-escapes decoded) so that SARIF locations match the paths other tools report; DefectDojo keeps the URI as written.';

const DIFFERENCES: readonly Difference[] = [
  { file: 'scans/sarif/bash-report.sarif', index: 0, field: 'file_path', dojo: 'file:///home/damien/dd/docker/setEnv.sh', secscore: '/home/damien/dd/docker/setEnv.sh', reason: SARIF_FILE_URI },
  { file: 'scans/sarif/bash-report.sarif', index: 6, field: 'severity', dojo: 'Info', secscore: 'low', reason: SARIF_NOTE },
  {
    file: 'scans/sarif/dependency_check.sarif',
    index: 0,
    field: 'file_path',
    dojo: 'file:////src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/handlebars-1.0.0.js',
    secscore: '/src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/handlebars-1.0.0.js',
    reason: SARIF_FILE_URI,
  },
  { file: 'scans/sarif/flawfinder.sarif', index: 20, field: 'severity', dojo: 'Info', secscore: 'low', reason: SARIF_NOTE },
  { file: 'scans/sarif/taint-python-report.sarif', index: 0, field: 'file_path', dojo: 'file:///home/damien/dd/dojo/tools/veracode/parser.py', secscore: '/home/damien/dd/dojo/tools/veracode/parser.py', reason: SARIF_FILE_URI },
  {
    file: 'scans/sarif/taint-python-report.sarif',
    index: 2,
    field: 'file_path',
    dojo: 'file:///home/damien/dd/dojo/tools/qualys_infrascan_webgui/parser.py',
    secscore: '/home/damien/dd/dojo/tools/qualys_infrascan_webgui/parser.py',
    reason: SARIF_FILE_URI,
  },
  {
    file: 'scans/trivy/license_scheme.json',
    index: 0,
    field: 'file_path',
    dojo: '',
    secscore: null,
    reason: 'A license of an OS package has no file (Trivy writes FilePath ""); secscore has no empty paths and stores null.',
  },
];

const SEVERITY_OF_DOJO: Readonly<Record<string, Severity>> = { Critical: 'critical', High: 'high', Medium: 'medium', Low: 'low', Info: 'info' };

/** DefectDojo fields secscore does not model; a check on them is reported, not compared. */
const NOT_MODELLED = new Set(['verified', 'is_mitigated', 'out_of_scope', 'unique_id_from_tool', 'nb_occurences', 'endpoint_count', 'dd_literal', 'index', 'where']);

interface Comparison {
  field: string;
  dojo: unknown;
  secscore: unknown;
  equal: boolean;
}

/** Compares one finding with one DefectDojo check, field by field. */
function compare(check: Check, f: RawFinding): Comparison[] {
  const out: Comparison[] = [];
  const same = (field: string, dojo: unknown, secscore: unknown, equal = JSON.stringify(dojo) === JSON.stringify(secscore)): void => {
    out.push({ field, dojo, secscore, equal });
  };
  for (const [field, dojo] of Object.entries(check)) {
    switch (field) {
      case 'severity':
        same(field, dojo, f.severity, SEVERITY_OF_DOJO[dojo as string] === f.severity);
        break;
      case 'title':
        same(field, dojo, f.title);
        break;
      case 'cve':
        same(field, dojo, f.vulnerabilityIds[0] ?? null);
        break;
      case 'vulnerability_ids':
        same(field, dojo, f.vulnerabilityIds);
        break;
      case 'cwe':
        // DefectDojo keeps one primary CWE (0 or null for none); secscore keeps them all.
        same(field, dojo, f.cwes, dojo === 0 || dojo === null ? f.cwes.length === 0 : f.cwes.includes(dojo as number));
        break;
      case 'cwe_in':
        same(field, dojo, f.cwes, (dojo as number[]).some((c) => f.cwes.includes(c)));
        break;
      case 'cwes':
        same(field, dojo, f.cwes);
        break;
      case 'file_path':
        same(field, dojo, f.file);
        break;
      case 'line':
        same(field, dojo, f.line);
        break;
      case 'component_name':
        same(field, dojo, f.component.name);
        break;
      case 'component_version':
        same(field, dojo, f.component.version);
        break;
      case 'vuln_id_from_tool':
        same(field, dojo, f.ruleId);
        break;
      case 'fix_version':
        same(field, dojo, f.fixVersion);
        break;
      case 'fix_available':
        same(field, dojo, f.fixVersion !== null, dojo === (f.fixVersion !== null));
        break;
      case 'active':
        // Inactive in DefectDojo (vendor says not affected, suppressed) is secscore's falsePositive.
        same(field, dojo, !f.falsePositive, dojo === !f.falsePositive);
        break;
      case 'false_p':
        if (dojo === true) same(field, dojo, f.falsePositive, f.falsePositive);
        break;
      default:
        if (!NOT_MODELLED.has(field)) throw new Error(`corpus check field "${field}" is not handled by corpus.test.ts`);
    }
  }
  return out;
}

const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { cases: Case[] };
const cases = expected.cases.filter((c): c is Case & { format: FormatId } => c.format === 'sarif' || c.format === 'trivy');

async function findingsOf(c: Case & { format: FormatId }): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  for await (const item of IMPORTERS[c.format].parse(await fileSource(join(CORPUS, c.file)), parseContext('test-key'))) {
    if (item.kind === 'finding') findings.push(item.finding);
  }
  return findings;
}

interface Tally {
  cases: number;
  agreeing: number;
  withDifferences: number;
  differences: number;
}
const tally = new Map<string, Tally>();
const usedDifferences = new Set<Difference>();

describe('agreement with DefectDojo on the corpus', () => {
  it.each(cases.map((c) => [`${c.format} ${c.file.split('/').pop()} (${c.test})`, c] as const))('%s', async (_name, c) => {
    const findings = await findingsOf(c);
    const comparisons: { index: number | undefined; cmp: Comparison }[] = [];
    if (c.findings !== null) comparisons.push({ index: undefined, cmp: { field: 'findings', dojo: c.findings, secscore: findings.length, equal: c.findings === findings.length } });
    if (c.min_findings !== undefined) comparisons.push({ index: undefined, cmp: { field: 'min_findings', dojo: c.min_findings, secscore: findings.length, equal: findings.length >= c.min_findings } });
    for (const [word, n] of Object.entries(c.severity_counts ?? {})) {
      const ours = findings.filter((f) => f.severity === SEVERITY_OF_DOJO[word]).length;
      comparisons.push({ index: undefined, cmp: { field: `severity_counts.${word}`, dojo: n, secscore: ours, equal: n === ours } });
    }
    for (const check of c.checks) {
      const f = check.index !== undefined ? findings[check.index] : findings.find((x) => x.ruleId === check.where?.vuln_id_from_tool);
      if (!f) {
        if (check.where?.optional) continue;
        throw new Error(`${c.file}: no finding ${check.index ?? JSON.stringify(check.where)} (secscore gave ${findings.length})`);
      }
      for (const cmp of compare(check, f)) comparisons.push({ index: check.index, cmp });
    }

    let differences = 0;
    for (const { index, cmp } of comparisons) {
      const documented = DIFFERENCES.find((d) => d.file === c.file && d.index === index && d.field === cmp.field);
      if (cmp.equal) {
        expect(documented, `${c.file} #${index} ${cmp.field} agrees with DefectDojo but is listed as a difference`).toBeUndefined();
        continue;
      }
      expect(documented, `${c.file} #${index ?? '-'} ${cmp.field}: DefectDojo ${JSON.stringify(cmp.dojo)}, secscore ${JSON.stringify(cmp.secscore)}`).toBeDefined();
      expect({ dojo: cmp.dojo, secscore: cmp.secscore }).toEqual({ dojo: documented!.dojo, secscore: documented!.secscore });
      usedDifferences.add(documented!);
      differences++;
    }
    const t = tally.get(c.format) ?? { cases: 0, agreeing: 0, withDifferences: 0, differences: 0 };
    t.cases++;
    if (differences === 0) t.agreeing++;
    else t.withDifferences++;
    t.differences += differences;
    tally.set(c.format, t);
  });

  it('exercises every documented difference (none is stale)', () => {
    expect(DIFFERENCES.filter((d) => !usedDifferences.has(d)).map((d) => `${d.file}#${d.index ?? '-'} ${d.field}`)).toEqual([]);
  });

  afterAll(() => {
    const header = ['format', 'cases', 'agreeing', 'documented differences'];
    const rows = [...tally.entries()].map(([format, t]) => [format, String(t.cases), String(t.agreeing), `${t.withDifferences} cases (${t.differences} values)`]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
    console.log(['Agreement with DefectDojo on the corpus:', line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n'));
  });
});
