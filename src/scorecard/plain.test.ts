import { describe, expect, it } from 'vitest';
import { KPIS, SCORECARD_METRICS } from '../kpis/catalog.js';
import { plainKpiName } from './plain.js';

describe('plain words for the board', () => {
  it('has words for every KPI and scorecard metric judging reads, none the fallback', () => {
    for (const k of [...KPIS, ...SCORECARD_METRICS]) expect(plainKpiName(k.id), k.id).not.toBe('a security target');
  });
});
