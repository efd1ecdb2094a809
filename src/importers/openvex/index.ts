import { basename } from 'node:path';
import { InputError } from '../../domain/errors.js';
import type { RawFinding, TargetHints } from '../../domain/finding.js';
import type { Severity } from '../../domain/severity.js';
import { parsePurl } from '../cyclonedx/purl.js';
import { fingerprinter } from '../fingerprint.js';
import { statedScanTime } from '../fields.js';
import { readJson, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScanHeader, ScannerImporter, SkipItem } from '../types.js';
import { documentSchema, statementSchema, type OpenVexDocument, type OpenVexProduct, type OpenVexStatement } from './schema.js';

const NAME = 'OpenVEX';
const TOOL = 'openvex';

export const openvexImporter: ScannerImporter = {
  id: 'openvex',
  name: NAME,
  defaultCategory: 'sca',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ path, head }: DetectInput): number {
  if (/"@context"\s*:\s*"https?:\/\/openvex\.dev\/ns/.test(head)) return 95;
  // A document that is not one (DefectDojo's `openvex_not_a_document.json`): only the name says.
  if (/(^|[^a-z])(open)?vex([^a-z]|$)/i.test(basename(path)) && /\.json$/i.test(path)) return 30;
  return 0;
}

/**
 * What each VEX status means for the finding, as DefectDojo imports it: a VEX document is a
 * suppression signal, so `not_affected` and `fixed` statements are inactive (secscore's false
 * positive: the producer says the product is not exposed) and only `affected` is ranked above
 * info. `under_investigation` and any status a later spec adds stay active, at info, so that an
 * unknown status never silently suppresses a vulnerability.
 */
const INACTIVE = new Set(['not_affected', 'fixed']);

const JUSTIFICATIONS: Readonly<Record<string, string>> = {
  component_not_present: 'The component named in the vulnerability is not present in the product.',
  vulnerable_code_not_present: 'The vulnerable code is not present in the product.',
  vulnerable_code_not_in_execute_path: 'The vulnerable code is present but can never be executed.',
  vulnerable_code_cannot_be_controlled_by_adversary: 'The vulnerable code is reachable, but an adversary cannot control the inputs required to exploit it.',
  inline_mitigations_already_exist: 'A mitigation is already built into the product.',
};

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const data = await readJson(source, NAME);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(source.path, NAME, { jsonPath: '$' }, 'expected an OpenVEX document (a JSON object with "statements")');
  }
  const doc = validate(documentSchema, data, source.path, NAME);
  const statements: { statement: OpenVexStatement; at: string }[] = [];
  const skips: SkipItem[] = [];
  for (const [i, raw] of (doc.statements ?? []).entries()) {
    const at = `$.statements[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      skips.push({ kind: 'skip', reason: 'statement that is not an object', place: { jsonPath: at } });
    else statements.push({ statement: validate(statementSchema, raw, source.path, NAME, ['statements', i]), at });
  }
  yield header(
    doc,
    statements.map((s) => s.statement),
    source.path,
  );
  yield* skips;

  const fingerprint = fingerprinter();
  const byKey = new Map<string, RawFinding>();
  for (const { statement, at } of statements) {
    const id = vulnerabilityId(statement);
    if (!id) {
      yield { kind: 'skip', reason: 'statement without a vulnerability name', place: { jsonPath: at } };
      continue;
    }
    const status = statement.status?.trim().toLowerCase() ?? '';
    if (!status) {
      yield { kind: 'skip', reason: `statement on ${id} without a status`, place: { jsonPath: at } };
      continue;
    }
    const products = productIds(statement.products ?? []);
    if (products.length === 0) {
      yield { kind: 'skip', reason: `statement on ${id} names no product`, place: { jsonPath: at } };
      continue;
    }
    // One finding per statement × product, so that one product's suppression does not hide
    // another's exposure; the same (product, vulnerability) stated twice is one finding, the first.
    for (const product of products) {
      const key = `${product}|${id}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.occurrences++;
        continue;
      }
      const f = finding(statement, doc, id, status, product, fingerprint);
      byKey.set(key, f);
    }
  }
  for (const f of byKey.values()) yield { kind: 'finding', finding: f };
}

