import type { ScanFact } from '../domain/facts.js';
import type { Category } from '../domain/severity.js';
import { scanningCoverage } from './scanning-coverage.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { END, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const scan = (serviceId: string, category: Category, daysBeforeEnd: number, tool = 't'): ScanFact => ({
  serviceId,
  tool: `${tool}-${category}`,
  category,
  scannedAt: END - daysBeforeEnd * DAY,
});
const all = (id: string, days = 1) => (['sast', 'sca', 'secrets'] as Category[]).map((c) => scan(id, c, days));
// a and b have a repository; nrepo has none and is out of scope.
const services = [service('a'), service('b'), service('nrepo', { repos: [] })];

describeKpiCases(scanningCoverage, [
  {
    name: 'covers a service scanned for sast, sca and secrets within 30 days',
    // a covered, b not: 1/2
    services,
    scans: all('a'),
    expect: { value: 50, n: 2, details: { per_category: { sast: 50, sca: 50, secrets: 50 }, uncovered: 1, uncovered_services: 'b' } },
  },
  {
    name: 'does not cover a scan 30 days + 1 ms before the end',
    services,
    scans: [...all('a').slice(0, 2), { ...scan('a', 'secrets', 30), scannedAt: END - 30 * DAY - 1 }],
    expect: { value: 0, n: 2 },
  },
  {
    name: 'covers a scan exactly 30 days before the end (window start is inclusive)',
    services,
    scans: all('a', 30),
    expect: { value: 50, n: 2 },
  },
  {
    name: 'does not count a scan at the end instant',
    services,
    scans: [...all('a').slice(0, 2), scan('a', 'secrets', 0)],
    expect: { value: 0, n: 2, details: { per_category: { sast: 50, sca: 50, secrets: 0 } } },
  },
  {
    name: 'counts a container scan as sca coverage by default',
    services,
    scans: [scan('a', 'sast', 1), scan('a', 'container', 1), scan('a', 'secrets', 1)],
    expect: { value: 50, n: 2 },
  },
  {
    name: 'requires iac for a service tagged iac, and reports the iac share over tagged services',
    // a covered; iac-svc lacks iac; b unscanned: 1/3. iac share: 0 of 1 tagged service
    services: [...services, service('iac-svc', { tags: ['iac'] })],
    scans: [...all('a'), ...all('iac-svc')],
    expect: { value: 100 / 3, n: 3, details: { per_category: { iac: 0 } } },
  },
  {
    name: 'reports each category share',
    // a: sast only; b (tagged iac): iac only. sast 1/2, sca 0, iac 1/1 tagged, secrets 0; nobody fully covered
    services: [service('a'), service('b', { tags: ['iac'] })],
    scans: [scan('a', 'sast', 2), scan('b', 'iac', 2)],
    expect: { value: 0, n: 2, details: { per_category: { sast: 50, sca: 0, iac: 100, secrets: 0 } } },
  },
  {
    name: 'computes for a single-service scope',
    services,
    scans: all('b'),
    scope: { by: 'service', key: 'b' },
    expect: { value: 100, n: 1 },
  },
  {
    name: 'has no data without an in-scope service',
    services: [service('x', { repos: [] })],
    expect: { noData: true, reason: /repository/ },
  },
  {
    name: 'has no data when no scans were ever loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true, reason: /scans/ },
  },
]);
