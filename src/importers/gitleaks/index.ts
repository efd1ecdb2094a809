import { InputError } from '../../domain/errors.js';
import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import type { Severity } from '../../domain/severity.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { findingSchema, legacyLeakSchema, reportSchema, type GitleaksFinding, type GitleaksLegacyLeak } from './schema.js';

const NAME = 'Gitleaks JSON';
const TOOL = 'gitleaks';

const UNRECOGNISED = 'neither a Gitleaks 7 leak (rule) nor a Gitleaks 8 finding (Description, RuleID)';

/** Every hard-coded secret is CWE-798, as DefectDojo files them. */
const CWES = [798];

export const gitleaksImporter: ScannerImporter = {
  id: 'gitleaks',
  name: NAME,
  defaultCategory: 'secrets',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  const text = head.trim();
  // An empty report (`null` from Gitleaks 7, `[]` from 8) names no format; a file named after
  // Gitleaks is taken at its word.
  if (text === 'null' || /^\[\s*\]$/.test(text)) return /gitleaks/i.test(path) ? 50 : 0;
  if (!text.startsWith('[')) return 0;
  if (has('RuleID') && has('StartLine') && (has('Secret') || has('Match'))) return 95;
  if (has('offender') && has('rule') && (has('commitMessage') || has('file'))) return 95;
  return 0;
}

/** What the report's records add up to, in the order of their first occurrence. */
interface Collected {
  items: ParseItem[];
  repos: Set<string>;
  merged: Map<string, RawFinding>;
  fingerprint: Fingerprinter;
  ctx: ParseContext;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const records = validate(reportSchema, await readJson(source, NAME), source.path, NAME) ?? [];
  const c: Collected = { items: [], repos: new Set(), merged: new Map(), fingerprint: fingerprinter(), ctx };
  let recognised = 0;
  for (const [i, record] of records.entries()) {
    const at = `$[${i}]`;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new InputError(source.path, NAME, { jsonPath: at }, 'expected an object');
    if (Object.hasOwn(record, 'rule')) {
      recognised++;
      legacyLeak(validate(legacyLeakSchema, record, source.path, NAME, [i]), at, c);
    } else if (Object.hasOwn(record, 'Description') || Object.hasOwn(record, 'RuleID')) {
      recognised++;
      currentFinding(validate(findingSchema, record, source.path, NAME, [i]), at, c);
    } else {
      c.items.push({ kind: 'skip', reason: UNRECOGNISED, place: { jsonPath: at } });
    }
  }
  // A list none of whose records is Gitleaks' is another format, not an empty scan (DefectDojo
  // rejects the file on the first such record).
  if (records.length > 0 && recognised === 0) throw new InputError(source.path, NAME, { jsonPath: '$[0]' }, UNRECOGNISED);
  yield {
    kind: 'scan',
    tool: TOOL,
    category: 'secrets',
    // Gitleaks writes commit dates, not when it ran.
    scannedAt: null,
    ...(c.repos.size > 0 ? { target: { repos: [...c.repos] } } : {}),
    covers: [{ tool: TOOL, category: 'secrets' }],
  };
  yield* c.items;
}

/**
 * Gitleaks 7: merged on offender + file + line, the first kept, as DefectDojo does (one secret
 * found again in later commits is one leak).
 */
function legacyLeak(leak: GitleaksLegacyLeak, at: string, c: Collected): void {
  if (!leak.file) {
    c.items.push({ kind: 'skip', reason: `leak ${leak.rule} without a file`, place: { jsonPath: at } });
    return;
  }
  if (leak.repoURL?.trim()) c.repos.add(leak.repoURL.trim());
  const line = leak.lineNumber !== undefined && leak.lineNumber > 0 ? leak.lineNumber : null;
  const key = [leak.offender ?? '', leak.file, line ?? ''].join('\u001f');
  if (countAgain(c, key)) return;
  const exposed = [leak.offender, leak.line];
  const value = nonEmpty(leak.offender) ?? nonEmpty(leak.line);
  const secret = value !== null ? c.ctx.redactSecret(value) : undefined;
  add(c, key, {
    fingerprint: c.fingerprint([TOOL, leak.rule, leak.file, secret?.hash ?? ''], `${line ?? ''}`),
    // DefectDojo's grading: tokens of code hosts and clouds are critical, other secrets high.
    severity: /Github|AWS|Heroku/.test(leak.rule) ? 'critical' : 'high',
    title: `Hard Coded ${leak.rule}`,
    ruleId: leak.rule,
    file: leak.file,
    line,
    description: redactIn(
      [`Rule: ${leak.rule}`, leak.commit && `Commit: ${leak.commit}`, leak.date && `Commit date: ${leak.date}`, nonEmpty(leak.leakURL)],
      exposed,
    ),
    secret,
  });
}

