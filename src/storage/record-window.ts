import { sql, type RawBuilder } from 'kysely';
import type { OperationalRecords } from '../domain/records.js';
import type { Millis } from '../domain/time.js';

/**
 * Which rows of one operational record table to read: those that can matter to the periods
 * being computed (app/record-windows.ts says, kind by kind, why). Column names are the table's
 * (inputs.md field names). app/record-windows.ts picks for each kind the form that keeps every
 * record its KPIs can pick.
 */
export type RecordWindow =
  /** Rows with at least one of `columns` in `[from, to)`; a row with all of them null is left out. */
  | { kind: 'event'; columns: readonly string[]; from: Millis; to: Millis }
  /** Rows whose `[start, end)` overlaps `[from, to)`. */
  | { kind: 'overlap'; start: string; end: string; from: Millis; to: Millis }
  /** Rows whose text `column` (a `YYYY-MM-DD` day or `YYYY-MM` month, which sort as text) is in `[from, to]`. */
  | { kind: 'label'; column: string; from: string; to: string }
  /**
   * Snapshot-like rows, for "latest at or before end" with every end in `[at, to]`: rows with
   * `column <= to`, leaving out those older than the latest row of their key (`per`; the whole
   * table when empty) at or before `at`: no end at or after `at` can see them.
   */
  | { kind: 'latest'; column: string; per: readonly string[]; at: Millis; to: Millis };

/** A window per record kind; a kind without one is read whole. */
export type RecordWindows = Partial<Record<keyof OperationalRecords, RecordWindow>>;

/**
 * The rows of `window` (every row without one) as a row source and a filter: `from ${from}
 * where ${where}`, the same SQL on DuckDB and PostgreSQL.
 */
export function windowedRows(table: string, window?: RecordWindow): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const t = sql.table(table);
  if (window === undefined) return { from: sql`${t}`, where: sql`true` };
  switch (window.kind) {
    case 'event': {
      const any = sql.join(
        window.columns.map((c) => sql`(${sql.ref(c)} >= ${window.from} and ${sql.ref(c)} < ${window.to})`),
        sql` or `,
      );
      return { from: sql`${t}`, where: sql`(${any})` };
    }
    case 'overlap':
      return { from: sql`${t}`, where: sql`${sql.ref(window.end)} > ${window.from} and ${sql.ref(window.start)} < ${window.to}` };
    case 'label':
      return { from: sql`${t}`, where: sql`${sql.ref(window.column)} >= ${window.from} and ${sql.ref(window.column)} <= ${window.to}` };
    case 'latest': {
      const c = sql.ref(window.column);
      const partition = window.per.length === 0 ? sql`` : sql`partition by ${sql.join(window.per.map((k) => sql.ref(k)))}`;
      const floor = sql`max(case when ${c} <= ${window.at} then ${c} end) over (${partition})`;
      return {
        from: sql`(select *, ${floor} as window_floor from ${t} where ${c} <= ${window.to}) as windowed`,
        where: sql`(window_floor is null or ${c} >= window_floor)`,
      };
    }
  }
}

/** `from <table> where …` for the rows of `window` (every row without one). */
export function windowedFrom(table: string, window?: RecordWindow): RawBuilder<unknown> {
  const { from, where } = windowedRows(table, window);
  return sql`from ${from} where ${where}`;
}
