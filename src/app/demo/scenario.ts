import { DEFAULT_SETTINGS } from '../../config/defaults.js';
import { deriveIntervals, type DerivedInterval } from '../../domain/lifecycle.js';
import { periodSeries, type Period } from '../../domain/period.js';
import { slaDueAt, type Policy } from '../../domain/policy.js';
import type { Severity } from '../../domain/severity.js';
import { DAY_MS, HOUR_MS, type Millis } from '../../domain/time.js';
import { ADVISORIES, type Advisory, type Ecosystem } from './advisories.js';
import { areaOf, DEMO_COMPANY, type AreaKey, type DemoCompany, type DemoService, type Stack } from './company.js';
import { createRng, type Rng } from './random.js';
import { formForService, GITLEAKS_RULES, MISCONF_CHECKS, SECRET_PATHS, SEMGREP_RULES, type CodeRule, type MisconfCheck, type SecretRule } from './rules.js';

/**
 * The demo's simulation: what each service's scanners see, snapshot by snapshot, over the four
 * quarters ending with `last`. Pure and deterministic (seeded by `last`); the writers turn it
 * into files, and `scenarioFacts` reads the lifecycle the importers will derive from them.
 *
 * Two layers make the KPIs non-trivial in every quarter:
 * - a background process per area and scanner: arrivals, fix times and reopen rates drawn
 *   from area profiles that trend by quarter (Platform / CI improving, Reporting flat, Data
 *   workers mixed), with no critical findings outside Data workers' tier-2 services;
 * - a scripted plan of critical findings (CRITICAL_PLAN): fixed fast (a rescan a few days
 *   later), after 1–3 regular scans (14–42 days), or never — the overdue criticals at the end.
 */

export type RunKind = 'semgrep' | 'gitleaks' | 'image' | 'deps' | 'iac';
export const RUN_KINDS: readonly RunKind[] = ['semgrep', 'gitleaks', 'image', 'deps', 'iac'];

/** The file a run is written to: Semgrep and Gitleaks share the SARIF file. */
export type Channel = 'code' | 'image' | 'deps' | 'iac';
export const CHANNEL_OF: Readonly<Record<RunKind, Channel>> = { semgrep: 'code', gitleaks: 'code', image: 'image', deps: 'deps', iac: 'iac' };

/** Days between a service's regular scans. */
export const CADENCE_DAYS = 14;

export interface Interval {
  open: Millis;
  /** The first scan the finding is absent from again; null while it stays. */
  close: Millis | null;
}

export type FindingSource =
  | { kind: 'code'; rule: CodeRule; path: string; line: number; snippet: string }
  | { kind: 'secret'; rule: SecretRule; path: string; line: number; secret: string }
  | { kind: 'vuln'; advisory: Advisory; installed: string; fixed: string }
  | { kind: 'misconf'; check: MisconfCheck; resource: string; startLine: number };

export interface SimFinding {
  key: string;
  service: string;
  run: RunKind;
  severity: Severity;
  /** Suppressed inline by developers (`nosemgrep`): the importer reads it as a false positive. */
  falsePositive: boolean;
  /** Part of the scripted critical plan rather than the background process. */
  scripted: boolean;
  source: FindingSource;
  /** Presence over the run's scans: present at scan t when open <= t < close. */
  intervals: Interval[];
}

export interface ServiceScans {
  service: DemoService;
  /** Scan times per run, ascending; empty when the run does not apply or never ran. */
  runs: Record<RunKind, Millis[]>;
  /** Rescans outside the 14-day cadence (after a fast fix), by channel. */
  extras: Record<Channel, ReadonlySet<Millis>>;
}

export interface CoverageGap {
  service: string;
  runs: readonly RunKind[];
  /** Nothing of these runs is produced from this time on; null: never produced. */
  stopsAt: Millis | null;
  /** Produced again from this time on (a pause); absent: never again. */
  resumesAt?: Millis;
  why: string;
}

export interface DemoScenario {
  last: Period;
  periods: Period[];
  start: Millis;
  end: Millis;
  company: DemoCompany;
  services: ServiceScans[];
  findings: SimFinding[];
  gaps: CoverageGap[];
}

type Quarterly = readonly [number, number, number, number];

interface RunVolume {
  /** Mean findings at the first scan. */
  initial: number;
  /** Mean new findings per regular scan. */
  rate: number;
}

interface AreaProfile {
  /** Arrival multiplier per quarter. */
  volume: Quarterly;
  /** Mean days to fix a high finding, per quarter (medium and low take longer). */
  fixDays: Quarterly;
  /** Reopen events per fix event, by quarter (the reopen rate the area should show). */
  reopen: Quarterly;
  runs: Record<RunKind, RunVolume>;
  /** Weight of the area's own rules against the language's registry rules. */
  flavour: number;
  /** Relative chance of each severity when a vulnerability is drawn. */
  vulnMix: Readonly<Record<'critical' | 'high' | 'medium' | 'low', number>>;
}

