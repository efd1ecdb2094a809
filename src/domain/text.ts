/**
 * Text from untrusted input, made storable the same way on both engines: PostgreSQL rejects the
 * NUL character (U+0000) in text values, DuckDB keeps it. Each NUL becomes U+FFFD, the
 * replacement character, so that nothing is silently dropped, the rest of the text is kept as it
 * was, and the two engines store and return the same value. Applied to every text a scanner
 * finding carries into the store (write-snapshots.ts, alert-findings.ts).
 */
export function storableText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

export function storableTextOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : storableText(value);
}
