import type { RawFinding } from '../../domain/finding.js';

/** A finding as an importer hands it to the store: every attribute plain but those given. */
export function rawFinding(fingerprint: string, over: Partial<RawFinding> = {}): RawFinding {
  return {
    fingerprint,
    severity: 'high',
    title: `finding ${fingerprint}`,
    ruleId: `rule-${fingerprint}`,
    vulnerabilityIds: [],
    cwes: [],
    file: 'src/a.ts',
    line: 1,
    component: { name: null, version: null },
    fixVersion: null,
    fixAvailableAt: null,
    description: null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
    ...over,
  };
}
