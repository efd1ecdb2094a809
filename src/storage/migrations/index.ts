import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-duckdb-no-constraint-indexes.js';
import * as m0003 from './0003-postgres-intervals-fillfactor.js';

/**
 * The versioned migrations, in order. Explicit rather than read from a folder so that the
 * compiled CLI and the tests see the same list. Never edit a released migration: add one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-duckdb-no-constraint-indexes': m0002,
  '0003-postgres-intervals-fillfactor': m0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
