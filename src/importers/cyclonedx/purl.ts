/** A Package URL (`pkg:type/namespace/name@version?qualifiers#subpath`), the parts the importers use. */
export interface Purl {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  /** `pkg:type/namespace/name`: the package without version, qualifiers or subpath. */
  base: string;
  qualifiers: Map<string, string>;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Parses a Package URL; null when the text is not one. Never throws. */
export function parsePurl(raw: string): Purl | null {
  const text = raw.trim();
  const m = /^pkg:\/*([A-Za-z.+-][A-Za-z0-9.+-]*)\/([^?#]+?)(?:\?([^#]*))?(?:#.*)?$/.exec(text);
  if (!m) return null;
  const type = m[1]!.toLowerCase();
  let path = m[2]!.replace(/\/+$/, '');
  let version: string | null = null;
  const at = path.lastIndexOf('@');
  // An `@` in the last segment starts the version; in npm's scope (`@types/node`) it does not.
  if (at > path.lastIndexOf('/')) {
    version = decode(path.slice(at + 1)) || null;
    path = path.slice(0, at);
  }
  const segments = path.split('/').filter((s) => s !== '');
  const name = segments.pop();
  if (name === undefined || name === '') return null;
  const namespace = segments.length > 0 ? segments.map(decode).join('/') : null;
  const qualifiers = new Map<string, string>();
  for (const pair of (m[3] ?? '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) qualifiers.set(pair.slice(0, eq).toLowerCase(), decode(pair.slice(eq + 1)));
  }
  const base = `pkg:${type}/${segments.length > 0 ? `${segments.join('/')}/` : ''}${name}`;
  return { type, namespace, name: decode(name), version, base, qualifiers };
}
