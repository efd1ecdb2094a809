/**
 * Prowler output read as cloud-control results (inputs.md §3: cloud-controls, "Prowler output
 * is also accepted"): `secscore import --format cloud-controls prowler-output.json`. Without
 * `--format`, a Prowler file is imported as cspm findings by the `prowler` scanner importer.
 *
 * One control result per (account, check): `fail` when any of the check's results in that
 * account failed (a failure muted in Prowler does not count), else `pass`; checks with only
 * MANUAL or INFO results give none. All results of one account share one time, the start of
 * that account's assessment (its earliest result), so that a control's resources are one result
 * and "the latest result per (account, control)" compares whole assessments.
 */
import { InputError } from '../../domain/errors.js';
import { readJson, validate } from '../json-input.js';
import { v3ResultSchema, v4ResultSchema } from '../prowler/schema.js';
import { resultTime, v4Time } from '../prowler/times.js';
import type { DetectInput, ImportSource } from '../types.js';
import type { RecordsRead } from './read-records.js';

export const PROWLER_CONTROLS_FORMAT = 'cloud-controls (Prowler JSON)';

/** A JSON list, as Prowler 3 (`-M json`) and 4 (`-M json-ocsf`) write: not CSV nor JSON lines. */
export function isProwlerList({ head }: DetectInput): boolean {
  return head.trimStart().startsWith('[');
}

interface Result {
  account: string | null;
  control: string | null;
  status: string;
  muted: boolean;
  time: string | number | null;
  /** The field that holds `time`. */
  timeField: string;
}

export async function readProwlerControls(source: ImportSource): Promise<RecordsRead> {
  const data = await readJson(source, PROWLER_CONTROLS_FORMAT);
  if (!Array.isArray(data)) {
    throw new InputError(source.path, PROWLER_CONTROLS_FORMAT, { jsonPath: '$' }, 'expected a list of check results (Prowler 3 JSON or Prowler 4 OCSF JSON)');
  }
  const ocsf = data.length > 0 && typeof data[0] === 'object' && data[0] !== null && ('status_code' in data[0] || 'finding_info' in data[0]);
  const results: Result[] = data.map((raw, i) => {
    if (ocsf) {
      const r = validate(v4ResultSchema, raw, source.path, PROWLER_CONTROLS_FORMAT, [i]);
      return {
        account: r.cloud?.account?.uid || null,
        control: r.metadata?.event_code || null,
        status: r.status_code,
        muted: /^suppressed$/i.test(r.status ?? ''),
        ...v4Time(r),
      };
    }
    const r = validate(v3ResultSchema, raw, source.path, PROWLER_CONTROLS_FORMAT, [i]);
    return {
      account: r.AccountId || r.Subscription || r.ProjectId || null,
      control: r.CheckID || null,
      status: r.Status,
      muted: r.Muted === true,
      time: r.AssessmentStartTime ?? null,
      timeField: 'AssessmentStartTime',
    };
  });

  const startOf = new Map<string, number>();
  const controls = new Map<string, { account: string; control: string; failed: boolean }>();
  const warnings: string[] = [];
  let skipped = 0;
  for (const [i, r] of results.entries()) {
    const status = r.status.toUpperCase();
    if (status !== 'PASS' && status !== 'FAIL') continue;
    if (r.account === null || r.control === null) {
      skipped++;
      continue;
    }
    const t = resultTime(r.time, source.path, PROWLER_CONTROLS_FORMAT, `$[${i}].${r.timeField}`);
    if (t === null) {
      throw new InputError(
        source.path,
        PROWLER_CONTROLS_FORMAT,
        { jsonPath: `$[${i}]`, field: r.timeField },
        'a check result without its time cannot be placed in time',
      );
    }
    startOf.set(r.account, Math.min(startOf.get(r.account) ?? t, t));
    const key = JSON.stringify([r.account, r.control]);
    const c = controls.get(key) ?? { account: r.account, control: r.control, failed: false };
    if (status === 'FAIL' && !r.muted) c.failed = true;
    controls.set(key, c);
  }
  if (skipped > 0) warnings.push(`${skipped} check result${skipped === 1 ? '' : 's'} without an account or a check id ignored`);
  if (controls.size === 0) warnings.push('the file holds no PASS or FAIL check results: no cloud-control results');
  const rows = [...controls.values()]
    .map((c) => ({ account: c.account, control: c.control, status: c.failed ? 'fail' : 'pass', checked_at: startOf.get(c.account)! }))
    .sort((a, b) => compare(a.account, b.account) || compare(a.control, b.control));
  return { syntax: 'json', format: PROWLER_CONTROLS_FORMAT, rows, warnings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
