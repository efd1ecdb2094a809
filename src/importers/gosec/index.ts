import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import { normalizeSeverity } from '../../domain/severity.js';
import { cweNumbers } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { reportSchema, type GosecIssue } from './schema.js';

const NAME = 'gosec JSON';
const TOOL = 'gosec';

/** G101 looks for hard-coded credentials: its code snippet is the line holding the credential. */
const CREDENTIAL_RULES = new Set(['G101']);

export const gosecImporter: ScannerImporter = {
  id: 'gosec',
  name: NAME,
  defaultCategory: 'sast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  if (!head.trimStart().startsWith('{') || !has('Issues')) return 0;
  if (has('Golang errors') || has('GosecVersion')) return 95;
  if (has('rule_id') && has('details')) return 95;
  if (has('Stats') && has('nosec')) return 90;
  return 0;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  yield { kind: 'scan', tool: TOOL, category: 'sast', scannedAt: null, covers: [{ tool: TOOL, category: 'sast' }] };
  const fingerprint = fingerprinter();
  // DefectDojo merges issues on title + file + line; the first one is kept, the others counted.
  const merged = new Map<string, RawFinding>();
  for (const [i, issue] of (report.Issues ?? []).entries()) {
    const at = `$.Issues[${i}]`;
    const { rule_id: rule, details, file } = issue;
    if (!rule || !details || !file) {
      yield { kind: 'skip', reason: `issue without ${!rule ? 'rule_id' : !details ? 'details' : 'file'}`, place: { jsonPath: at } };
      continue;
    }
    const severity = normalizeSeverity(issue.severity);
    if (severity === null) {
      yield {
        kind: 'skip',
        reason: `issue ${rule} has ${issue.severity === undefined ? 'no severity' : `an unknown severity "${issue.severity}"`}`,
        place: { jsonPath: at },
      };
      continue;
    }
    const title = `${details} - rule ${rule}`;
    const line = lineOf(issue.line);
    const key = `${title}\u001f${file}\u001f${line ?? ''}`;
    const earlier = merged.get(key);
    if (earlier) {
      earlier.occurrences++;
      continue;
    }
    const code = codeLineAt(issue.code, line);
    const credential = CREDENTIAL_RULES.has(rule);
    // The line G101 flags holds the credential: only its keyed hash is kept, never the code.
    const secret: RedactedSecret | undefined = credential && code ? ctx.redactSecret(code) : undefined;
    merged.set(key, {
      // The code of the flagged line, not its number, identifies the issue: it survives edits above it.
      fingerprint: fingerprint([TOOL, rule, file, secret?.hash ?? code ?? details], `${line ?? ''}:${issue.column ?? ''}`),
      severity,
      title,
      ruleId: rule,
      vulnerabilityIds: [],
      cwes: cweNumbers([issue.cwe?.id]),
      file,
      line,
      component: { name: null, version: null },
      fixVersion: null,
      fixAvailableAt: null,
      description: descriptionOf(issue, details, credential),
      // gosec reports `#nosec`-suppressed issues only when asked to track them.
      falsePositive: issue.nosec === true || (issue.suppressions?.length ?? 0) > 0,
      exploitAvailable: false,
      ...(secret ? { secret } : {}),
      occurrences: 1,
    });
  }
  for (const finding of merged.values()) yield { kind: 'finding', finding };
}

/** `"79"` → 79; a range `"36-39"` points at its start, as DefectDojo does; anything else is no line. */
function lineOf(raw: string | number | undefined): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? raw : null;
  const m = /^\s*(\d+)\s*(?:-\s*\d+\s*)?$/.exec(raw ?? '');
  return m ? Number(m[1]) : null;
}

/** The flagged line's code, whitespace collapsed: gosec 2 prefixes each snippet line with its number. */
function codeLineAt(code: string | undefined, line: number | null): string | null {
  if (!code) return null;
  const lines = code.split('\n').filter((l) => l.trim() !== '');
  const numbered = lines.map((l) => /^(\d+): ?(.*)$/.exec(l));
  let text: string | undefined;
  if (numbered.length > 0 && numbered.every((m) => m !== null)) text = numbered.find((m) => Number(m![1]) === line)?.[2] ?? numbered[0]![2];
  else text = lines[0];
  const collapsed = text?.trim().replace(/\s+/g, ' ');
  return collapsed ? collapsed : null;
}

function descriptionOf(issue: GosecIssue, details: string, credential: boolean): string {
  const parts = [details];
  if (issue.confidence) parts.push(`Confidence: ${issue.confidence}`);
  if (issue.suppressions?.length) {
    const why = issue.suppressions.map((s) => [s.kind, s.justification].filter(Boolean).join(': ')).filter(Boolean);
    parts.push(`Suppressed${why.length ? ` (${why.join('; ')})` : ''}`);
  }
  if (issue.code && !credential) parts.push(`\`\`\`\n${issue.code.replace(/\n+$/, '')}\n\`\`\``);
  return parts.join('\n\n');
}
