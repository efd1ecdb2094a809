/** Field normalisers shared by the importers: tools spell the same things many ways. */

import { InputError, type Place } from '../domain/errors.js';
import type { Category } from '../domain/severity.js';
import { parseTimestamp, type Millis } from '../domain/time.js';
import type { ScanHeader } from './types.js';

/** CWE numbers from `CWE-79`, `cwe-079`, `external/cwe/cwe-79`, `79` or 79; duplicates dropped, order kept. */
export function cweNumbers(values: readonly unknown[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    let n: number | null = null;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) n = v;
    else if (typeof v === 'string') {
      const m = /(?:^|cwe[-_:/ ]?)0*(\d{1,5})$/i.exec(v.trim());
      if (m) n = Number(m[1]);
    }
    if (n !== null && n > 0 && !out.includes(n)) out.push(n);
  }
  return out;
}

const VULN_ID =
  /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+|GO-\d{4}-\d+|RUSTSEC-\d{4}-\d+|OSV-\d{4}-\d+|SNYK-[A-Z0-9-]+-\d+)\b/gi;

/** Vulnerability ids (CVE, GHSA, PYSEC, GO, RUSTSEC, SNYK) found in the texts, upper-cased, deduplicated, in order. */
export function vulnerabilityIdsIn(texts: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.matchAll(VULN_ID)) {
      const id = m[1]!.toUpperCase().replace(/^GHSA/, 'GHSA');
      const norm = id.startsWith('GHSA') ? `GHSA${id.slice(4).toLowerCase()}` : id;
      if (!out.includes(norm)) out.push(norm);
    }
  }
  return out;
}

/** Collapses whitespace and cuts at a word boundary with ` [...]`, as Python's textwrap.shorten (DefectDojo's titles). */
export function shorten(text: string, width: number): string {
  // Most texts are short and already single-spaced: nothing to collapse, nothing to cut.
  if (text.length <= width && singleSpaced(text)) return text;
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const collapsed = words.join(' ');
  if (collapsed.length <= width) return collapsed;
  const placeholder = ' [...]';
  let out = '';
  for (const word of words) {
    const next = out ? `${out} ${word}` : word;
    if (next.length + placeholder.length > width) break;
    out = next;
  }
  if (!out) out = collapsed.slice(0, width - placeholder.length);
  return out + placeholder;
}

