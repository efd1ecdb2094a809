import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';
import { scratchFolders } from '../storage/test-support/scratch.js';

const temp = scratchFolders();
afterAll(temp.remove);

describe('settings of every command', () => {
  const dir = temp.make('secscore-context-');
  const withTargets = (name: string, targets: string) => {
    const file = join(dir, name);
    writeFileSync(file, `policy:\n  targets:\n${targets}`);
    return ['--db', join(dir, `${name}.db`), '--config', file];
  };

  it('refuses a target for an id that is no KPI, naming the key and the id meant (exit 2)', async () => {
    const r = await runCli([...withTargets('typo.yaml', '    critcal_mttr: { op: "<=", value: 10 }\n'), 'kpis', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml: policy\.targets\.critcal_mttr: unknown KPI id; did you mean critical_mttr_internet\?/);
    expect(r.stdout).toBe('');
  });

  it('takes targets for the KPIs and the scorecard metrics', async () => {
    const args = withTargets('ok.yaml', '    critical_mttr_internet: { op: "<=", value: 10 }\n    gate_coverage: { op: ">=", value: 95 }\n');
    const r = await runCli([...args, 'kpis', '--json', '--kpi', 'critical_mttr_internet'], { SECSCORE_NOW: '2026-11-22T00:00:00Z' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).groups[0].kpis[0].target).toEqual({ op: '<=', value: 10 });
  });
});
