import { exceptionCovers, type ExceptionRecord } from '../domain/exception.js';
import { detectExceptions, readExceptions, type ParsedException } from '../importers/exceptions/read-exceptions.js';
import { detectEpss, readEpss } from '../importers/exploitability/epss.js';
import { detectKev, readKev } from '../importers/exploitability/kev.js';
import { findingsInScopes, saveExceptions } from '../storage/exceptions.js';
import { saveEpss, saveKev } from '../storage/exploitability.js';
import type { InputHandler, InputImportContext } from './input-handler.js';

/**
 * `secscore import` of exceptions as code (`--format exceptions`): YAML risk acceptances,
 * upserted by id. The report warns about approved exceptions an operator should look at: no
 * expiry, no owner, a service the catalog does not know, or a scope that covers no stored
 * finding (a typo in a fingerprint or rule id, or findings not imported yet).
 */
export const exceptionsHandler: InputHandler = {
  id: 'exceptions',
  name: 'Exceptions as code (YAML)',
  kind: 'exceptions',
  detect: detectExceptions,
  async importFile(source, ctx) {
    const read = await readExceptions(source);
    const warnings = [...read.warnings, ...(await exceptionWarnings(read.exceptions, ctx))];
    const records = read.exceptions.map((e) => e.record);
    const counts = await saveExceptions(ctx.store.db, records, { kind: 'exceptions', format: 'exceptions', file: source.path, sha256: ctx.sha256 });
    return { file: source.path, format: 'exceptions', kind: 'exceptions', records: records.length, ...counts, warnings };
  },
};

async function exceptionWarnings(exceptions: readonly ParsedException[], ctx: InputImportContext): Promise<string[]> {
  const approved = exceptions.filter((e) => e.record.status === 'approved');
  const services = new Set(ctx.catalog.services.map((s) => s.id));
  const stored = await findingsInScopes(
    ctx.store.db,
    approved.map((e) => e.record.scope),
    ctx.options.now,
  );
  const warnings: string[] = [];
  for (const { record: e, place } of approved) {
    const at = `exception ${e.id}${place.line !== undefined ? ` (line ${place.line})` : ''}`;
    if (e.expiresAt === null) warnings.push(`${at} has no expiry (expires_at): it stays active until revoked`);
    if (e.owner === null) warnings.push(`${at} has no owner`);
    if (e.scope.service !== undefined && !services.has(e.scope.service)) warnings.push(`${at} names service "${e.scope.service}", which is not in the catalog`);
    if (!stored.some((f) => exceptionCovers(e, f))) warnings.push(`${at} covers nothing: no stored finding matches its scope (${describeScope(e.scope)})`);
  }
  return warnings;
}

export function describeScope(scope: ExceptionRecord['scope']): string {
  if (scope.fingerprint !== undefined) return `fingerprint ${scope.fingerprint}`;
  return `service ${scope.service ?? '?'}, ${scope.rule !== undefined ? `rule ${scope.rule}` : `cve ${scope.cve ?? '?'}`}`;
}

/** The CISA KEV catalog JSON (`--format kev`), stored in `kev` under the kind `exploitability`. */
export const kevHandler: InputHandler = {
  id: 'kev',
  name: 'CISA Known Exploited Vulnerabilities catalog (JSON)',
  kind: 'exploitability',
  detect: detectKev,
  async importFile(source, ctx) {
    const read = await readKev(source);
    const counts = await saveKev(ctx.store.db, read.rows, { kind: 'exploitability', format: 'kev', file: source.path, sha256: ctx.sha256 });
    return { file: source.path, format: 'kev', kind: 'exploitability', records: read.rows.length, ...counts, warnings: read.warnings };
  },
};

/** FIRST's EPSS scores CSV (`--format epss`, also gzipped), stored in `epss` under the kind `exploitability`. */
export const epssHandler: InputHandler = {
  id: 'epss',
  name: 'FIRST EPSS scores (CSV, or .csv.gz)',
  kind: 'exploitability',
  detect: detectEpss,
  async importFile(source, ctx) {
    const read = await readEpss(source);
    const counts = await saveEpss(ctx.store.db, read.rows, { kind: 'exploitability', format: 'epss', file: source.path, sha256: ctx.sha256 });
    return { file: source.path, format: 'epss', kind: 'exploitability', records: read.rows.length, ...counts, warnings: read.warnings };
  },
};

/** The handlers of this file, in detection order. */
export const EXCEPTION_HANDLERS: readonly InputHandler[] = [exceptionsHandler, kevHandler, epssHandler];