/** Trimmed, non-empty strings, each once, in order (vulnerability ids from several fields). */
export function uniqueStrings(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const t = v.trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * Whether a finding DefectDojo flags (its findings export, or its generic format) is kept but
 * excluded from every KPI, as a false positive — how its flags read in secscore's lifecycle:
 * - a false positive: excluded;
 * - mitigated with its mitigation date and the finding's date: not excluded, but fixed at the
 *   mitigation date (a fix event, stored with the tool's own interval by importFiles);
 * - otherwise inactive, out of scope, risk accepted, or mitigated without a date: not a live
 *   issue, and no time to place a fix at: excluded, so that it never counts as open.
 */
export function dojoExcluded(flags: {
  falsePositive?: boolean | null;
  active?: boolean | null;
  outOfScope?: boolean | null;
  riskAccepted?: boolean | null;
  mitigated?: boolean | null;
  openedAt: number | null;
  fixedAt: number | null;
}): boolean {
  if (flags.falsePositive === true) return true;
  if (flags.mitigated === true && flags.openedAt !== null && flags.fixedAt !== null) return false;
  return flags.active === false || flags.outOfScope === true || flags.riskAccepted === true || flags.mitigated === true;
}

/** A trimmed string, or null where the tool wrote nothing (or only blanks). */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** `v1.2.10` → [1, 2, 10]: the numeric parts of a version, for ordering fix versions. */
function versionParts(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The fix version that matters for an installed version: the lowest listed one above it (Django
 * 3.2.9 with fixes 2.2.25, 3.1.14 and 3.2.10 needs 3.2.10); the first listed where the installed
 * version is unknown or above them all.
 */
export function fixVersionFor(installed: string | null, fixes: readonly string[]): string | null {
  const listed = uniqueStrings(fixes);
  if (listed.length === 0) return null;
  if (installed === null || versionParts(installed).length === 0) return listed[0]!;
  const above = listed.filter((f) => compareVersions(f, installed) > 0).sort(compareVersions);
  return above[0] ?? listed[0]!;
}

/** Tool name → category; the first pattern that matches wins, anything else is SAST. */
const CATEGORY_BY_TOOL: readonly (readonly [RegExp, Category])[] = [
  // Snyk Code is Snyk's SAST; its other products (Open Source, Container) are SCA.
  [/snyk[ -]?code/i, 'sast'],
  [/gitleaks|trufflehog|secret|detect-secrets/i, 'secrets'],
  [/checkov|tfsec|kics|terrascan|iac|cfn|hadolint/i, 'iac'],
  [/trivy|grype|snyk|dependabot|osv|npm|dependency|retire|audit|govulncheck/i, 'sca'],
  [/zap|nuclei|burp|dast|arachni/i, 'dast'],
];

/** The category of a tool known by name only (a SARIF run, a GitHub code scanning alert); SAST when no pattern matches. */
export function categoryOfTool(tool: string): Category {
  for (const [pattern, category] of CATEGORY_BY_TOOL) if (pattern.test(tool)) return category;
  return 'sast';
}

/** Leading or trailing whitespace, two in a row, or any but a plain space: what `shorten` collapses. */
const NOT_SINGLE_SPACED = /^\s|\s$|\s\s|[^\S ]/;

/** No whitespace but single inner spaces: what `shorten` would collapse to is the text itself (one regular expression: twice as fast as a loop over the characters). */
function singleSpaced(text: string): boolean {
  return !NOT_SINGLE_SPACED.test(text);
}

/** The largest line number stored: lines are 32-bit integers on both engines. */
export const MAX_LINE = 2_147_483_647;

/** A line number as the store holds it: a whole number from 1 to MAX_LINE (lines are 1-based). */
export function isLineNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}

/** The reason a finding is kept without the line its input gives (one reason for every such line, so that the warnings of a file collapse into one). */
export const BAD_LINE = `a line number that is not a whole number from 1 to ${MAX_LINE}: the finding is kept without its line`;

/**
 * The time a file states at a place (a JSON path, or a line of JSON lines; its scan time, or a
 * finding's own times): null where it states none (absent, null, blank, or one of the `missing`
 * words the tool writes for none); a text that is not a timestamp (parseTimestamp) is an error
 * naming the place, never "now" or "no time" in its stead.
 */
export function statedTime(value: string | null | undefined, file: string, format: string, at: string | Place, missing: readonly string[] = []): Millis | null {
  if (value === undefined || value === null || value.trim() === '' || missing.includes(value.trim())) return null;
  const t = parseTimestamp(value);
  if (t === null)
    throw new InputError(
      file,
      format,
      typeof at === 'string' ? { jsonPath: at } : at,
      `expected an ISO 8601 timestamp, got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value)}`,
    );
  return t;
}

/** Epoch milliseconds a tool can mean by a number: from 1973-03-03 (1e11) to 2286-11-20 (1e13). */
const MIN_MILLIS = 1e11;
const MAX_MILLIS = 1e13;
/** Epoch seconds, where a tool writes them, from 1973-03-03 (1e8) up to where milliseconds begin. */
const MIN_SECONDS = 1e8;

/**
 * A time a tool states as an epoch number or as ISO 8601 text (through `statedTime`). A number
 * is whole epoch milliseconds from 1e11 to 1e13, or with `seconds` (a tool that writes seconds)
 * epoch seconds from 1e8 below that; any other number is an error at its place, since a number
 * carries no unit to tell 1970 or a far future from it. `writes`: what the tool writes, said in
 * the error for a number that looks like seconds where only milliseconds are read.
 */
export function statedEpochOrText(
  value: number | string | null | undefined,
  file: string,
  format: string,
  jsonPath: string,
  unit: { seconds: true } | { seconds: false; writes: string },
): Millis | null {
  if (typeof value !== 'number') return statedTime(value, file, format, jsonPath);
  const whole = Number.isInteger(value);
  if (whole && value >= MIN_MILLIS && value < MAX_MILLIS) return value;
  if (unit.seconds && whole && value >= MIN_SECONDS && value < MIN_MILLIS) return value * 1000;
  if (unit.seconds) throw new InputError(file, format, { jsonPath }, `expected epoch seconds (or milliseconds) or an ISO 8601 timestamp, got ${value}`);
  const hint = whole && value > 0 && value < MIN_MILLIS ? ` (epoch seconds? ${unit.writes})` : '';
  throw new InputError(
    file,
    format,
    { jsonPath },
    `expected epoch milliseconds from ${MIN_MILLIS} to ${MAX_MILLIS} or an ISO 8601 timestamp, got ${value}${hint}`,
  );
}

/**
 * A file's scan time with its place, to spread into its ScanHeader: the first of the candidates
 * (value and JSON path, in order of preference) the file states, through `statedTime`.
 */
export function statedScanTime(
  file: string,
  format: string,
  ...candidates: readonly (readonly [value: string | null | undefined, jsonPath: string])[]
): Pick<ScanHeader, 'scannedAt' | 'scannedAtPlace'> {
  for (const [value, jsonPath] of candidates) {
    const t = statedTime(value, file, format, jsonPath);
    if (t !== null) return { scannedAt: t, scannedAtPlace: { jsonPath } };
  }
  return { scannedAt: null };
}
