import type { InputKind } from '../domain/facts.js';
import type { Catalog } from '../domain/service.js';
import type { DetectInput, ImportSource } from '../importers/types.js';
import type { Store } from '../storage/store.js';
import type { ImportOptions } from './import-files.js';

/** What importing one file of operational records (or exceptions, KEV, EPSS) did. */
export interface RecordImportReport {
  file: string;
  format: string;
  kind: InputKind;
  /** Records in the file. */
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Notes for the operator: ignored columns, exceptions without expiry or owner, ... */
  warnings: string[];
}

export interface InputImportContext {
  store: Store;
  catalog: Catalog;
  /** `repo:<key>`, `image:<key>`, `account:<key>` → service id. */
  serviceKeys: Map<string, string>;
  options: ImportOptions;
  sha256: string;
}

/**
 * A non-scanner input of `secscore import`: operational records, exceptions, exploitability
 * catalogs. Parsing lives in importers/; the handler stores the result in one transaction
 * (nothing of a failing file is stored) and logs the import under its kind.
 */
export interface InputHandler {
  /** The `--format` id. */
  id: string;
  name: string;
  kind: InputKind;
  /** 0 = not mine … 100 = certain, from the path and the first bytes (e.g. a CSV header). */
  detect(input: DetectInput): number;
  importFile(source: ImportSource, ctx: InputImportContext): Promise<RecordImportReport>;
}
