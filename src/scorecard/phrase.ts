/** How figures read inside judged sentences: one decimal, units spaced, plurals right. */

export function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

export function pct(v: number): string {
  return `${v.toFixed(1)} %`;
}

/** A share in [0, 1] as a whole percent ("42 %"). */
export function share(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${Math.round((part / whole) * 100)} %`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "a", "a and b", "a, b and c"; more than `max` names end in "and N more". */
/** The verb agreeing with a count: `agree(1, 'carries', 'carry')`. */
export function agree(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

export function listOf(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names[0] ?? '';
  const shown = names.length > max ? [...names.slice(0, max), `${names.length - max} more`] : [...names];
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
