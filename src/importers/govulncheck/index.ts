import { InputError } from '../../domain/errors.js';
import type { RawFinding, TargetHints } from '../../domain/finding.js';
import type { Severity } from '../../domain/severity.js';
import { fixVersionFor, text, uniqueStrings } from '../fields.js';
import { fingerprinter, type Fingerprinter } from '../fingerprint.js';
import { readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter, SkipItem } from '../types.js';
import { legacySchema, messageSchema, type GoFrame, type GoLegacyReport, type GoOsv } from './schema.js';
import { parseJsonStream } from './stream.js';

const NAME = 'govulncheck JSON';
const TOOL = 'govulncheck';

/**
 * The Go vulnerability database has no severities. As DefectDojo's govulncheck V2 parser does,
 * secscore rates a finding by how far govulncheck traced it into the code: a vulnerable symbol
 * called is high, a vulnerable package imported low, a vulnerable module only required info.
 */
type Level = 'symbol' | 'package' | 'module';
const LEVEL_SEVERITY: Readonly<Record<Level, Severity>> = { symbol: 'high', package: 'low', module: 'info' };
const LEVEL_RANK: Readonly<Record<Level, number>> = { module: 1, package: 2, symbol: 3 };

export const govulncheckImporter: ScannerImporter = {
  id: 'govulncheck',
  name: NAME,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  const t = head.trim();
  if (t === '') return /govulncheck/i.test(path) ? 30 : 0;
  // govulncheck's SARIF output is for the SARIF importer.
  if (/"\$schema"\s*:\s*"[^"]*sarif/i.test(head) || /^\{\s*"version"\s*:\s*"2\.1\.0"/.test(t)) return 0;
  if (/"scanner_name"\s*:\s*"govulncheck"/.test(head)) return 95;
  if (/^\[?\s*\{\s*"(?:config|progress|osv|finding)"\s*:\s*\{/.test(t) && (head.includes('"protocol_version"') || head.includes('"fixed_version"'))) return 90;
  if (/^\{\s*"Calls"\s*:\s*\{/.test(t) && head.includes('"Imports"') && head.includes('"Requires"')) return 90;
  return 0;
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const raw = await readText(source, NAME);
  // DefectDojo rejects empty input and SARIF; so does secscore (SARIF goes to the SARIF importer).
  if (raw.trim() === '') throw new InputError(source.path, NAME, { line: 1 }, 'the file is empty: govulncheck -json writes at least its config');
  const values = parseJsonStream(raw, source.path, NAME);
  const first = values[0]?.value;
  if (isSarif(first)) throw new InputError(source.path, NAME, { jsonPath: '$.runs' }, 'this is govulncheck SARIF output (-format sarif): import it as SARIF');
  const fingerprint = fingerprinter();
  if (values.length === 1 && isObject(first) && Object.hasOwn(first, 'Vulns')) {
    yield* legacyReport(validate(legacySchema, first, source.path, NAME), fingerprint);
    return;
  }
  // The stream, or the same messages in one array (as some CI wrappers save them).
  const messages =
    values.length === 1 && Array.isArray(first)
      ? first.map((value, i) => ({ value, at: `$[${i}]` }))
      : values.map((v) => ({ value: v.value, at: `line ${v.line}` }));
  yield* stream(messages, source.path, fingerprint);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSarif(v: unknown): boolean {
  return isObject(v) && (Object.hasOwn(v, 'runs') || (typeof v['$schema'] === 'string' && /sarif/i.test(v['$schema'])));
}

interface Group {
  osv: string;
  module: string;
  version: string | null;
  level: Level;
  fixedVersion: string | null;
  /** Where the user's code enters the first symbol-level trace. */
  entry: { file: string; line: number | null } | null;
  traces: string[];
}

function levelOf(sink: GoFrame): Level {
  if (sink.function) return 'symbol';
  if (sink.package) return 'package';
  return 'module';
}

function* stream(messages: { value: unknown; at: string }[], file: string, fingerprint: Fingerprinter): Iterable<ParseItem> {
  const advisories = new Map<string, GoOsv>();
  const groups = new Map<string, Group>();
  const skips: SkipItem[] = [];
  let mainModule: string | null = null;
  let sawConfig = false;
  for (const { value, at } of messages) {
    const place = at.startsWith('$') ? { jsonPath: at } : { line: Number(at.slice(5)) };
    if (!isObject(value)) throw new InputError(file, NAME, place, 'expected a govulncheck message (an object)');
    const m = validate(messageSchema, value, file, NAME);
    if (m.config) sawConfig = true;
    if (m.SBOM) mainModule = text(m.SBOM.roots?.[0]) ?? text(m.SBOM.modules?.[0]?.path) ?? mainModule;
    if (m.osv) advisories.set(m.osv.id, m.osv);
    if (!m.finding) continue;
    const trace = m.finding.trace ?? [];
    const sink = trace[0];
    const id = text(m.finding.osv);
    if (!id || !sink || !text(sink.module)) {
      skips.push({ kind: 'skip', reason: `finding without ${id ? 'a traced module' : 'an osv id'}`, place });
      continue;
    }
    // One finding per (advisory, module), at the deepest reachability any of its traces shows.
    const module = sink.module!.trim();
    const key = `${id}\u001f${module}`;
    const level = levelOf(sink);
    const group = groups.get(key) ?? { osv: id, module, version: text(sink.version), level, fixedVersion: null, entry: null, traces: [] };
    if (LEVEL_RANK[level] > LEVEL_RANK[group.level]) group.level = level;
    group.fixedVersion ??= text(m.finding.fixed_version);
    if (level === 'symbol') {
      const user = [...trace].reverse().find((f) => text(f.position?.filename));
      group.entry ??= user ? { file: user.position!.filename!.trim(), line: user.position?.line ?? null } : null;
      group.traces.push(trace.map(frameText).join(' <- '));
    }
    groups.set(key, group);
  }
  if (!sawConfig && groups.size === 0 && advisories.size === 0)
    throw new InputError(file, NAME, { line: 1 }, 'no govulncheck message (config, osv or finding) in the file');
  yield header(mainModule);
  yield* skips;
  for (const g of groups.values()) {
    const advisory = advisories.get(g.osv);
    yield {
      kind: 'finding',
      finding: goFinding({
        id: g.osv,
        module: g.module,
        version: g.version,
        level: g.level,
        fixVersion: g.fixedVersion,
        file: g.entry?.file ?? null,
        line: g.entry?.line ?? null,
        advisory,
        traces: g.traces,
        fingerprint,
      }),
    };
  }
}

function frameText(f: GoFrame): string {
  const symbol = [f.package, [f.receiver, f.function].filter(Boolean).join('.')].filter(Boolean).join('.');
  const where = f.position?.filename ? ` (${f.position.filename}${f.position.line ? `:${f.position.line}` : ''})` : '';
  return `${symbol || f.module || '?'}${where}`;
}

/** A Go module path that names a repository (`github.com/acme/api`, not `my_project`). */
function header(mainModule: string | null): ParseItem {
  const repo = mainModule && /^[a-z0-9.-]+\.[a-z]{2,}\/[^/\s]+\/[^/\s]+/i.test(mainModule) ? mainModule : null;
  const target: TargetHints | undefined = repo ? { repos: [repo] } : undefined;
  return { kind: 'scan', tool: TOOL, category: 'sca', scannedAt: null, ...(target ? { target } : {}), covers: [{ tool: TOOL, category: 'sca' }] };
}

/** govulncheck before 1.0: one entry per vulnerable symbol, with call, import and require sinks. */
function* legacyReport(report: GoLegacyReport, fingerprint: Fingerprinter): Iterable<ParseItem> {
  const main = (report.Modules ?? []).find((m) => !text(m.Version) && text(m.Path) !== 'stdlib');
  yield header(text(main?.Path));
  const groups = new Map<string, { osv: GoOsv; module: string; version: string | null; level: Level; symbols: string[] }>();
  for (const v of report.Vulns ?? []) {
    const module = text(v.ModPath) ?? text(v.OSV.affected?.[0]?.package?.name) ?? 'unknown module';
    const level: Level = (v.CallSink ?? 0) > 0 ? 'symbol' : (v.ImportSink ?? 0) > 0 ? 'package' : 'module';
    const key = `${v.OSV.id}\u001f${module}`;
    const version =
      text(report.Requires?.Modules?.[String(v.RequireSink ?? '')]?.Version) ?? text((report.Modules ?? []).find((m) => m.Path === module)?.Version);
    const g = groups.get(key) ?? { osv: v.OSV, module, version, level, symbols: [] };
    if (LEVEL_RANK[level] > LEVEL_RANK[g.level]) g.level = level;
    const symbol = [v.PkgPath, v.Symbol].filter(Boolean).join('.');
    if (symbol && !g.symbols.includes(symbol)) g.symbols.push(symbol);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const fixes = (g.osv.affected ?? [])
      .filter((a) => a.package?.name === g.module)
      .flatMap((a) => (a.ranges ?? []).flatMap((r) => (r.events ?? []).map((e) => e.fixed)));
    yield {
      kind: 'finding',
      finding: goFinding({
        id: g.osv.id,
        module: g.module,
        version: g.version,
        level: g.level,
        // OSV ranges write Go versions without the `v` that module versions (and govulncheck 1.0) carry.
        fixVersion: fixVersionFor(
          g.version,
          uniqueStrings(fixes).map((f) => (g.version?.startsWith('v') && !f.startsWith('v') ? `v${f}` : f)),
        ),
        file: null,
        line: null,
        advisory: g.osv,
        traces: g.symbols.map((s) => `${s} (called)`),
        fingerprint,
      }),
    };
  }
}

interface GoFindingInput {
  id: string;
  module: string;
  version: string | null;
  level: Level;
  fixVersion: string | null;
  file: string | null;
  line: number | null;
  advisory: GoOsv | undefined;
  traces: string[];
  fingerprint: Fingerprinter;
}

function goFinding(g: GoFindingInput): RawFinding {
  const url = g.advisory?.database_specific?.['url'];
  return {
    fingerprint: g.fingerprint([TOOL, g.module, g.id], g.version ?? ''),
    severity: LEVEL_SEVERITY[g.level],
    title: `${g.id} - ${g.module}`,
    ruleId: g.id,
    // The advisory's aliases (the CVE first) before the Go id, as DefectDojo orders them.
    vulnerabilityIds: uniqueStrings([...(g.advisory?.aliases ?? []), g.id]),
    cwes: [],
    file: g.file,
    line: g.line,
    component: { name: g.module, version: g.version },
    fixVersion: g.fixVersion,
    fixAvailableAt: null,
    description:
      [
        text(g.advisory?.summary),
        text(g.advisory?.details),
        `Reachability: ${g.level === 'symbol' ? 'a vulnerable symbol is called' : g.level === 'package' ? 'a vulnerable package is imported' : 'a vulnerable module is required'}`,
        g.traces.length > 0 ? `Traces:\n${g.traces.map((t) => `- ${t}`).join('\n')}` : null,
        typeof url === 'string' ? url : null,
      ]
        .filter(Boolean)
        .join('\n\n') || null,
    falsePositive: false,
    exploitAvailable: false,
    occurrences: 1,
  };
}
