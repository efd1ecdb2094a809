import type { PipelineRunRecord } from '../../domain/records.js';
import type { Service } from '../../domain/service.js';
import { run } from './delivery-records.js';
import { d, END, P, service } from './kpi-input.js';

/** s0 is tier 0, s1 tier 1, s2 tier 2. */
export const GATE_SERVICES: Service[] = [service('s0', { tier: 0 }), service('s1', { tier: 1 }), service('s2', { tier: 2 })];

/**
 * Pipeline runs worked through by hand in the gate and tooling tests:
 *   a s0 release passed d(1)      h s1 build passed d(8)
 *   b s0 release absent d(2)      i s1 build tool_error d(9)
 *   c s1 release bypassed d(3)    j s1 build absent d(10)
 *   d s1 release tool_error d(4)  k s0 release passed at P.start (in P)
 *   e s2 release absent d(5)      l s0 release tool_error at END (out)
 *   f s2 release bypassed d(6)    m s0 release absent just before P (out)
 *   g s2 release failed d(7)      n release passed d(11), service unknown (null)
 */
export function gateRuns(): PipelineRunRecord[] {
  const r = (serviceId: string | null, release: boolean, securityStage: PipelineRunRecord['securityStage'], startedAt: number) =>
    run({ serviceId, release, securityStage, startedAt, repo: serviceId === null ? 'github.com/acme/unknown' : `github.com/acme/${serviceId}` });
  return [
    r('s0', true, 'passed', d(1)),
    r('s0', true, 'absent', d(2)),
    r('s1', true, 'bypassed', d(3)),
    r('s1', true, 'tool_error', d(4)),
    r('s2', true, 'absent', d(5)),
    r('s2', true, 'bypassed', d(6)),
    r('s2', true, 'failed', d(7)),
    r('s1', false, 'passed', d(8)),
    r('s1', false, 'tool_error', d(9)),
    r('s1', false, 'absent', d(10)),
    r('s0', true, 'passed', P.start),
    r('s0', true, 'tool_error', END),
    r('s0', true, 'absent', P.start - 1),
    r(null, true, 'passed', d(11)),
  ];
}