const NO_RUN: RunVolume = { initial: 0, rate: 0 };
const GITLEAKS: RunVolume = { initial: 0.3, rate: 0.05 };
const CALM_MIX = { critical: 0, high: 1, medium: 2, low: 3 } as const;

// prettier-ignore
const PROFILES: Record<AreaKey, AreaProfile> = {
  core: {
    volume: [1.2, 1.1, 0.85, 0.7], fixDays: [45, 38, 30, 24], reopen: [0.08, 0.08, 0.08, 0.08], flavour: 4, vulnMix: CALM_MIX,
    runs: { semgrep: { initial: 7, rate: 0.7 }, gitleaks: GITLEAKS, image: { initial: 3, rate: 0.3 }, deps: { initial: 3, rate: 0.3 }, iac: { initial: 3, rate: 0.2 } },
  },
  // Few findings, but severe ones on tier-1 internet-exposed services: more blast radius than raw count.
  reporting: {
    volume: [1, 1, 1, 1], fixDays: [45, 45, 42, 36], reopen: [0.09, 0.09, 0.09, 0.09], flavour: 6, vulnMix: { critical: 0, high: 1, medium: 1.5, low: 1 },
    runs: { semgrep: { initial: 5, rate: 0.5 }, gitleaks: GITLEAKS, image: { initial: 2, rate: 0.2 }, deps: { initial: 2, rate: 0.25 }, iac: NO_RUN },
  },
  frontend: {
    volume: [1, 0.95, 0.9, 0.85], fixDays: [30, 28, 24, 16], reopen: [0.07, 0.07, 0.07, 0.07], flavour: 5, vulnMix: { critical: 0, high: 0.5, medium: 2, low: 3 },
    runs: { semgrep: { initial: 12, rate: 1.2 }, gitleaks: GITLEAKS, image: { initial: 1, rate: 0.12 }, deps: { initial: 1.5, rate: 0.15 }, iac: NO_RUN },
  },
  data: {
    volume: [1.0, 1.3, 1.1, 0.8], fixDays: [50, 45, 55, 35], reopen: [0.17, 0.17, 0.17, 0.17], flavour: 5, vulnMix: { critical: 0.6, high: 3, medium: 3, low: 1.5 },
    runs: { semgrep: { initial: 13, rate: 1.35 }, gitleaks: GITLEAKS, image: { initial: 7, rate: 0.8 }, deps: { initial: 7, rate: 0.9 }, iac: NO_RUN },
  },
  platform: {
    volume: [1.6, 1.1, 0.6, 0.35], fixDays: [70, 45, 24, 15], reopen: [0.12, 0.1, 0.08, 0.06], flavour: 6, vulnMix: CALM_MIX,
    runs: { semgrep: { initial: 8, rate: 0.8 }, gitleaks: GITLEAKS, image: { initial: 3, rate: 0.3 }, deps: NO_RUN, iac: { initial: 4, rate: 0.4 } },
  },
};

/** Severity stretch of the time to fix, and the chance a finding is never fixed. */
const SEVERITY_FIX: Record<Severity, { factor: number; never: number }> = {
  critical: { factor: 0.5, never: 0 },
  high: { factor: 1, never: 0.03 },
  medium: { factor: 1.6, never: 0.1 },
  low: { factor: 2.4, never: 0.3 },
  info: { factor: 3, never: 0.5 },
};

/** Share of a noisy rule's findings that developers silence inline. */
const NOISY_SUPPRESSED = 0.65;

/**
 * How a planned critical ends: 'fast' = fixed and confirmed by a rescan 3–6 days later;
 * 1–3 = gone at the 1st–3rd regular scan after it appeared (14–42 days); 'never' = still open
 * at the end of the last quarter, past its SLA.
 */
type Fix = 'fast' | 1 | 2 | 3 | 'never';
/** [run, quarter index 0–3, position within the quarter's scans 0–1, fix, preferred advisory/check] */
type Plan = readonly [run: 'semgrep' | 'image' | 'iac', quarter: number, at: number, fix: Fix, prefer?: string];

