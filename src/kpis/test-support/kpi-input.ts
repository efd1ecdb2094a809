import { DEFAULT_SETTINGS } from '../../config/defaults.js';
import type { ExceptionRecord } from '../../domain/exception.js';
import type { InputKind, IntervalFact, ScanFact } from '../../domain/facts.js';
import { quarterPeriod } from '../../domain/period.js';
import type { Policy } from '../../domain/policy.js';
import { emptyRecords, type OperationalRecords } from '../../domain/records.js';
import type { Service } from '../../domain/service.js';
import { DAY_MS } from '../../domain/time.js';
import { defaultTaxonomy } from '../../scorecard/taxonomy.js';
import type { KpiInput } from '../define-kpi.js';

/** 2026-Q3: [2026-07-01, 2026-10-01). `d(n)` is n days after the period start. */
export const P = quarterPeriod(2026, 3);
export const d = (n: number) => P.start + n * DAY_MS;
export const END = P.end;

export function service(id: string, over: Partial<Service> = {}): Service {
  return {
    id,
    name: id,
    area: 'A',
    line: 'L',
    tier: 1,
    internetExposed: true,
    owners: ['team'],
    repos: [`github.com/acme/${id}`],
    images: [],
    cloudAccounts: [],
    tags: [],
    ...over,
  };
}

let nextId = 1;
export function interval(over: Partial<IntervalFact> & Pick<IntervalFact, 'openedAt'>): IntervalFact {
  const id = over.findingId ?? nextId++;
  return {
    findingId: id,
    fingerprint: `fp-${id}`,
    serviceId: 's1',
    tool: 'semgrep',
    category: 'sast',
    severity: 'critical',
    ruleId: null,
    vulnerabilityIds: [],
    cwes: [],
    seq: 1,
    fixedAt: null,
    falsePositive: false,
    exploitAvailable: false,
    fixAvailableAt: null,
    fixVersion: null,
    title: 't',
    file: null,
    ...over,
  };
}

export function input(
  over: {
    services?: Service[];
    intervals?: IntervalFact[];
    scans?: ScanFact[];
    exceptions?: ExceptionRecord[];
    loaded?: InputKind[];
    policy?: Partial<Policy>;
    records?: Partial<OperationalRecords>;
    scope?: KpiInput['scope'];
  } = {},
): KpiInput {
  const services = over.services ?? [service('s1')];
  return {
    period: P,
    policy: { ...(DEFAULT_SETTINGS.policy as Policy), ...over.policy },
    services: new Map(services.map((s) => [s.id, s])),
    intervals: over.intervals ?? [],
    scans: over.scans ?? [],
    exceptions: over.exceptions ?? [],
    loaded: new Set(over.loaded ?? ['catalog', 'findings']),
    scope: over.scope ?? { by: 'company', key: 'company' },
    records: { ...emptyRecords(), ...over.records },
    taxonomy: defaultTaxonomy(),
  };
}
