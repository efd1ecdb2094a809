import type { InputKind } from '../../domain/facts.js';

/** The operational record kinds of inputs.md §3 read as CSV or JSON lines. */
export type RecordKindId = Exclude<InputKind, 'catalog' | 'findings' | 'exceptions' | 'exploitability'>;

/**
 * What a cell holds and how it is read. Every type reads a CSV cell (text) and a JSON value;
 * an empty cell, `null` or a missing key is "no value".
 */
export type ValueType =
  /** Free text, stored as written (trimmed). Never interpreted: `=HYPERLINK(...)` stays text. */
  | { type: 'text' }
  /** ISO 8601; without a zone it is UTC. Stored as epoch milliseconds. */
  | { type: 'timestamp' }
  /** `true`/`false`, `yes`/`no`, `1`/`0` (any case); JSON booleans. */
  | { type: 'boolean' }
  | { type: 'integer'; min?: number }
  | { type: 'number'; min?: number }
  /** One of `values`, compared without case; `-` and spaces read as `_` (`Tool-Error` = `tool_error`). */
  | { type: 'enum'; values: readonly string[] }
  /** The id of a catalog service. */
  | { type: 'service' }
  /**
   * A repository, stored in its canonical form (`repoKey`). With `serviceColumn`, the service
   * whose catalog entry lists the repository fills that column when it has no value; a
   * repository no service lists is kept, without a service, with a warning.
   */
  | { type: 'repo'; serviceColumn?: string }
  /** A product area; one the catalog does not know is kept with a warning. */
  | { type: 'area' }
  /** A calendar month `YYYY-MM`. */
  | { type: 'month' }
  /** A calendar day `YYYY-MM-DD`. */
  | { type: 'day' };

export interface ColumnSpec {
  /** The name inputs.md gives the column; a file's column matches it ignoring case, `_`, `-` and spaces. */
  name: string;
  /** The stored field (the table column) it becomes. */
  column: string;
  value: ValueType;
  /** The file must have this column and every record a value in it. */
  required?: boolean;
}

/** A stored field the file does not give: filled by another column's reading (a repo's service) or by `sequence`. */
export interface DerivedColumn {
  /** The name `secscore records` lists it under. */
  name: string;
  column: string;
}

/**
 * One kind of operational record, declared as data: its columns, how each is read, where it
 * is stored, its key and its listing order. One generic reader (read-records.ts) serves all.
 */
export interface RecordKind {
  kind: RecordKindId;
  /** Human name, plural: "Incidents". */
  name: string;
  columns: readonly ColumnSpec[];
  /** Groups of columns of which the file must have at least one and every record a value in one. */
  oneOf?: readonly (readonly string[])[];
  derived?: readonly DerivedColumn[];
  /**
   * A field numbered 1, 2, ... in file order among the records that share the `within`
   * fields: the key of records that have no natural one (survey responses).
   */
  sequence?: { column: string; within: readonly string[] };
  /** Re-importing a record with the same key updates it. */
  key: readonly string[];
  /** The listing order of `secscore records`. */
  order: readonly string[];
  /** A check across the values of one record (by stored field): returns the column at fault (its name in the file) and why, or null. */
  check?: (row: Readonly<Record<string, unknown>>, kind: RecordKind) => { column: string; detail: string } | null;
}

/** Column names compare without case, `_`, `-` or spaces: `Started At` = `started_at` = `startedAt`. */
export function normalizeColumnName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

/** Every stored column of the kind with the name it is listed under, in listing order. */
export function listedColumns(kind: RecordKind): { name: string; column: string; value: ValueType | null }[] {
  return [
    ...kind.columns.map((c) => ({ name: c.name, column: c.column, value: c.value })),
    ...(kind.derived ?? []).map((d) => ({ name: d.name, column: d.column, value: null })),
  ];
}

/**
 * A `check` that the times of a record come in order: for each pair of stored fields, the later
 * one (when both have a value) is not before the earlier, so that no duration a KPI measures
 * between them is negative. The error names the file's column of the later one.
 */
export function inOrder(pairs: readonly (readonly [earlier: string, later: string])[]): NonNullable<RecordKind['check']> {
  return (row, kind) => {
    for (const [earlier, later] of pairs) {
      const a = row[earlier];
      const b = row[later];
      if (typeof a === 'number' && typeof b === 'number' && b < a) {
        const name = (column: string): string => kind.columns.find((c) => c.column === column)?.name ?? column;
        return { column: name(later), detail: `"${name(later)}" is before "${name(earlier)}": a duration between them cannot be negative` };
      }
    }
    return null;
  };
}
