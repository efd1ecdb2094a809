import type { Category } from '../domain/severity.js';
import { sarifImporter } from './sarif/index.js';
import { trivyImporter } from './trivy/index.js';
import type { DetectInput, ScannerImporter } from './types.js';

/** The `import --format` choices are exactly these keys; each equals its importer's `id`. */
export const IMPORTERS = {
  sarif: sarifImporter,
  trivy: trivyImporter,
} satisfies Record<string, ScannerImporter>;

export type FormatId = keyof typeof IMPORTERS;

export interface FormatInfo {
  id: FormatId;
  name: string;
  defaultCategory: Category;
}

/** Every format in registry order, for `import --list-formats` and error messages. */
export function listFormats(): FormatInfo[] {
  return (Object.keys(IMPORTERS) as FormatId[]).map((id) => ({ id, name: IMPORTERS[id].name, defaultCategory: IMPORTERS[id].defaultCategory }));
}

/**
 * The importer most sure the input is its format (a score above 0); ties go to the earlier one
 * in the registry. `importers` is the registry unless a test passes its own.
 */
export function detectFormat(input: DetectInput, importers: readonly ScannerImporter[] = Object.values(IMPORTERS)): ScannerImporter | null {
  let best: ScannerImporter | null = null;
  let bestScore = 0;
  for (const importer of importers) {
    const score = importer.detect(input);
    if (score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  return best;
}
