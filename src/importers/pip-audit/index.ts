import { fixVersionFor, text, uniqueStrings } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter } from '../types.js';
import { listSchema, objectSchema } from './schema.js';

const NAME = 'pip-audit JSON';
const TOOL = 'pip-audit';

/**
 * pip-audit gives no severity (the PyPI advisory database has none): medium, as DefectDojo files
 * every pip-audit finding, with CWE-1395 (dependency on a vulnerable third-party component).
 */
const SEVERITY = 'medium';
const CWE = 1395;

export const pipAuditImporter: ScannerImporter = {
  id: 'pip-audit',
  name: NAME,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const t = head.trimStart();
  if (/^\{\s*"dependencies"\s*:\s*\[\s*\]\s*\}\s*$/.test(t)) return /pip[-_]?audit/i.test(path) ? 60 : 30;
  // pip-audit writes each dependency as name, version, vulns (or name, skip_reason), in that order.
  const record = /^(?:\[|\{\s*"dependencies"\s*:\s*\[)\s*\{\s*"name"\s*:\s*"[^"]*"\s*,\s*(?:"version"\s*:\s*"[^"]*"\s*,\s*"vulns"|"skip_reason")\s*:/;
  return record.test(t) ? 90 : 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  const [dependencies, base] = Array.isArray(data)
    ? [validate(listSchema, data, source.path, NAME), '$']
    : [validate(objectSchema, data, source.path, NAME).dependencies, '$.dependencies'];
  yield { kind: 'scan', tool: TOOL, category: 'sca', scannedAt: null, covers: [{ tool: TOOL, category: 'sca' }] };
  const fingerprint = fingerprinter();
  // One finding per dependency × vulnerability, as DefectDojo counts them.
  for (const [d, dep] of dependencies.entries()) {
    const at = `${base}[${d}]`;
    const name = text(dep.name);
    if (dep.skip_reason !== undefined) {
      yield { kind: 'skip', reason: `${name ?? 'a dependency'} was not audited: ${dep.skip_reason}`, place: { jsonPath: at } };
      continue;
    }
    const version = text(dep.version);
    for (const [v, vuln] of (dep.vulns ?? []).entries()) {
      const id = text(vuln.id);
      if (!id || !name) {
        yield { kind: 'skip', reason: `vulnerability without ${id ? 'a package name' : 'an id'}`, place: { jsonPath: `${at}.vulns[${v}]` } };
        continue;
      }
      yield {
        kind: 'finding',
        finding: {
          fingerprint: fingerprint([TOOL, name.toLowerCase(), id], version ?? ''),
          severity: SEVERITY,
          title: `${id} in ${name}${version ? `:${version}` : ''}`,
          ruleId: id,
          vulnerabilityIds: uniqueStrings([id, ...(vuln.aliases ?? [])]),
          cwes: [CWE],
          file: null,
          line: null,
          component: { name, version },
          fixVersion: fixVersionFor(version, vuln.fix_versions ?? []),
          fixAvailableAt: null,
          description: text(vuln.description),
          falsePositive: false,
          exploitAvailable: false,
          occurrences: 1,
        },
      };
    }
  }
}
