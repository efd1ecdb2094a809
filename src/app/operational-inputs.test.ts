import { describe, expect, it } from 'vitest';
import type { InputKind } from '../domain/facts.js';
import { emptyRecords, type AlertRecord, type IncidentRecord, type OperationalRecords } from '../domain/records.js';
import { DAY_MS } from '../domain/time.js';
import { run } from '../kpis/test-support/delivery-records.js';
import { d, END, P, service } from '../kpis/test-support/kpi-input.js';
import { defaultTaxonomy } from '../scorecard/taxonomy.js';
import { operationalInputs } from './build-review.js';
import type { Facts } from './load-facts.js';

const START = P.start;

function incident(id: string, startedAt: number | null, over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id,
    title: null,
    severity: 'sev3',
    serviceId: 's1',
    startedAt,
    detectedAt: null,
    containedAt: null,
    resolvedAt: null,
    cause: null,
    runbook: null,
    ...over,
  };
}

function alert(id: string, dispositionedAt: number | null, over: Partial<AlertRecord> = {}): AlertRecord {
  return { id, rule: 'r1', serviceId: 's1', firedAt: null, dispositionedAt, disposition: 'true_positive', runbook: null, ...over };
}

function facts(records: Partial<OperationalRecords>, loaded: InputKind[]): Facts {
  return {
    catalog: { lines: [], areas: [], services: [service('s1'), service('s2')] },
    intervals: [],
    scans: [],
    exceptions: [],
    loaded: new Set<InputKind>(['catalog', ...loaded]),
    records: { ...emptyRecords(), ...records },
    taxonomy: defaultTaxonomy(),
  };
}

describe('operationalInputs', () => {
  it('is null for each kind never loaded, so its statements are left out', () => {
    expect(operationalInputs(facts({}, []), P)).toEqual({ incidents: null, pipelineRuns: null, alerts: null });
  });

  it('is empty, not null, for a kind loaded with nothing in the window', () => {
    const f = facts({ incidents: [incident('old', START - 200 * DAY_MS)] }, ['incidents', 'pipeline-runs', 'alerts']);
    expect(operationalInputs(f, P)).toEqual({ incidents: [], pipelineRuns: [], alerts: [] });
  });

  it('keeps incidents started in the last three periods, half-open, and of catalog services (or naming none)', () => {
    // P = 2026-Q3: the last three periods start with 2026-Q1.
    const q1Start = Date.UTC(2026, 0, 1);
    const list = [
      incident('before-window', q1Start - 1),
      incident('window-start', q1Start),
      incident('in-p', d(10), { severity: 'sev1', cause: 'tenant check missing', runbook: 'rb-1' }),
      incident('at-end', END),
      incident('no-service', d(3), { serviceId: null }),
      incident('unknown-service', d(3), { serviceId: 'gone' }),
      incident('no-start', null),
    ];
    const got = operationalInputs(facts({ incidents: list }, ['incidents']), P).incidents!;
    expect(got.map((i) => i.id)).toEqual(['window-start', 'in-p', 'no-service']);
    expect(got[1]).toEqual({ id: 'in-p', serviceId: 's1', severity: 'sev1', startedAt: d(10), cause: 'tenant check missing', runbook: 'rb-1' });
  });

  it('aggregates pipeline runs started in P by service and template, counting releases and each stage outcome', () => {
    const runs = [
      run({ serviceId: 's1', template: 'standard', startedAt: START, release: true, securityStage: 'passed' }),
      run({ serviceId: 's1', template: 'standard', startedAt: d(5), release: false, securityStage: 'failed' }),
      run({ serviceId: 's1', template: 'legacy', startedAt: d(6), release: true, securityStage: 'bypassed' }),
      run({ serviceId: 's1', template: 'legacy', startedAt: d(7), release: true, securityStage: 'tool_error' }),
      run({ serviceId: 's1', template: 'legacy', startedAt: d(8), release: true, securityStage: 'absent' }),
      run({ serviceId: 's2', template: null, startedAt: d(9), securityStage: 'passed' }),
      run({ serviceId: 's2', template: 'standard', startedAt: START - 1, securityStage: 'failed' }), // before P
      run({ serviceId: 's2', template: 'standard', startedAt: END, securityStage: 'failed' }), // at the end: not in P
      run({ serviceId: null, template: 'standard', startedAt: d(9) }), // names no catalog service
    ];
    const got = operationalInputs(facts({ pipelineRuns: runs }, ['pipeline-runs']), P).pipelineRuns;
    expect(got).toEqual([
      { serviceId: 's1', template: 'legacy', runs: 3, releases: 3, failed: 0, bypassed: 1, toolErrors: 1, absent: 1 },
      { serviceId: 's1', template: 'standard', runs: 2, releases: 1, failed: 1, bypassed: 0, toolErrors: 0, absent: 0 },
      { serviceId: 's2', template: '(none)', runs: 1, releases: 0, failed: 0, bypassed: 0, toolErrors: 0, absent: 0 },
    ]);
  });

  it('counts alerts dispositioned in P by service and rule, with how many named a runbook', () => {
    const alerts = [
      alert('a1', START, { runbook: 'rb' }),
      alert('a2', d(2)),
      alert('a3', d(2), { runbook: '  ' }), // blank: no runbook
      alert('a4', d(3), { rule: 'r2', serviceId: null, runbook: 'rb' }),
      alert('a5', END), // dispositioned at the end: not in P
      alert('a6', null), // never dispositioned
      alert('a7', d(3), { serviceId: 'gone' }),
    ];
    const got = operationalInputs(facts({ alerts }, ['alerts']), P).alerts;
    expect(got).toEqual([
      { serviceId: null, rule: 'r2', alerts: 1, withRunbook: 1 },
      { serviceId: 's1', rule: 'r1', alerts: 3, withRunbook: 1 },
    ]);
  });
});