// prettier-ignore
const CRITICAL_PLAN: Readonly<Record<string, readonly Plan[]>> = {
  // Core API services: authorization criticals; two stay open past SLA at the end (escalation).
  'billing-api': [
    ['semgrep', 0, 0.3, 'fast'], ['semgrep', 1, 0.5, 'fast'], ['semgrep', 2, 0.2, 'fast'], ['semgrep', 2, 0.7, 2], ['semgrep', 3, 0.3, 'fast'], ['semgrep', 3, 0.55, 'never'],
    ['image', 0, 0.6, 2], ['image', 2, 0.5, 3],
  ],
  'auth-gateway': [
    ['semgrep', 0, 0.7, 'fast'], ['semgrep', 1, 0.2, 2], ['semgrep', 2, 0.8, 'fast'], ['semgrep', 3, 0.6, 1],
    ['image', 0, 0.2, 3, 'CVE-2024-45337'], ['image', 1, 0.6, 'fast'], ['image', 3, 0.3, 'fast'],
  ],
  'tenant-api': [
    ['semgrep', 0, 0.4, 2], ['semgrep', 1, 0.3, 1], ['semgrep', 2, 0.5, 2], ['semgrep', 3, 0.2, 1],
    ['image', 1, 0.8, 'fast'], ['image', 3, 0.4, 'never'],
  ],
  // Reporting services: tenant-boundary criticals, flat quarter to quarter; two open at the end.
  'report-builder': [
    ['semgrep', 0, 0.5, 1], ['semgrep', 1, 0.7, 3], ['semgrep', 2, 0.4, 1], ['semgrep', 3, 0.4, 2],
    ['image', 0, 0.3, 3, 'CVE-2022-42889'], ['image', 1, 0.4, 1], ['image', 1, 0.95, 1], ['image', 2, 0.7, 3], ['image', 3, 0.2, 1],
  ],
  'export-service': [
    ['semgrep', 0, 0.5, 2], ['semgrep', 1, 0.3, 2], ['semgrep', 2, 0.2, 3], ['semgrep', 3, 0.3, 1], ['semgrep', 3, 0.45, 'never'],
    ['image', 2, 0.7, 1], ['image', 3, 0.15, 3],
  ],
  // Frontend platform: a payment-page script and image criticals, all fixed within SLA.
  'web-app': [['image', 0, 0.4, 'fast'], ['image', 1, 0.3, 'fast'], ['image', 2, 0.5, 'fast'], ['image', 3, 0.3, 'fast']],
  'checkout-ui': [['semgrep', 0, 0.6, 1], ['semgrep', 1, 0.5, 'fast'], ['image', 2, 0.3, 1], ['semgrep', 3, 0.5, 'fast']],
  // Data workers: the tier-1 worker's image criticals take weeks.
  'ingest-worker': [['image', 0, 0.5, 2], ['image', 1, 0.4, 3], ['image', 2, 0.6, 1], ['image', 3, 0.3, 2]],
  // Platform / CI: slow in the first quarters, fast by the last; one legacy runner image critical never fixed.
  'artifact-registry': [
    ['image', 0, 0.2, 3], ['image', 0, 0.6, 2], ['image', 1, 0.3, 2], ['image', 2, 0.3, 'fast'], ['image', 3, 0.3, 'fast'],
    ['semgrep', 1, 0.7, 'fast'], ['semgrep', 2, 0.7, 'fast'], ['semgrep', 3, 0.6, 'fast'],
  ],
  'ci-runners': [
    ['semgrep', 0, 0.3, 2], ['semgrep', 1, 0.4, 2], ['iac', 0, 0.5, 3, 'AVD-AWS-0107'], ['iac', 1, 0.2, 3, 'AVD-AWS-0104'],
    ['image', 2, 0.5, 'never', 'CVE-2024-32002'], ['image', 3, 0.4, 'fast'],
  ],
  'build-images': [['image', 0, 0.4, 3], ['image', 1, 0.5, 2], ['image', 2, 0.4, 1], ['semgrep', 3, 0.4, 'fast']],
};

/** The coverage gaps: long-tail repositories that evade the baseline. */
function coverageGaps(periods: readonly Period[]): CoverageGap[] {
  const end = periods[periods.length - 1]!.end;
  return [
    // Gone since the middle of the second quarter, unnoticed: a constant gap in the last three quarters.
    {
      service: 'pdf-renderer',
      runs: RUN_KINDS,
      stopsAt: periods[1]!.end - 45 * DAY_MS,
      why: 'long-tail repository dropped out of the shared pipeline; nothing scans it any more',
    },
    {
      service: 'etl-jobs',
      runs: ['semgrep', 'gitleaks'],
      stopsAt: end - 40 * DAY_MS,
      why: 'moved to a custom pipeline without the code and secrets scanning stage',
    },
    { service: 'legacy-sso-bridge', runs: RUN_KINDS, stopsAt: null, why: 'in the catalog with a repository, never onboarded to scanning' },
    // A pause at the end of the second quarter, while the runners moved pools: coverage recovers after it.
    {
      service: 'ci-runners',
      runs: ['semgrep', 'gitleaks'],
      stopsAt: periods[1]!.end - 38 * DAY_MS,
      resumesAt: periods[1]!.end + 4 * DAY_MS,
      why: 'code scanning paused while the runner pool moved',
    },
  ];
}

const RESOURCES: Record<AreaKey, readonly string[]> = {
  core: ['invoices', 'accounts', 'payments', 'sessions', 'tokens', 'roles', 'members', 'plans'],
  reporting: ['reports', 'exports', 'schedules', 'dashboards', 'templates', 'runs'],
  frontend: ['account', 'cart', 'product', 'order', 'banner', 'profile'],
  data: ['events', 'batches', 'records', 'feeds', 'webhooks', 'partners'],
  platform: ['builds', 'artifacts', 'runners', 'caches', 'releases'],
};

export const ECOSYSTEM_OF: Readonly<Record<Stack, Ecosystem | null>> = { go: 'go', java: 'java', node: 'npm', python: 'python', docker: null };

export function runsOf(service: DemoService): RunKind[] {
  const runs: RunKind[] = ['semgrep', 'gitleaks', service.image ? 'image' : 'deps'];
  if (service.tags.includes('iac')) runs.push('iac');
  return runs;
}

