/**
 * Text from untrusted input, made storable the same way on both engines: PostgreSQL rejects the
 * NUL character (U+0000) in text values, DuckDB keeps it. Each NUL becomes U+FFFD, the
 * replacement character (as does a lone UTF-16 surrogate, which a JSON escape can make and
 * neither engine can store as UTF-8), so that nothing is silently dropped, the rest of the text is kept as it
 * was, and the two engines store and return the same value. Applied to every text a scanner
 * finding carries into the store (write-snapshots.ts, alert-findings.ts).
 */
export function storableText(value: string): string {
  const v = value as string & WellFormed;
  const text = v.isWellFormed() ? value : v.toWellFormed();
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function storableTextOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : storableText(value);
}

/** ES2024 string methods (Node >= 20), not in this project's TypeScript lib. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Unicode's bidirectional formatting characters: the embeddings and overrides (U+202A–U+202E),
 * the isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). They are invisible and
 * reorder the text around them when it is displayed, so a scanner's title or file path carrying
 * one reads otherwise than it is (an RLO makes `photo\u202Egnp.exe` show as `photoexe.png`;
 * "Trojan Source", CVE-2021-42574). Every output treats them as it treats control characters.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A control character (C0, DEL, C1) or a Unicode line or paragraph separator: what breaks or rewrites a line. */
export const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROLS = new RegExp(CONTROL_OR_LINE_BREAK.source, 'g');

/**
 * Untrusted text made inert on a terminal: control characters (C0, DEL, C1: an escape sequence's
 * ESC and CSI, a carriage return) become spaces so a title or file name cannot move the cursor,
 * recolour or rewrite the line, and so do bidirectional formatting characters (BIDI_CONTROLS),
 * so that it cannot reorder what the terminal shows. One line stays one line.
 */
export function termText(raw: string): string {
  return raw.replace(CONTROLS, ' ').replace(BIDI_CONTROLS, ' ');
}
