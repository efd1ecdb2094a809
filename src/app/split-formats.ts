/**
 * The formats (importer ids) whose large arrays a split read's worker reads: the keys of its
 * READERS (split-import-worker.ts, which the type below holds to this list). A module of its
 * own so that the file's thread (split-import.ts, import-files.ts) knows them without loading
 * the worker's readers.
 */
export const SPLIT_FORMAT_IDS = ['sarif'] as const;

export type SplitFormat = (typeof SPLIT_FORMAT_IDS)[number];

export const SPLIT_FORMATS: ReadonlySet<string> = new Set(SPLIT_FORMAT_IDS);

export function isSplitFormat(id: string): id is SplitFormat {
  return SPLIT_FORMATS.has(id);
}