export function buildScenario(last: Period, company: DemoCompany = DEMO_COMPANY): DemoScenario {
  if (last.kind !== 'quarter') throw new Error(`the demo covers calendar quarters; got ${last.label}`);
  const periods = periodSeries(last, 4);
  const start = periods[0]!.start;
  const end = last.end;
  const root = createRng(`secscore-demo:${last.label}`);
  const gaps = coverageGaps(periods);
  const quarterOf = (t: Millis): number =>
    Math.max(
      0,
      periods.findIndex((p) => t >= p.start && t < p.end),
    );

  const sims = company.services.map((service) => {
    const sim = new ServiceSim(service, root.fork(`service:${service.id}`), start, end, quarterOf);
    sim.planCriticals(CRITICAL_PLAN[service.id] ?? []);
    for (const run of runsOf(service)) sim.background(run);
    return sim;
  });
  planReopens(sims, gaps, periods.length, quarterOf, root.fork('reopens'));
  const services = sims.map((sim) => sim.schedules(gaps.filter((g) => g.service === sim.service.id)));
  return { last, periods, start, end, company, services, findings: sims.flatMap((sim) => sim.findings), gaps };
}

/**
 * Reopens, planned per area and quarter so that each area's reopen rate (reopen events / fix
 * events) follows its profile rather than swinging between 0 and 25 % on a few dozen fixes.
 * A reopened finding is one fixed at a regular scan that comes back two or three scans later
 * (the fix did not hold) and is then fixed again, or not. Quarters are planned oldest first,
 * so each one counts the fixes and reopens planned before it. Scripted criticals, suppressed
 * findings and runs past a coverage gap are left alone.
 */
function planReopens(sims: readonly ServiceSim[], gaps: readonly CoverageGap[], quarters: number, quarterOf: (t: Millis) => number, rng: Rng): void {
  const observedUntil = (service: string, run: RunKind): Millis => {
    const gap = gaps.find((g) => g.service === service && g.runs.includes(run) && g.resumesAt === undefined);
    return gap === undefined ? Infinity : (gap.stopsAt ?? -Infinity);
  };
  const counted = sims.flatMap((sim) =>
    sim.findings.filter((f) => !f.falsePositive && f.severity !== 'info').map((f) => ({ sim, f, until: observedUntil(f.service, f.run) })),
  );
  for (let q = 0; q < quarters; q++) {
    for (const area of Object.keys(PROFILES) as AreaKey[]) {
      const mine = counted.filter((c) => c.sim.service.area === area);
      const inQ = (t: Millis | null, until: Millis): boolean => t !== null && t < until && quarterOf(t) === q;
      const fixes = mine.reduce((n, c) => n + c.f.intervals.filter((i) => inQ(i.close, c.until)).length, 0);
      const reopens = mine.reduce((n, c) => n + c.f.intervals.filter((i, k) => k > 0 && inQ(i.open, c.until)).length, 0);
      let need = Math.round(PROFILES[area].reopen[q]! * fixes) - reopens;
      const slots = rng.fork(`${q}:${area}:slots`);
      const candidates = mine.flatMap((c) => {
        if (c.f.scripted || c.f.intervals.length !== 1) return [];
        const slot = c.sim.reopenSlot(c.f, q, c.until, slots);
        return slot === null ? [] : [{ ...c, r: slot }];
      });
      // One stream per quarter and area, so that tuning one area leaves the others' reopens alone.
      const r = rng.fork(`${q}:${area}`);
      while (need > 0 && candidates.length > 0) {
        const [pick] = candidates.splice(r.int(0, candidates.length - 1), 1);
        pick!.sim.reopen(pick!.f, pick!.r);
        need--;
      }
    }
  }
}

/** One service's simulation: its regular scan times, rescans, and findings per run. */
class ServiceSim {
  readonly findings: SimFinding[] = [];
  private readonly regular: Record<Channel, Millis[]>;
  private readonly extras: Record<Channel, Map<number, Millis>> = { code: new Map(), image: new Map(), deps: new Map(), iac: new Map() };
  private readonly used = new Set<string>();
  private readonly profile: AreaProfile;

  constructor(
    readonly service: DemoService,
    private readonly rng: Rng,
    start: Millis,
    private readonly end: Millis,
    private readonly quarterOf: (t: Millis) => number,
  ) {
    this.profile = PROFILES[service.area];
    // Offsets per service so that services scan on different days; runs of one service on the same day.
    const day = rng.int(0, CADENCE_DAYS - 1);
    const base = start + day * DAY_MS + rng.int(1, 17) * HOUR_MS + rng.int(0, 59) * 60_000 + rng.int(0, 59) * 1000;
    const series = (offset: Millis): Millis[] => {
      const out: Millis[] = [];
      for (let t = base + offset; t < end; t += CADENCE_DAYS * DAY_MS) out.push(t);
      return out;
    };
    this.regular = { code: series(0), deps: series(17 * 60_000), iac: series(26 * 60_000), image: series(3 * HOUR_MS + 11 * 60_000) };
  }

