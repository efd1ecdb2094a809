import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Folders in the system's temporary folder for a test file's files, removed together when its
 * tests end, so that a run leaves nothing behind in /tmp:
 *
 *   const temp = scratchFolders();
 *   afterAll(temp.remove);
 *   …
 *   const dir = temp.make('secscore-x-');   // at the top level, in a hook or in a test
 */
export function scratchFolders(): { make(prefix: string): string; remove(): void } {
  const made: string[] = [];
  return {
    make(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    remove() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
