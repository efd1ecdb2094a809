import { createHash } from 'node:crypto';

/** Makes the fingerprint of one record from its identity key and where in the file it sits. */
export type Fingerprinter = (key: readonly string[], spot: string) => string;

/**
 * Fingerprints within one file: records with the same key at the same spot are the same
 * finding (one fingerprint); a key seen again at another spot (a tool hash shared by two
 * lines, one package installed in two versions or at two paths) gets the spot added, so it
 * stays distinct. The key should hold what identifies a finding across scans (tool, rule,
 * file, component), not what changes between them (line numbers shift, versions move).
 */
export function fingerprinter(): Fingerprinter {
  const firstSpot = new Map<string, string>();
  return (key, spot) => {
    const joined = key.join('\u001f');
    const first = firstSpot.get(joined);
    if (first === undefined) firstSpot.set(joined, spot);
    const input = first === undefined || first === spot ? joined : `${joined}\u001f${spot}`;
    return createHash('sha256').update(input, 'utf8').digest('hex').slice(0, 32);
  };
}
