import { z } from 'zod';
import { InputError, type Place } from '../../domain/errors.js';
import type { RawFinding, RedactedSecret } from '../../domain/finding.js';
import type { Severity } from '../../domain/severity.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { jsonPath, parseJsonText, readText } from '../json-input.js';
import type { DetectInput, ImportSource, ParseContext, ParseItem, ScannerImporter } from '../types.js';
import { v2RecordSchema, v3RecordSchema, type TrufflehogV2Record, type TrufflehogV3Record } from './schema.js';

const NAME = 'TruffleHog JSON lines';
const TOOL = 'trufflehog';

/** Every hard-coded secret is CWE-798, as DefectDojo files them. */
const CWES = [798];

export const trufflehogImporter: ScannerImporter = {
  id: 'trufflehog',
  name: NAME,
  defaultCategory: 'secrets',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => head.includes(`"${key}"`);
  const text = head.trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return 0;
  if (has('SourceMetadata') && (has('DetectorName') || has('DetectorType'))) return 95;
  if (has('stringsFound') && has('reason') && has('path')) return 95;
  return 0;
}

/** One record of the file and where it is: a line of JSON lines, or an entry of a JSON array. */
interface Entry {
  value: unknown;
  place: Place;
  /** The JSON path of the record inside the file: `$[3]` in an array, `$` on its own line. */
  base: (string | number)[];
}

/** What the file's records add up to, in the order of their first occurrence. */
interface Collected {
  file: string;
  items: ParseItem[];
  repos: Set<string>;
  merged: Map<string, RawFinding>;
  fingerprint: Fingerprinter;
  ctx: ParseContext;
}

async function* parse(source: ImportSource, ctx: ParseContext): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  const c: Collected = { file: source.path, items: [], repos: new Set(), merged: new Map(), fingerprint: fingerprinter(), ctx };
  let recognised = 0;
  const entries = entriesOf(text, source.path);
  for (const entry of entries) {
    const v = entry.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      c.items.push({ kind: 'skip', reason: 'not a JSON object', place: entry.place });
    } else if (Object.hasOwn(v, 'SourceMetadata')) {
      recognised++;
      v3Record(check(v3RecordSchema, entry, c.file), entry.place, c);
    } else if (Object.hasOwn(v, 'path') && Object.hasOwn(v, 'reason')) {
      recognised++;
      v2Record(check(v2RecordSchema, entry, c.file), c);
    } else if (Object.hasOwn(v, 'level') && Object.hasOwn(v, 'msg')) {
      c.items.push({ kind: 'skip', reason: 'a TruffleHog log line, not a finding', place: entry.place });
    } else {
      c.items.push({ kind: 'skip', reason: 'neither a TruffleHog 3 result (SourceMetadata) nor a TruffleHog 2 result (path, reason)', place: entry.place });
    }
  }
  // A file of JSON none of which is TruffleHog's is another format, not an empty scan.
  if (entries.length > 0 && recognised === 0) {
    throw new InputError(
      source.path,
      NAME,
      entries[0]!.place,
      'no TruffleHog result: expected SourceMetadata (TruffleHog 3) or path and reason (TruffleHog 2)',
    );
  }
  yield {
    kind: 'scan',
    tool: TOOL,
    category: 'secrets',
    // TruffleHog writes commit times, not when it ran.
    scannedAt: null,
    ...(c.repos.size > 0 ? { target: { repos: [...c.repos] } } : {}),
    covers: [{ tool: TOOL, category: 'secrets' }],
  };
  yield* c.items;
}

/** JSON lines (what TruffleHog writes), or a JSON array of the same records; blank lines are ignored. */
function entriesOf(text: string, file: string): Entry[] {
  if (text.trimStart().startsWith('[')) {
    const data = parseJsonText(text, file, NAME);
    if (!Array.isArray(data)) throw new InputError(file, NAME, { jsonPath: '$' }, 'expected an array of results');
    return data.map((value: unknown, i) => ({ value, place: { jsonPath: `$[${i}]` }, base: [i] }));
  }
  const entries: Entry[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      entries.push({ value: parseJsonText(line, file, NAME), place: { line: i + 1 }, base: [] });
    } catch (err) {
      // The error names the line of the file, not the line within the record.
      if (!(err instanceof InputError)) throw err;
      throw new InputError(file, NAME, { line: i + 1, ...(err.place.column !== undefined ? { column: err.place.column } : {}) }, err.detail, { cause: err });
    }
  }
  return entries;
}

