/** Field normalisers shared by the importers: tools spell the same things many ways. */

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

const VULN_ID = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|PYSEC-\d{4}-\d+|GO-\d{4}-\d+|RUSTSEC-\d{4}-\d+|OSV-\d{4}-\d+|SNYK-[A-Z0-9-]+-\d+)\b/gi;

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

/** No whitespace but single inner spaces: what `shorten` would collapse to is the text itself. */
function singleSpaced(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === last || text.charCodeAt(i - 1) === 32) return false;
    } else if ((c >= 9 && c <= 13) || (c >= 0x80 && /\s/.test(text[i]!))) return false;
  }
  return true;
}
