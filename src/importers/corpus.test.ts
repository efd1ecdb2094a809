/// <reference types="vite/client" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import type { RawFinding } from '../domain/finding.js';
import type { Severity } from '../domain/severity.js';
import { parseContext } from './redact.js';
import { IMPORTERS } from './registry.js';
import type { CorpusSpec, Difference } from './test-support/corpus-spec.js';
import type { ScannerImporter } from './types.js';
import { fileSource } from './source.js';

/**
 * Agreement with DefectDojo: every case of the corpus for a format secscore imports (fixtures/corpus, copied
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
  scan_type: string;
  findings: number | null;
  min_findings?: number;
  /** DefectDojo rejects the file; secscore must reject it too, with an input error. */
  raises?: string;
  error_contains?: string;
  severity_counts?: Record<string, number>;
  checks: Check[];
}

const SEVERITY_OF_DOJO: Readonly<Record<string, Severity>> = { Critical: 'critical', High: 'high', Medium: 'medium', Low: 'low', Info: 'info' };

/** DefectDojo fields secscore does not model; a check on them is reported, not compared. */
const NOT_MODELLED = new Set([
  'verified',
  'is_mitigated',
  'out_of_scope',
  'unique_id_from_tool',
  'nb_occurences',
  'endpoint_count',
  'dd_literal',
  'index',
  'where',
]);

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
      case 'vulnerability_ids_contains':
        same(
          field,
          dojo,
          f.vulnerabilityIds,
          (dojo as string[]).every((id) => f.vulnerabilityIds.includes(id)),
        );
        break;
      case 'vulnerability_ids_count':
        same(field, dojo, f.vulnerabilityIds.length);
        break;
      case 'cwe':
        // DefectDojo keeps one primary CWE (0 or null for none); secscore keeps them all.
        same(field, dojo, f.cwes, dojo === 0 || dojo === null ? f.cwes.length === 0 : f.cwes.includes(dojo as number));
        break;
      case 'cwe_in':
        same(
          field,
          dojo,
          f.cwes,
          (dojo as number[]).some((c) => f.cwes.includes(c)),
        );
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
      case 'active': {
        // Inactive in DefectDojo is, in secscore, either a false positive (vendor says not
        // affected, suppressed) or a finding the tool says was fixed, at its fix time.
        const live = !f.falsePositive && (f.toolFixedAt ?? null) === null;
        same(field, dojo, live, dojo === live);
        break;
      }
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
// Each importer folder says which corpus formats it answers for, and its deliberate differences.
const specs = Object.entries(import.meta.glob<{ corpus: CorpusSpec }>('./*/corpus-differences.ts', { eager: true })).map(([path, m]) => ({
  id: path.split('/')[1]!,
  ...m.corpus,
}));
const DIFFERENCES: readonly Difference[] = specs.flatMap((s) => s.differences);
const importerOf = new Map<string, ScannerImporter>();
for (const spec of specs) {
  const importer = (IMPORTERS as Record<string, ScannerImporter>)[spec.id];
  if (!importer) throw new Error(`${spec.id}/corpus-differences.ts names no registered importer`);
  for (const f of spec.formats) importerOf.set(f, importer);
}
const cases = expected.cases.filter((c) => importerOf.has(c.format));
const unsupported = [...new Set(expected.cases.map((c) => c.format))].filter((f) => !importerOf.has(f)).sort();

async function findingsOf(c: Case): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  for await (const item of importerOf.get(c.format)!.parse(await fileSource(join(CORPUS, c.file)), parseContext('test-key'))) {
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
    if (c.raises !== undefined) {
      // DefectDojo rejects this file: secscore must too, with a clear input error (exit 2), not a crash.
      const error = await findingsOf(c).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${c.file}: DefectDojo rejects it (${c.raises}), secscore imported it`).toBeInstanceOf(InputError);
      const t = tally.get(c.format) ?? { cases: 0, agreeing: 0, withDifferences: 0, differences: 0 };
      t.cases++;
      t.agreeing++;
      tally.set(c.format, t);
      return;
    }
    const findings = await findingsOf(c);
    const comparisons: { index: number | undefined; cmp: Comparison }[] = [];
    if (c.findings !== null)
      comparisons.push({ index: undefined, cmp: { field: 'findings', dojo: c.findings, secscore: findings.length, equal: c.findings === findings.length } });
    if (c.min_findings !== undefined)
      comparisons.push({
        index: undefined,
        cmp: { field: 'min_findings', dojo: c.min_findings, secscore: findings.length, equal: findings.length >= c.min_findings },
      });
    for (const [word, n] of Object.entries(c.severity_counts ?? {})) {
      const ours = findings.filter((f) => f.severity === SEVERITY_OF_DOJO[word]).length;
      comparisons.push({ index: undefined, cmp: { field: `severity_counts.${word}`, dojo: n, secscore: ours, equal: n === ours } });
    }
    for (const check of c.checks) {
      const f = check.index !== undefined ? findings[check.index] : findings.find((x) => x.ruleId === check.where?.vuln_id_from_tool);
      if (!f) {
        if (check.where?.optional) continue;
        // secscore merged records DefectDojo keeps apart, so it has fewer findings: a documented difference.
        if (check.index !== undefined) {
          comparisons.push({ index: check.index, cmp: { field: 'index', dojo: check.index, secscore: null, equal: false } });
          continue;
        }
        throw new Error(`${c.file}: no finding ${JSON.stringify(check.where)} (secscore gave ${findings.length})`);
      }
      for (const cmp of compare(check, f)) comparisons.push({ index: check.index, cmp });
    }

    let differences = 0;
    for (const { index, cmp } of comparisons) {
      const documented = DIFFERENCES.find(
        (d) => d.file === c.file && d.index === index && d.field === cmp.field && (d.scanType === undefined || d.scanType === c.scan_type),
      );
      if (cmp.equal) {
        expect(documented, `${c.file} #${index} ${cmp.field} agrees with DefectDojo but is listed as a difference`).toBeUndefined();
        continue;
      }
      expect(
        documented,
        `${c.file} #${index ?? '-'} ${cmp.field}: DefectDojo ${JSON.stringify(cmp.dojo)}, secscore ${JSON.stringify(cmp.secscore)}`,
      ).toBeDefined();
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
    const rows = [...tally.entries()].map(([format, t]) => [
      format,
      String(t.cases),
      String(t.agreeing),
      `${t.withDifferences} cases (${t.differences} values)`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
    console.log(
      [
        'Agreement with DefectDojo on the corpus:',
        line(header),
        widths.map((w) => '-'.repeat(w)).join('-|-'),
        ...rows.map(line),
        `corpus formats without an importer yet: ${unsupported.join(', ') || 'none'}`,
      ].join('\n'),
    );
  });
});