/** Gitleaks 8: merged on title + secret + line, as DefectDojo does; the other commits are counted. */
function currentFinding(f: GitleaksFinding, at: string, c: Collected): void {
  const rule = f.RuleID || f.Description;
  if (!rule || !f.File) {
    c.items.push({ kind: 'skip', reason: `finding without ${!rule ? 'Description or RuleID' : 'File'}`, place: { jsonPath: at } });
    return;
  }
  const repo = repoOfLink(f.Link);
  if (repo) c.repos.add(repo);
  const title = `Hard coded ${f.Description || rule} found in ${f.File}`;
  const line = f.StartLine !== undefined && f.StartLine > 0 ? f.StartLine : null;
  const key = [title, f.Secret ?? '', line ?? ''].join('\u001f');
  if (countAgain(c, key)) return;
  const exposed = [f.Secret, f.Match];
  // `--redact` replaces the secret with REDACTED: nothing is left to hash.
  const value = [f.Secret, f.Match].map(nonEmpty).find((v) => v !== null && v !== 'REDACTED') ?? null;
  const secret = value !== null ? c.ctx.redactSecret(value) : undefined;
  add(c, key, {
    fingerprint: c.fingerprint([TOOL, rule, f.File, secret?.hash ?? ''], `${line ?? ''}`),
    severity: 'high',
    title,
    ruleId: f.RuleID || null,
    file: f.File,
    line,
    description: redactIn(
      [
        f.Description && `Rule: ${f.Description}${f.RuleID ? ` (${f.RuleID})` : ''}`,
        nonEmpty(f.Commit) && `Commit: ${f.Commit}`,
        nonEmpty(f.Date) && `Commit date: ${f.Date}`,
        f.Entropy ? `Entropy: ${f.Entropy}` : null,
        nonEmpty(f.Link),
      ],
      exposed,
    ),
    secret,
  });
}

function countAgain(c: Collected, key: string): boolean {
  const earlier = c.merged.get(key);
  if (earlier) earlier.occurrences++;
  return earlier !== undefined;
}

interface Fields {
  fingerprint: string;
  severity: Severity;
  title: string;
  ruleId: string | null;
  file: string;
  line: number | null;
  description: string | null;
  secret: RedactedSecret | undefined;
}

function add(c: Collected, key: string, { secret, ...fields }: Fields): void {
  const finding: RawFinding = {
    ...fields,
    vulnerabilityIds: [],
    cwes: CWES,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    falsePositive: false,
    exploitAvailable: false,
    ...(secret ? { secret } : {}),
    occurrences: 1,
  };
  c.merged.set(key, finding);
  c.items.push({ kind: 'finding', finding });
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}

/**
 * Joins the description's parts, cutting out every value that holds the secret. Commit messages
 * and authors are left out: a message may repeat the secret in a form no value of the record
 * matches, and authors are personal data (DefectDojo leaves them out of Gitleaks 8 too).
 */
function redactIn(parts: readonly (string | null | undefined | false)[], exposed: readonly (string | undefined)[]): string | null {
  let text = parts.filter(Boolean).join('\n');
  for (const value of exposed) if (value && value.trim().length >= 4) text = text.split(value).join('[redacted]');
  return text || null;
}

/** `https://github.com/acme/api/blob/<sha>/conf/aws.tf#L2` → `https://github.com/acme/api` (GitLab's `/-/blob/`, Bitbucket's `/src/`). */
function repoOfLink(link: string | undefined): string | null {
  const m = /^(https?:\/\/[^/\s]+\/.+?)\/(?:-\/)?(?:blob|src)\//.exec(link?.trim() ?? '');
  return m ? m[1]! : null;
}