  private times(run: RunKind): Millis[] {
    return this.regular[CHANNEL_OF[run]];
  }

  // ---- scripted criticals ------------------------------------------------------------------

  planCriticals(plans: readonly Plan[]): void {
    const slaDays = DEFAULT_SETTINGS.policy.slaDays.critical[`${this.service.tier}`] ?? 30;
    for (const [run, quarter, at, fix, prefer] of plans) {
      const times = this.times(run);
      const channel = CHANNEL_OF[run];
      const inQuarter = times.flatMap((t, k) => (this.quarterOf(t) === quarter ? [k] : []));
      if (inQuarter.length === 0) continue;
      let k = inQuarter[Math.min(inQuarter.length - 1, Math.floor(at * inQuarter.length))]!;
      let close: Millis | null;
      if (fix === 'never') {
        // Open long enough before the end to be overdue there.
        while (k > 0 && times[k]! + (slaDays + 3) * DAY_MS >= this.end) k--;
        close = null;
      } else if (fix === 'fast') {
        while (k > 0 && times[k]! + 7 * DAY_MS >= this.end) k--;
        close = this.extraAfter(channel, k);
      } else {
        k = Math.min(k, times.length - 1 - fix);
        if (k < 0) continue;
        close = times[k + fix]!;
      }
      const source = this.criticalSource(run, prefer);
      if (!source) throw new Error(`demo: no critical left for ${this.service.id}/${run}`);
      this.add(run, source, [{ open: times[k]!, close }], { scripted: true });
    }
  }

  /** The rescan 3–6 days after regular scan k of a channel (one per gap, shared by the fixes in it). */
  private extraAfter(channel: Channel, k: number): Millis {
    const existing = this.extras[channel].get(k);
    if (existing !== undefined) return existing;
    const t = this.regular[channel][k]! + this.rng.int(3, 6) * DAY_MS + this.rng.int(1, 5) * HOUR_MS + this.rng.int(0, 59) * 60_000;
    this.extras[channel].set(k, t);
    return t;
  }

  private criticalSource(run: 'semgrep' | 'image' | 'iac', prefer: string | undefined): FindingSource | null {
    if (run === 'semgrep') {
      const rules = SEMGREP_RULES.filter((r) => r.score >= 9 && formForService(r, this.service));
      return rules.length > 0 ? this.codeSource(this.rng.pick(rules)) : null;
    }
    if (run === 'iac') {
      const checks = MISCONF_CHECKS.filter((c) => c.severity === 'CRITICAL' && (prefer === undefined || c.id === prefer));
      for (const check of checks) {
        const source = this.misconfSource(check);
        if (source) return source;
      }
      return null;
    }
    const candidates = this.advisoriesFor(run).filter((a) => a.severity === 'CRITICAL' && !this.used.has(vulnKey(a)));
    const chosen = candidates.find((a) => a.id === prefer) ?? (candidates.length > 0 ? this.rng.pick(candidates) : undefined);
    return chosen ? this.vulnSource(chosen) : null;
  }

  // ---- background --------------------------------------------------------------------------

  background(run: RunKind): void {
    const times = this.times(run);
    const volume = this.profile.runs[run];
    for (const [k, t] of times.entries()) {
      const q = this.quarterOf(t);
      const mean = (k === 0 ? volume.initial : volume.rate) * this.profile.volume[q]!;
      for (let i = this.rng.poisson(mean); i > 0; i--) {
        const source = this.backgroundSource(run);
        if (!source) continue;
        const falsePositive = source.kind === 'code' && source.rule.noisy === true && this.rng.chance(NOISY_SUPPRESSED);
        this.add(run, source, [this.lifetime(times, k, severityOfSource(source))], { scripted: false, falsePositive });
      }
    }
  }

  /** Presence interval of a background finding that appears at regular scan k. */
  private lifetime(times: readonly Millis[], k: number, severity: Severity, stretch = 1): Interval {
    const n = times.length;
    const { factor, never } = SEVERITY_FIX[severity];
    let close = n;
    if (!this.rng.chance(never)) {
      const days = -Math.log(1 - this.rng.next()) * this.profile.fixDays[this.quarterOf(times[k]!)]! * factor * stretch;
      close = k + Math.max(1, Math.ceil(days / CADENCE_DAYS));
    }
    return { open: times[k]!, close: close < n ? times[close]! : null };
  }

  /** The regular scan index, in quarter q, at which a fixed finding could come back 2–3 scans after its fix; null if none. */
  reopenSlot(f: SimFinding, q: number, until: Millis, rng: Rng): number | null {
    const times = this.times(f.run);
    const close = f.intervals[f.intervals.length - 1]!.close;
    const c = close === null ? -1 : times.indexOf(close);
    if (c < 0) return null;
    const slots = [c + 2, c + 3].filter((r) => r < times.length && times[r]! < until && this.quarterOf(times[r]!) === q);
    return slots.length === 0 ? null : rng.pick(slots);
  }

