import { inOrder, type RecordKind } from './record-kind.js';

export const SECURITY_STAGES = ['passed', 'failed', 'bypassed', 'tool_error', 'absent'] as const;

/**
 * CI/CD runs: release-gate coverage, bypass and tool-error rates, tooling reliability. A run
 * names its service, or its repository (the service comes from the catalog's repos).
 */
export const pipelineRuns: RecordKind = {
  kind: 'pipeline-runs',
  name: 'Pipeline runs',
  columns: [
    { name: 'id', column: 'id', value: { type: 'text' }, required: true },
    { name: 'service', column: 'service_id', value: { type: 'service' } },
    { name: 'repo', column: 'repo', value: { type: 'repo', serviceColumn: 'service_id' } },
    { name: 'pipeline', column: 'pipeline', value: { type: 'text' } },
    { name: 'template', column: 'template', value: { type: 'text' } },
    { name: 'started_at', column: 'started_at', value: { type: 'timestamp' }, required: true },
    { name: 'finished_at', column: 'finished_at', value: { type: 'timestamp' } },
    { name: 'release', column: 'release', value: { type: 'boolean' }, required: true },
    { name: 'security_stage', column: 'security_stage', value: { type: 'enum', values: SECURITY_STAGES }, required: true },
  ],
  oneOf: [['service', 'repo']],
  key: ['id'],
  order: ['started_at', 'id'],
  check: inOrder([['started_at', 'finished_at']]),
};