/** Validates one record; the error names its line (or array index) and the path inside it. */
function check<S extends z.ZodType>(schema: S, entry: Entry, file: string): z.infer<S> {
  const result = schema.safeParse(entry.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const at = jsonPath([...entry.base, ...issue.path]);
  throw new InputError(file, NAME, entry.place.line !== undefined ? { line: entry.place.line, jsonPath: at } : { jsonPath: at }, issue.message);
}

/**
 * TruffleHog 3: one finding per file + detector + line + commit + secret, as DefectDojo
 * merges them (the same result printed twice is one).
 */
function v3Record(r: TrufflehogV3Record, place: Place, c: Collected): void {
  const detector = r.DetectorName?.trim();
  if (!detector) {
    c.items.push({ kind: 'skip', reason: 'result without a DetectorName', place });
    return;
  }
  const [sourceKind, sourceData] = Object.entries(r.SourceMetadata?.Data ?? {})[0] ?? [null, null];
  const data = typeof sourceData === 'object' && sourceData !== null && !Array.isArray(sourceData) ? (sourceData as Record<string, unknown>) : null;
  const field = (key: string): string | null => {
    const v = data?.[key];
    return typeof v === 'string' && v.trim() !== '' ? v : null;
  };
  const lineValue = data?.['line'];
  const line = typeof lineValue === 'number' && Number.isInteger(lineValue) && lineValue > 0 ? lineValue : null;
  const file = field('file');
  const commit = field('commit');
  const repository = field('repository');
  if (repository) c.repos.add(repository);
  const key = [file ?? '', detector, line ?? '', commit ?? '', r.Raw ?? '', r.RawV2 ?? ''].join('\u001f');
  if (countAgain(c, key)) return;
  const value = r.Raw || r.RawV2;
  const secret = value ? c.ctx.redactSecret(value) : undefined;
  const where = file ?? repository ?? r.SourceName ?? sourceKind ?? 'an unnamed source';
  add(c, key, {
    // The commit is not part of the key: one secret at one place, committed again, is one exposure.
    fingerprint: c.fingerprint([TOOL, detector, file ?? repository ?? '', secret?.hash ?? ''], `${line ?? ''}`),
    severity: v3Severity(detector, r.Verified === true),
    title: `Hard Coded ${detector} secret in: ${where}`,
    ruleId: detector,
    file,
    line,
    // Raw, RawV2, Redacted, ExtraData and StructuredData may all carry the secret or part of it:
    // the description keeps only where it was found.
    description: [
      `Detector: ${detector}${r.DecoderName && r.DecoderName !== 'PLAIN' ? ` (decoded from ${r.DecoderName})` : ''}`,
      `Verified: ${r.Verified === true ? 'yes, the secret is live' : 'no'}`,
      (r.SourceName ?? sourceKind) && `Source: ${r.SourceName ?? sourceKind}`,
      repository && `Repository: ${repository}`,
      commit && `Commit: ${commit}`,
      field('timestamp') && `Commit date: ${field('timestamp')}`,
      field('link') && `Link: ${field('link')}`,
    ]
      .filter(Boolean)
      .join('\n'),
    secret,
  });
}

/** DefectDojo's grading: a verified secret is critical; an unverified one by its detector. */
function v3Severity(detector: string, verified: boolean): Severity {
  if (verified || /Oauth|AWS|Heroku/.test(detector)) return 'critical';
  if (detector === 'PrivateKey') return 'high';
  if (detector === 'Generic Secret') return 'medium';
  return 'critical';
}

/** TruffleHog 2: one finding per file + reason, the commits that repeat it counted, as DefectDojo merges them. */
function v2Record(r: TrufflehogV2Record, c: Collected): void {
  const key = `${r.path}\u001f${r.reason}`;
  if (countAgain(c, key)) return;
  const value = r.stringsFound?.find((s) => s !== '');
  const secret = value !== undefined ? c.ctx.redactSecret(value) : undefined;
  add(c, key, {
    fingerprint: c.fingerprint([TOOL, r.reason, r.path], ''),
    severity: v2Severity(r.reason),
    title: `Hard Coded ${r.reason} in: ${r.path}`,
    ruleId: r.reason,
    file: r.path,
    line: null,
    // stringsFound, diff and printDiff hold the secret: only where it was found is kept.
    description: [`Reason: ${r.reason}`, r.branch && `Branch: ${r.branch}`, r.commitHash && `Commit: ${r.commitHash}`, r.date && `Commit date: ${r.date}`]
      .filter(Boolean)
      .join('\n'),
    secret,
  });
}

/** DefectDojo's grading of TruffleHog 2 reasons. */
function v2Severity(reason: string): Severity {
  if (reason === 'High Entropy') return 'info';
  if (/Oauth|AWS|Heroku/.test(reason)) return 'critical';
  if (reason === 'Generic Secret') return 'medium';
  return 'high';
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
  ruleId: string;
  file: string | null;
  line: number | null;
  description: string;
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
