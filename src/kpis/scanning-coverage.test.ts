import { describe, expect, it } from 'vitest';
import type { ScanFact } from '../domain/facts.js';
import type { Category } from '../domain/severity.js';
import { scanningCoverage as kpi } from './scanning-coverage.js';
import { END, input, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const scan = (serviceId: string, category: Category, daysBeforeEnd: number): ScanFact => ({
  serviceId,
  tool: 't',
  category,
  scannedAt: END - daysBeforeEnd * DAY,
});
const all = (id: string, days = 1) => (['sast', 'sca', 'secrets'] as Category[]).map((c) => scan(id, c, days));

describe('scanning_coverage', () => {
  it.each([
    { name: 'covers a service scanned for sast, sca and secrets within 30 days', scans: all('a'), value: 50, n: 2 },
    { name: 'does not cover a scan exactly 30 days + 1 ms old', scans: [...all('a').slice(0, 2), { ...scan('a', 'secrets', 30), scannedAt: END - 30 * DAY - 1 }], value: 0, n: 2 },
    { name: 'covers a scan exactly 30 days before the end', scans: [...all('a', 30)], value: 50, n: 2 },
    { name: 'does not count a scan at the end instant', scans: [...all('a').slice(0, 2), scan('a', 'secrets', 0)], value: 0, n: 2 },
    { name: 'counts a container scan as sca coverage by default', scans: [scan('a', 'sast', 1), scan('a', 'container', 1), scan('a', 'secrets', 1)], value: 50, n: 2 },
    { name: 'requires iac for a service tagged iac', scans: [...all('a'), ...all('iac-svc')], value: 100 / 3, n: 3, withIac: true }, // a covered; iac-svc lacks iac; b unscanned
  ])('$name', ({ scans, value, n, withIac }) => {
    const services = [service('a'), service('b'), service('nrepo', { repos: [] })];
    if (withIac) services.push(service('iac-svc', { tags: ['iac'] }));
    const r = kpi.compute(input({ services, scans }));
    expect(r).toMatchObject({ kind: 'value', n });
    expect(r.kind === 'value' && r.value).toBeCloseTo(value, 9);
  });

  it('reports each category share', () => {
    const r = kpi.compute(input({ services: [service('a'), service('b', { tags: ['iac'] })], scans: [scan('a', 'sast', 2), scan('b', 'iac', 2)] }));
    expect(r.details['per_category']).toEqual({ sast: 50, sca: 0, iac: 100, secrets: 0 });
  });

  it('has no data without in-scope services or without any scans loaded', () => {
    expect(kpi.compute(input({ services: [service('x', { repos: [] })] })).kind).toBe('no-data');
    expect(kpi.compute(input({ loaded: ['catalog'] })).kind).toBe('no-data');
  });
});
