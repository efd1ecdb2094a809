import { DuckDBInstance, type DuckDBVector } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { itemsOf } from './duckdb-read.js';

describe('itemsOf (DuckDB result vectors as typed arrays)', () => {
  it('gives what getItem gives, from the driver’s own array or, without one, through getItem', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      // More rows than one result chunk; DOUBLE (integers, fractions, the largest safe integer) and INTEGER (codes, -1).
      const result = await connection.run(
        `select (i * 1790812800123.0)::double as d, (i % 7 - 1)::integer as c, (i / 3.0)::double as f from range(5000) as t(i) order by i`,
      );
      const chunks = await result.fetchAllChunks();
      expect(chunks.length).toBeGreaterThan(1);
      let rows = 0;
      for (const chunk of chunks) {
        for (let column = 0; column < 3; column++) {
          const vector = chunk.getColumnVector(column);
          const items = itemsOf(vector, chunk.rowCount);
          const expected = Array.from({ length: chunk.rowCount }, (_, i) => vector.getItem(i) as number);
          expect(Array.from(items)).toEqual(expected);
          // A vector that keeps its values elsewhere (another driver version): copied out, the same values.
          const plain = { getItem: (i: number) => vector.getItem(i) } as unknown as DuckDBVector;
          expect(Array.from(itemsOf(plain, chunk.rowCount))).toEqual(expected);
        }
        rows += chunk.rowCount;
      }
      expect(rows).toBe(5000);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
