import { z } from 'zod';

/**
 * TruffleHog JSON lines, only the fields the importer reads, one record a line: version 2
 * (`path`, `reason`, `stringsFound`) and version 3 (`SourceMetadata`, `DetectorName`, `Raw`).
 * `stringsFound`, `diff`, `printDiff` (2) and `Raw`, `RawV2`, `Redacted` (3) hold the secret:
 * they are hashed, never copied; the importer does not even read the diffs.
 */

export const v2RecordSchema = z.object({
  path: z.string(),
  reason: z.string(),
  branch: z.string().optional(),
  commitHash: z.string().optional(),
  date: z.string().optional(),
  stringsFound: z.array(z.string()).nullish(),
});

/**
 * Where a version 3 secret was found: `{"Data": {"Git": {...}}}`, `{"Data": {"Filesystem": {...}}}`,
 * and so on, one key per source kind. The fields vary by source and are read loosely.
 */
const sourceMetadata = z.object({
  Data: z.record(z.string(), z.unknown()).nullish(),
});

export const v3RecordSchema = z.object({
  SourceMetadata: sourceMetadata.nullable(),
  SourceName: z.string().optional(),
  DetectorName: z.string().optional(),
  DecoderName: z.string().optional(),
  Verified: z.boolean().optional(),
  Raw: z.string().optional(),
  RawV2: z.string().optional(),
});

export type TrufflehogV2Record = z.infer<typeof v2RecordSchema>;
export type TrufflehogV3Record = z.infer<typeof v3RecordSchema>;
