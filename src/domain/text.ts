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