  /** The finding comes back at regular scan r: the fix did not hold. Fixed again later, more quickly, or not. */
  reopen(f: SimFinding, r: number): void {
    f.intervals.push(this.lifetime(this.times(f.run), r, f.severity, 0.6));
  }

  private backgroundSource(run: RunKind): FindingSource | null {
    switch (run) {
      case 'semgrep': {
        const rules = SEMGREP_RULES.filter((r) => r.score < 9 && formForService(r, this.service));
        if (rules.length === 0) return null;
        const weight = (r: CodeRule): number => (r.weight ?? 1) * (r.areas === 'all' ? 1 : r.areas.includes(this.service.area) ? this.profile.flavour : 1.5);
        return this.codeSource(this.rng.weighted(rules.map((r) => [r, weight(r)] as const)));
      }
      case 'gitleaks':
        return this.secretSource(this.rng.pick(GITLEAKS_RULES));
      case 'image':
      case 'deps': {
        const criticalsAllowed = this.service.area === 'data' && this.service.tier === 2 && !this.service.internetExposed;
        const available = this.advisoriesFor(run).filter((a) => !this.used.has(vulnKey(a)) && (a.severity !== 'CRITICAL' || criticalsAllowed));
        if (available.length === 0) return null;
        const mix = this.profile.vulnMix;
        const weightOf = (a: Advisory): number => mix[a.severity.toLowerCase() as keyof typeof mix] / available.filter((b) => b.severity === a.severity).length;
        const weighted = available.map((a) => [a, weightOf(a)] as const).filter(([, w]) => w > 0);
        return weighted.length > 0 ? this.vulnSource(this.rng.weighted(weighted)) : null;
      }
      case 'iac': {
        const checks = MISCONF_CHECKS.filter((c) => c.severity !== 'CRITICAL');
        for (let attempt = 0; attempt < 5; attempt++) {
          const source = this.misconfSource(this.rng.pick(checks));
          if (source) return source;
        }
        return null;
      }
    }
  }

  // ---- sources -----------------------------------------------------------------------------

  private codeSource(rule: CodeRule): FindingSource | null {
    const form = formForService(rule, this.service);
    if (!form) return null;
    const res = this.rng.pick(RESOURCES[this.service.area]);
    const fill = (s: string): string =>
      s
        .replaceAll('{res}', res)
        .replaceAll('{Res}', res.charAt(0).toUpperCase() + res.slice(1))
        .replaceAll('{pkg}', this.service.id.replaceAll('-', '_'));
    for (let attempt = 0; attempt < 8; attempt++) {
      const path = fill(this.rng.pick(form.paths));
      const line = this.rng.int(12, 480);
      if (this.claim(`code|${rule.id}|${path}|${line}`)) return { kind: 'code', rule, path, line, snippet: fill(this.rng.pick(form.snippets)) };
    }
    return null;
  }

  private secretSource(rule: SecretRule): FindingSource | null {
    for (let attempt = 0; attempt < 8; attempt++) {
      const path = this.rng.pick(SECRET_PATHS);
      const line = this.rng.int(2, 60);
      if (this.claim(`secret|${path}|${line}`)) return { kind: 'secret', rule, path, line, secret: rule.secret((alphabet, n) => this.rng.chars(alphabet, n)) };
    }
    return null;
  }

  private misconfSource(check: MisconfCheck): FindingSource | null {
    for (const name of check.names) {
      const resource = check.resource.replace('{name}', `${this.service.id.replaceAll('-', '_')}_${name}`);
      if (this.claim(`misconf|${check.id}|${resource}`)) return { kind: 'misconf', check, resource, startLine: this.rng.int(3, 160) };
    }
    return null;
  }

  private vulnSource(advisory: Advisory): FindingSource | null {
    const versions = advisory.ecosystem === 'debian' ? advisory.versions[this.service.baseOs] : advisory.versions.lang;
    if (!versions || !this.claim(vulnKey(advisory))) return null;
    return { kind: 'vuln', advisory, installed: versions[0], fixed: versions[1] };
  }

  private advisoriesFor(run: RunKind): Advisory[] {
    const ecosystem = ECOSYSTEM_OF[this.service.stack];
    return ADVISORIES.filter(
      (a) =>
        (a.only === undefined || a.only.includes(this.service.id)) &&
        (a.ecosystem === 'debian'
          ? run === 'image' && a.versions[this.service.baseOs] !== undefined
          : a.ecosystem === ecosystem && (run === 'image' || run === 'deps')),
    );
  }

