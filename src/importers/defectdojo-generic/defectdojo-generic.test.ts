import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../domain/time.js';
import { findingsOf, parser } from '../test-support/parse.js';
import { defectdojoGenericImporter } from './index.js';

const { parseText } = parser(defectdojoGenericImporter);

const json = (over: Record<string, unknown>): string =>
  JSON.stringify({ findings: [{ title: 'Open redirect', severity: 'High', description: 'd', date: '2024-01-04', ...over }] });

const CSV_HEADER = 'Date,Title,Severity,Description,Active,FalsePositive,IsMitigated,MitigatedDate';

describe('defectdojo-generic lifecycle flags', () => {
  // As for DefectDojo's own findings (defectdojo-findings): a mitigation with both dates is a
  // fix event, not a false positive; a flag with no time to place a fix at excludes the finding.
  it.each<[string, Record<string, unknown>, { falsePositive: boolean; fixedAt: string | null }]>([
    [
      'mitigated with both dates: fixed at the mitigation date',
      { is_mitigated: true, mitigated: '2024-01-24' },
      { falsePositive: false, fixedAt: '2024-01-24' },
    ],
    [
      'mitigated and inactive, with both dates: still a fix',
      { is_mitigated: true, mitigated: '2024-01-24', active: false },
      { falsePositive: false, fixedAt: '2024-01-24' },
    ],
    ['mitigated without its date: excluded', { is_mitigated: true }, { falsePositive: true, fixedAt: null }],
    [
      'mitigated without the finding date: excluded',
      { is_mitigated: true, mitigated: '2024-01-24', date: null },
      { falsePositive: true, fixedAt: '2024-01-24' },
    ],
    [
      'a false positive, even mitigated: excluded',
      { is_mitigated: true, mitigated: '2024-01-24', false_p: true },
      { falsePositive: true, fixedAt: '2024-01-24' },
    ],
    ['inactive: excluded', { active: false }, { falsePositive: true, fixedAt: null }],
    ['out of scope: excluded', { out_of_scope: true }, { falsePositive: true, fixedAt: null }],
    ['live', {}, { falsePositive: false, fixedAt: null }],
  ])('JSON: %s', async (_name, over, expected) => {
    const [f] = findingsOf(await parseText('g.json', json(over)));
    expect(f!.falsePositive).toBe(expected.falsePositive);
    expect(f!.toolFixedAt ?? null).toBe(expected.fixedAt === null ? null : parseTimestamp(expected.fixedAt));
  });

  it.each<[string, string, boolean]>([
    ['mitigated with both dates: a fix', '2024-01-04,T,High,d,FALSE,FALSE,TRUE,2024-01-24', false],
    ['mitigated without its date: excluded', '2024-01-04,T,High,d,TRUE,FALSE,TRUE,', true],
    ['a false positive: excluded', '2024-01-04,T,High,d,TRUE,TRUE,TRUE,2024-01-24', true],
    ['live', '2024-01-04,T,High,d,TRUE,FALSE,FALSE,', false],
  ])('CSV: %s', async (_name, row, falsePositive) => {
    const [f] = findingsOf(await parseText('g.csv', `${CSV_HEADER}\n${row}\n`));
    expect(f!.falsePositive).toBe(falsePositive);
  });
});
