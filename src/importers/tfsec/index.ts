import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity } from '../../domain/severity.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { reportSchema, type TfsecResult } from './schema.js';

const NAME = 'tfsec JSON';
const TOOL = 'tfsec';
/** Later tfsec 1.x versions write the status as a number: 0 failed, 1 passed, 2 ignored. */
const STATUS_PASSED = 1;
const STATUS_IGNORED = 2;

export const tfsecImporter: ScannerImporter = {
  id: 'tfsec',
  name: NAME,
  defaultCategory: 'iac',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if (has('results') && (has('rule_provider') || has('rule_description'))) return 90;
  // tfsec's own keys without its results list: tfsec all the same, only broken.
  if (has('rule_provider') && has('rule_description')) return 70;
  // tfsec's report when it found nothing; no other format writes exactly this.
  if (/^\s*\{\s*"results"\s*:\s*null\s*\}\s*$/.test(head)) return 30;
  return 0;
}

/** One finding being built from the records DefectDojo merges into it. */
interface Group {
  kind: 'group';
  first: TfsecResult;
  finding: RawFinding;
  /** The distinct descriptions of the merged records: each names its resource. */
  descriptions: string[];
  /** The resources of the merged records (one module file used by several modules). */
  resources: string[];
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const report = validate(reportSchema, await readJson(source, NAME), source.path, NAME);
  yield { kind: 'scan', tool: TOOL, category: 'iac', scannedAt: null, covers: [{ tool: TOOL, category: 'iac' }] };

  const fingerprint = fingerprinter();
  // DefectDojo merges results of one rule at one place (provider, rule, file, start and end
  // line): tfsec reports a rule once per resource, and `count`/`for_each` resources share a line.
  const groups = new Map<string, Group>();
  const order: (Group | SkipItem)[] = [];
  for (const [i, r] of (report.results ?? []).entries()) {
    const at = `$.results[${i}]`;
    // A passed check (--include-passed) is not a finding.
    if (r.passed === true || r.status === 'passed' || r.status === STATUS_PASSED) continue;
    const id = r.rule_id?.trim() || r.long_id?.trim() || null;
    if (!id) {
      order.push(skip('result without a rule_id', at));
      continue;
    }
    const file = r.location?.filename?.trim() || null;
    if (!file) {
      order.push(skip(`result ${id} has no location`, at));
      continue;
    }
    const severity = normalizeSeverity(r.severity);
    if (!severity) {
      order.push(skip(r.severity ? `result ${id} has an unknown severity "${r.severity}"` : `result ${id} has no severity`, at));
      continue;
    }
    const start = r.location?.start_line ?? null;
    const end = r.location?.end_line ?? null;
    const provider = r.rule_provider ?? '';
    const key = [provider, id, file, String(start), String(end)].join('\u0000');
    const description = r.description?.trim() ?? '';
    const ignored = r.status === 'ignored' || r.status === STATUS_IGNORED;
    const existing = groups.get(key);
    if (existing) {
      existing.finding.occurrences++;
      if (description && !existing.descriptions.includes(description)) existing.descriptions.push(description);
      const resource = resourceOf(r);
      if (resource && !existing.resources.includes(resource)) existing.resources.push(resource);
      // One record that is not ignored keeps the merged finding real.
      if (!ignored) existing.finding.falsePositive = false;
      continue;
    }
    const resource = resourceOf(r);
    const group: Group = {
      kind: 'group',
      first: r,
      descriptions: description ? [description] : [],
      resources: resource ? [resource] : [],
      finding: {
        fingerprint: '',
        severity,
        title: r.rule_description?.trim() || id,
        ruleId: id,
        vulnerabilityIds: [],
        cwes: [],
        file,
        line: start,
        component: { name: resource, version: null },
        fixVersion: null,
        fixAvailableAt: null,
        description: null,
        // `tfsec:ignore` in the code (reported with --include-ignored): the tool says it is not to be reported.
        falsePositive: ignored,
        exploitAvailable: false,
        occurrences: 1,
      },
    };
    groups.set(key, group);
    order.push(group);
  }
  for (const entry of order) {
    if (entry.kind === 'skip') {
      yield entry;
      continue;
    }
    const { first, finding, resources } = entry;
    // The resource, not the line, identifies what failed across scans: lines move. Where
    // several modules share the failing line, the first of their resources by name stands
    // for them, so that the order tfsec lists them in does not matter.
    const resource = [...resources].sort()[0] ?? '';
    const spot = `${first.location?.start_line ?? ''}-${first.location?.end_line ?? ''}`;
    yield {
      kind: 'finding',
      finding: {
        ...finding,
        fingerprint: fingerprint(['tfsec', first.rule_provider ?? '', finding.ruleId ?? '', finding.file ?? '', resource], spot),
        description: describe(entry),
      },
    };
  }
}

function skip(reason: string, jsonPath: string): SkipItem {
  return { kind: 'skip', reason, place: { jsonPath } };
}

/** tfsec 1.x names the resource in `resource`; older versions only in the description ("Resource 'x' ..."). */
function resourceOf(r: TfsecResult): string | null {
  const named = r.resource?.trim();
  if (named) return named;
  const m = /^Resource '([^']+)'/.exec(r.description ?? '');
  return m ? m[1]! : null;
}

function describe({ first, descriptions }: Group): string | null {
  const id = first.rule_id || first.long_id;
  return (
    [id && `Rule ID: ${id}`, descriptions.join('\n'), first.impact && `Impact: ${first.impact}`, first.resolution && `Resolution: ${first.resolution}`]
      .filter(Boolean)
      .join('\n') || null
  );
}
