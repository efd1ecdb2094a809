import { readFileSync } from 'node:fs';

/**
 * The text of a file shipped in `data/`. Resolved from this module, two folders below the
 * package root in every layout it runs in (src/config, dist/config, and the CLI bundle in
 * dist/bundle), so that no caller has to count folders.
 */
export function dataFileText(name: string): string {
  return readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');
}
