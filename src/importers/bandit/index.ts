import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { normalizeSeverity, type Severity } from '../../domain/severity.js';
import { cweNumbers, statedScanTime } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { reportSchema, type BanditResult } from './schema.js';

const NAME = 'Bandit JSON';
const TOOL = 'bandit';

/** The hard-coded password tests: their issue text quotes the password and their code holds it. */
const PASSWORD_TESTS = new Set(['B105', 'B106', 'B107']);

export const banditImporter: ScannerImporter = {
  id: 'bandit',
  name: NAME,
  defaultCategory: 'sast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (!head.trimStart().startsWith('{')) return 0;
  // Bandit sorts its keys: errors, generated_at, metrics (a long per-file table), then results.
  if (has('generated_at') && (has('SEVERITY.UNDEFINED') || has('CONFIDENCE.UNDEFINED'))) return 95;
  if (has('test_id') && has('issue_severity') && has('issue_confidence')) return 95;
  if (has('generated_at') && has('metrics') && has('results')) return 80;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  yield {
    kind: 'scan',
    tool: TOOL,
    category: 'sast',
    ...statedScanTime(source.path, NAME, [report.generated_at, '$.generated_at']),
    covers: [{ tool: TOOL, category: 'sast' }],
  };
  const fingerprint = fingerprinter();
  // One finding per result, as DefectDojo counts them: Bandit reports each line once per test.
  for (const [i, r] of report.results.entries()) {
    const at = `$.results[${i}]`;
    const { test_id: testId, filename: file } = r;
    if (!testId || !file) {
      yield { kind: 'skip', reason: `result without ${!testId ? 'test_id' : 'filename'}`, place: { jsonPath: at } };
      continue;
    }
    const severity = severityOf(r.issue_severity);
    if (severity === null) {
      const reason = r.issue_severity === undefined ? 'no issue_severity' : `an unknown issue_severity "${r.issue_severity}"`;
      yield { kind: 'skip', reason: `result ${testId} has ${reason}`, place: { jsonPath: at } };
      continue;
    }
    const line = r.line_number ?? null;
    const hidesCode = PASSWORD_TESTS.has(testId);
    const { text, secret } = hidesCode ? redactPassword(r.issue_text, ctx) : { text: r.issue_text ?? null, secret: undefined };
    const code = hidesCode ? null : codeLineAt(r.code, line);
    const finding: RawFinding = {
      // The code of the flagged line, not its number, identifies the result across scans; for a
      // hard-coded password, the password's keyed hash does (its code holds the password).
      fingerprint: fingerprint([TOOL, testId, file, secret?.hash ?? code ?? text ?? ''], `${line ?? ''}:${r.col_offset ?? ''}`),
      severity,
      title: text ?? (r.test_name ? `${r.test_name} (${testId})` : testId),
      ruleId: r.test_name ? `${r.test_name}:${testId}` : testId,
      vulnerabilityIds: [],
      cwes: cweNumbers([r.issue_cwe?.id]),
      file,
      line,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: descriptionOf(r, text, hidesCode),
      falsePositive: false,
      exploitAvailable: false,
      ...(secret ? { secret } : {}),
      occurrences: 1,
    };
    yield { kind: 'finding', finding };
  }
}

/** LOW / MEDIUM / HIGH; Bandit's UNDEFINED (a plugin that set none) is informational. */
function severityOf(raw: string | undefined): Severity | null {
  if (raw?.trim().toUpperCase() === 'UNDEFINED') return 'info';
  return normalizeSeverity(raw);
}

/**
 * `Possible hardcoded password: 'hunter2'` → the text with the password replaced, and its keyed
 * hash. A text of another shape keeps only what precedes its first colon.
 */
function redactPassword(issueText: string | undefined, ctx: ParseContext): { text: string | null; secret: RedactedSecret | undefined } {
  if (issueText === undefined) return { text: null, secret: undefined };
  const m = /^([^:']*: )'(.*)'$/s.exec(issueText);
  if (m) return { text: `${m[1]!}'[redacted]'`, secret: ctx.redactSecret(m[2]!) };
  return { text: issueText.split(':')[0]!.trim() || null, secret: undefined };
}

/** The flagged line's code, whitespace collapsed: Bandit prefixes each snippet line with its number. */
function codeLineAt(code: string | undefined, line: number | null): string | null {
  if (!code) return null;
  const lines = code.split('\n').map((l) => /^(\d+)\s(.*)$/.exec(l));
  const text = lines.find((m) => m !== null && Number(m[1]) === line)?.[2];
  const collapsed = text?.trim().replace(/\s+/g, ' ');
  return collapsed ? collapsed : null;
}

function descriptionOf(r: BanditResult, text: string | null, hidesCode: boolean): string | null {
  const parts: string[] = [];
  if (text) parts.push(text);
  if (r.issue_confidence) parts.push(`Confidence: ${r.issue_confidence}`);
  if (r.more_info) parts.push(`More information: ${r.more_info}`);
  if (r.code && !hidesCode) parts.push(`\`\`\`\n${r.code.replace(/\n+$/, '')}\n\`\`\``);
  return parts.length > 0 ? parts.join('\n\n') : null;
}