  /** One finding identity per service: a finding seen again is the same finding (a reopen), never a new one. */
  private claim(key: string): boolean {
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  private add(
    run: RunKind,
    source: FindingSource,
    intervals: Interval[],
    { scripted, falsePositive = false }: { scripted: boolean; falsePositive?: boolean },
  ): void {
    this.findings.push({
      key: `${this.service.id}|${run}|${sourceKey(source)}`,
      service: this.service.id,
      run,
      severity: severityOfSource(source),
      falsePositive,
      scripted,
      source,
      intervals,
    });
  }

  // ---- schedules ---------------------------------------------------------------------------

  schedules(gaps: readonly CoverageGap[]): ServiceScans {
    const applicable = new Set(runsOf(this.service));
    const runs = {} as Record<RunKind, Millis[]>;
    for (const run of RUN_KINDS) {
      const channel = CHANNEL_OF[run];
      let times = applicable.has(run) ? [...this.regular[channel], ...this.extras[channel].values()].sort((a, b) => a - b) : [];
      for (const gap of gaps) {
        if (!gap.runs.includes(run)) continue;
        const stop = gap.stopsAt;
        const resume = gap.resumesAt;
        times = stop === null ? [] : times.filter((t) => t < stop || (resume !== undefined && t >= resume));
      }
      runs[run] = times;
    }
    const extras = {} as Record<Channel, ReadonlySet<Millis>>;
    for (const channel of ['code', 'image', 'deps', 'iac'] as const) extras[channel] = new Set(this.extras[channel].values());
    return { service: this.service, runs, extras };
  }
}

function vulnKey(a: Advisory): string {
  return `vuln|${a.ecosystem}|${a.pkg}|${a.id}`;
}

function sourceKey(source: FindingSource): string {
  switch (source.kind) {
    case 'code':
      return `${source.rule.id}|${source.path}|${source.line}`;
    case 'secret':
      return `${source.rule.id}|${source.path}|${source.line}`;
    case 'vuln':
      return `${source.advisory.ecosystem}|${source.advisory.pkg}|${source.advisory.id}`;
    case 'misconf':
      return `${source.check.id}|${source.resource}`;
  }
}

export function severityOfSource(source: FindingSource): Severity {
  const fromScore = (s: number): Severity => (s >= 9 ? 'critical' : s >= 7 ? 'high' : s >= 4 ? 'medium' : s > 0 ? 'low' : 'info');
  switch (source.kind) {
    case 'code':
    case 'secret':
      return fromScore(source.rule.score);
    case 'vuln':
      return source.advisory.severity.toLowerCase() as Severity;
    case 'misconf':
      return source.check.severity.toLowerCase() as Severity;
  }
}

export function presentAt(finding: SimFinding, t: Millis): boolean {
  return finding.intervals.some((i) => i.open <= t && (i.close === null || t < i.close));
}

// ---- facts: what the importers will derive from the files ---------------------------------

export interface ObservedFinding {
  finding: SimFinding;
  service: DemoService;
  /** The lifecycle as inputs.md §2 derives it from the run's snapshots. */
  intervals: DerivedInterval[];
}

/** Derives each finding's lifecycle from the snapshots actually written (gaps included). */
export function observe(scenario: DemoScenario): ObservedFinding[] {
  const byRun = new Map<string, SimFinding[]>();
  for (const f of scenario.findings) {
    const key = `${f.service}|${f.run}`;
    byRun.set(key, [...(byRun.get(key) ?? []), f]);
  }
  const out: ObservedFinding[] = [];
  for (const { service, runs } of scenario.services) {
    for (const run of RUN_KINDS) {
      const list = byRun.get(`${service.id}|${run}`) ?? [];
      const snapshots = runs[run].map((t) => ({ scannedAt: t, partial: false, present: new Set(list.filter((f) => presentAt(f, t))) }));
      const derived = deriveIntervals(snapshots);
      for (const f of list) {
        const intervals = derived.get(f);
        if (intervals) out.push({ finding: f, service, intervals });
      }
    }
  }
  return out;
}

export interface KpiFacts {
  /** Critical fix events in P on internet-exposed services, and their mean days. */
  criticalFixesInternet: number;
  criticalMttrInternetDays: number | null;
  /** critical_sla_compliance: fix events in P plus overdue open at end (no exceptions in the demo). */
  slaPopulation: number;
  slaCompliant: number;
  slaCompliancePct: number | null;
  fixEvents: number;
  reopenEvents: number;
  reopenRatePct: number | null;
  /** Findings open at the end of P (false positives and info excluded). */
  openAtEnd: number;
  overdueCriticalsAtEnd: number;
  /** scanning_coverage as secscore computes it (a Trivy file also covers secrets, a container scan SCA). */
  coveragePct: number | null;
}

export interface OverdueCritical {
  service: string;
  area: string;
  tier: number;
  internetExposed: boolean;
  title: string;
  openedAt: Millis;
  dueAt: Millis;
}

export interface ScenarioFacts {
  /** One row per period, oldest first: the whole company and each area. */
  quarters: { period: Period; company: KpiFacts; areas: Record<string, KpiFacts> }[];
  overdueCriticalsAtEnd: OverdueCritical[];
  /** Services with a repository and no Gitleaks run in the last 30 days of the last quarter. */
  servicesWithoutRecentSecretsScan: string[];
  /** Services with a repository and no Semgrep run in the last 30 days of the last quarter. */
  servicesWithoutRecentSast: string[];
}

export function scenarioFacts(scenario: DemoScenario, policy: Policy = DEFAULT_SETTINGS.policy): ScenarioFacts {
  const observed = observe(scenario).filter((o) => !o.finding.falsePositive && o.finding.severity !== 'info');
  const areaName = (s: DemoService): string => areaOf(scenario.company, s.area).name;
  const quarters = scenario.periods.map((period) => {
    const areas: Record<string, KpiFacts> = {};
    for (const area of scenario.company.areas) {
      areas[area.name] = kpiFacts(
        observed.filter((o) => o.service.area === area.key),
        scenario.services.filter((s) => s.service.area === area.key),
        period,
        policy,
      );
    }
    return { period, company: kpiFacts(observed, scenario.services, period, policy), areas };
  });
  const end = scenario.end;
  const overdue: OverdueCritical[] = [];
  for (const o of observed) {
    if (o.finding.severity !== 'critical') continue;
    for (const i of o.intervals) {
      const due = slaDueAt(policy, 'critical', o.service.tier, i.openedAt);
      if (i.openedAt < end && i.fixedAt === null && due !== null && due < end) {
        overdue.push({
          service: o.service.id,
          area: areaName(o.service),
          tier: o.service.tier,
          internetExposed: o.service.internetExposed,
          title: titleOf(o.finding),
          openedAt: i.openedAt,
          dueAt: due,
        });
      }
    }
  }
  const from = end - policy.coverageWindowDays * DAY_MS;
  const recent = (times: readonly Millis[]): boolean => times.some((t) => t >= from && t < end);
  return {
    quarters,
    overdueCriticalsAtEnd: overdue.sort((a, b) => a.openedAt - b.openedAt),
    servicesWithoutRecentSecretsScan: scenario.services.filter((s) => !recent(s.runs.gitleaks)).map((s) => s.service.id),
    servicesWithoutRecentSast: scenario.services.filter((s) => !recent(s.runs.semgrep)).map((s) => s.service.id),
  };
}

function kpiFacts(observed: readonly ObservedFinding[], services: readonly ServiceScans[], period: Period, policy: Policy): KpiFacts {
  const { start, end } = period;
  const inP = (t: Millis | null): t is Millis => t !== null && t >= start && t < end;
  let fixEvents = 0;
  let reopenEvents = 0;
  let openAtEnd = 0;
  let overdueAtEnd = 0;
  let slaCompliant = 0;
  let slaFixes = 0;
  const mttr: number[] = [];
  for (const o of observed) {
    const critical = o.finding.severity === 'critical';
    for (const i of o.intervals) {
      if (inP(i.fixedAt)) fixEvents++;
      if (i.seq > 1 && inP(i.openedAt)) reopenEvents++;
      const openAt = i.openedAt < end && (i.fixedAt === null || i.fixedAt >= end);
      if (openAt) openAtEnd++;
      if (!critical) continue;
      const due = slaDueAt(policy, 'critical', o.service.tier, i.openedAt);
      if (inP(i.fixedAt)) {
        slaFixes++;
        if (due === null || i.fixedAt <= due) slaCompliant++;
        if (o.service.internetExposed) mttr.push((i.fixedAt - i.openedAt) / DAY_MS);
      } else if (openAt && due !== null && due < end) {
        overdueAtEnd++;
      }
    }
  }
  const slaPopulation = slaFixes + overdueAtEnd;
  return {
    criticalFixesInternet: mttr.length,
    criticalMttrInternetDays: mttr.length === 0 ? null : round1(mttr.reduce((a, b) => a + b, 0) / mttr.length),
    slaPopulation,
    slaCompliant,
    slaCompliancePct: slaPopulation === 0 ? null : round1((100 * slaCompliant) / slaPopulation),
    fixEvents,
    reopenEvents,
    reopenRatePct: fixEvents === 0 ? null : round1((100 * reopenEvents) / fixEvents),
    openAtEnd,
    overdueCriticalsAtEnd: overdueAtEnd,
    coveragePct: coverage(services, period, policy),
  };
}

function coverage(services: readonly ServiceScans[], period: Period, policy: Policy): number | null {
  if (services.length === 0) return null;
  const from = period.end - policy.coverageWindowDays * DAY_MS;
  const recent = (times: readonly Millis[]): boolean => times.some((t) => t >= from && t < period.end);
  let covered = 0;
  for (const { service, runs } of services) {
    const trivy = recent(runs.image) || recent(runs.deps) || recent(runs.iac);
    const has = { sast: recent(runs.semgrep), sca: recent(runs.deps) || recent(runs.image), secrets: recent(runs.gitleaks) || trivy, iac: recent(runs.iac) };
    const required = [...policy.requiredCoverage, ...(service.tags.includes(policy.iacTag) ? (['iac'] as const) : [])];
    if (required.every((c) => (c in has ? has[c as keyof typeof has] : false))) covered++;
  }
  return round1((100 * covered) / services.length);
}

export function titleOf(f: SimFinding): string {
  const s = f.source;
  switch (s.kind) {
    case 'code':
      return `${s.rule.id} in ${s.path}:${s.line}`;
    case 'secret':
      return `${s.rule.id} in ${s.path}:${s.line}`;
    case 'vuln':
      return `${s.advisory.id} ${s.advisory.pkg} ${s.installed}`;
    case 'misconf':
      return `${s.check.id} ${s.resource}`;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