function finding(
  statement: OpenVexStatement,
  doc: OpenVexDocument,
  id: string,
  status: string,
  product: string,
  fingerprint: ReturnType<typeof fingerprinter>,
): RawFinding {
  const { name, version } = splitProduct(product);
  const severity: Severity = status === 'affected' ? 'medium' : 'info';
  return {
    // The product without its version: a new release the same statement covers keeps the finding.
    fingerprint: fingerprint(['vex', name, id], version ?? ''),
    severity,
    title: version ? `${name}:${version} | ${id}` : `${name} | ${id}`,
    ruleId: id,
    vulnerabilityIds: vulnerabilityIds(statement, id),
    cwes: [],
    file: null,
    line: null,
    component: { name, version },
    fixVersion: status === 'fixed' ? version : null,
    fixAvailableAt: null,
    description: description(statement, doc, id, status, product),
    falsePositive: INACTIVE.has(status),
    exploitAvailable: false,
    occurrences: 1,
  };
}

function vulnerabilityId(statement: OpenVexStatement): string {
  const v = statement.vulnerability;
  if (typeof v === 'string') return v.trim();
  return v?.name?.trim() || v?.['@id']?.trim() || '';
}

/** The vulnerability's name first (DefectDojo's primary id), then its aliases. */
function vulnerabilityIds(statement: OpenVexStatement, id: string): string[] {
  const v = statement.vulnerability;
  const aliases = typeof v === 'object' ? (v.aliases ?? []) : [];
  return [...new Set([id, ...aliases.map((a) => a.trim()).filter((a) => a !== '')])];
}

function productIds(products: readonly OpenVexProduct[]): string[] {
  const out: string[] = [];
  for (const p of products) {
    const id = (typeof p === 'string' ? p : (p['@id'] ?? p.identifiers?.purl ?? p.identifiers?.cpe23 ?? p.identifiers?.cpe22 ?? '')).trim();
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * `pkg:apk/alpine/openssl@1.1.1k-r0?arch=x86` → name `pkg:apk/alpine/openssl`, version
 * `1.1.1k-r0`, as DefectDojo splits it: qualifiers and subpath dropped, the version after the
 * last `@`. A product that is not a Package URL is its own name.
 */
function splitProduct(product: string): { name: string; version: string | null } {
  const id = product.split('?', 1)[0]!.split('#', 1)[0]!;
  const at = id.lastIndexOf('@');
  if (at <= 0) return { name: id, version: null };
  return { name: id.slice(0, at), version: id.slice(at + 1) || null };
}

function description(statement: OpenVexStatement, doc: OpenVexDocument, id: string, status: string, product: string): string {
  const parts = [`OpenVEX statement: ${id} is ${status} for ${product}.`];
  const justification = statement.justification?.trim().toLowerCase();
  if (justification) parts.push(`Justification: ${justification}${JUSTIFICATIONS[justification] ? ` - ${JUSTIFICATIONS[justification]}` : ''}`);
  else if (status === 'not_affected') parts.push('Justification: none given (the OpenVEX specification requires one on a not_affected statement).');
  if (statement.impact_statement?.trim()) parts.push(`Impact statement: ${statement.impact_statement.trim()}`);
  if (statement.action_statement?.trim()) parts.push(`Action statement: ${statement.action_statement.trim()}`);
  if (statement.status_notes?.trim()) parts.push(`Status notes: ${statement.status_notes.trim()}`);
  if (status === 'under_investigation') parts.push('The producer has not yet determined whether this product is affected.');
  if (doc.author?.trim()) parts.push(`Statement author: ${doc.author.trim()}`);
  if (doc['@id']?.trim()) parts.push(`VEX document: ${doc['@id'].trim()}`);
  return parts.join('\n\n');
}

function header(doc: OpenVexDocument, statements: readonly OpenVexStatement[], file: string): ScanHeader {
  // Container images the document speaks about (`pkg:oci/...`) map it to their services.
  const images = new Set<string>();
  for (const s of statements) {
    for (const product of productIds(s.products ?? [])) {
      const purl = parsePurl(product);
      if (purl?.type === 'oci') images.add(purl.qualifiers.get('repository_url') ?? purl.name);
    }
  }
  const target: TargetHints | undefined = images.size > 0 ? { images: [...images] } : undefined;
  return {
    kind: 'scan',
    tool: TOOL,
    category: 'sca',
    ...statedScanTime(file, NAME, [doc.last_updated, '$.last_updated'], [doc.timestamp, '$.timestamp']),
    ...(target ? { target } : {}),
  };
}
