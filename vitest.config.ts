import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB files and the PostgreSQL databases are per test file; forks keep native handles apart.
    pool: 'forks',
  },
});
