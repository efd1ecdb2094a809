import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { InputError } from '../../domain/errors.js';
import type { RawFinding } from '../../domain/finding.js';
import { normalizeSeverity, type Severity } from '../../domain/severity.js';
import type { Millis } from '../../domain/time.js';
import { cweNumbers } from '../fields.js';
import { fingerprinter } from '../fingerprint.js';
import { lineColumnOf, parseJsonText, readText, validate } from '../json-input.js';
import type { DetectInput, ImportSource, ParseItem, ScannerImporter } from '../types.js';
import { jsonReportSchema, xmlReportSchema, type ZapInstance, type ZapJsonAlert } from './schema.js';

const NAME = 'ZAP report';
const TOOL = 'zap';
/** How many instances (distinct method, URL and parameter) a finding's description lists. */
const MAX_LISTED_INSTANCES = 20;

export const zapImporter: ScannerImporter = {
  id: 'zap',
  name: NAME,
  defaultCategory: 'dast',
  defaultTool: TOOL,
  detect,
  parse,
};

function detect({ head }: DetectInput): number {
  if (/<OWASPZAPReport\b/.test(head)) return 95;
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`).test(head);
  if (/"@programName"\s*:\s*"ZAP"/.test(head)) return 95;
  if (has('site') && has('alerts') && has('pluginid')) return 85;
  if (has('@generated') && has('site')) return 80;
  return 0;
}

/**
 * Untrusted XML: fast-xml-parser never resolves external entities (it rejects them) and
 * expands no entity whose value refers to another one; the limits below bound what an
 * internal entity can add. Values stay strings (`parseTagValue: false`): plugin ids such as
 * "10020" are ids, not numbers. Numeric character references are decoded (`htmlEntities`).
 */
const XML_OPTIONS: Partial<X2jOptions> = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  processEntities: { enabled: true, maxEntityCount: 50, maxEntitySize: 1_000, maxExpansionDepth: 3, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
  isArray: (name) => name === 'site' || name === 'alertitem' || name === 'instance',
};

/** ZAP's risk codes; the word of `riskdesc` is used where the code is missing. */
const RISK = new Map<string, Severity>([
  ['0', 'info'],
  ['1', 'low'],
  ['2', 'medium'],
  ['3', 'high'],
]);
/** ZAP's confidence 0 is "False Positive": set by the user in ZAP. */
const FALSE_POSITIVE_CONFIDENCE = '0';

type Alert = Omit<ZapJsonAlert, 'instances'> & { instances: ZapInstance[] };

interface Site {
  name: string | null;
  alerts: Alert[];
  /** Where the site's alerts are, for skip messages. */
  alertsPath: string;
}

interface Report {
  generated: string | undefined;
  /** Where `generated` is, for messages about it. */
  generatedAt: string;
  sites: Site[];
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  const report = text.trimStart().startsWith('<') ? readXml(text, source.path) : readJsonReport(text, source.path);
  const generated = generatedAt(report.generated, source.path, report.generatedAt);
  const at = { jsonPath: report.generatedAt };
  const scannedAt = typeof generated === 'number' ? { scannedAt: generated, scannedAtPlace: at } : { scannedAt: null };
  yield { kind: 'scan', tool: TOOL, category: 'dast', ...scannedAt, covers: [{ tool: TOOL, category: 'dast' }] };
  if (generated === 'unread') yield { kind: 'note', reason: UNREAD_GENERATED, place: at };

  const fingerprint = fingerprinter();
  // One finding per site × alert, as DefectDojo counts: the alert's instances (the URLs
  // where ZAP saw it) are folded into it. Two alerts of one plugin on one site stay two.
  for (const site of report.sites) {
    for (const [i, alert] of site.alerts.entries()) {
      const at = `${site.alertsPath}[${i}]`;
      const pluginId = alert.pluginid !== undefined ? String(alert.pluginid).trim() : '';
      const title = (alert.alert ?? alert.name)?.trim() || null;
      if (!pluginId && !title) {
        yield { kind: 'skip', reason: 'alert without a pluginid or a name', place: { jsonPath: at } };
        continue;
      }
      const severity = severityOf(alert);
      if (!severity) {
        yield {
          kind: 'skip',
          reason: `alert ${pluginId || title} has no known risk (riskcode ${JSON.stringify(alert.riskcode ?? null)})`,
          place: { jsonPath: at },
        };
        continue;
      }
      const confidence = alert.confidence !== undefined ? String(alert.confidence).trim() : '';
      // ZAP lists a limited number of instances; `count` is how many it saw.
      const count = Number(alert.count);
      const occurrences = Math.max(1, alert.instances.length, Number.isInteger(count) ? count : 0);
      const finding: RawFinding = {
        // The alert reference (plugin and variant) on the site is the finding; two alerts of
        // one plugin on one site (different confidence) are kept apart by the spot.
        fingerprint: fingerprint(['zap', site.name ?? '', alert.alertRef !== undefined ? String(alert.alertRef) : pluginId], `${title ?? ''}|${confidence}`),
        severity,
        title: title ?? `ZAP plugin ${pluginId}`,
        ruleId: pluginId || null,
        vulnerabilityIds: [],
        cwes: cweNumbers([alert.cweid]),
        file: site.name,
        line: null,
        component: { name: null, version: null },
        fixVersion: null,
        fixAvailableAt: null,
        description: describe(alert, occurrences),
        falsePositive: confidence === FALSE_POSITIVE_CONFIDENCE,
        exploitAvailable: false,
        occurrences,
      };
      yield { kind: 'finding', finding };
    }
  }
}

function readXml(text: string, file: string): Report {
  const check = XMLValidator.validate(text);
  if (check !== true) throw new InputError(file, NAME, { line: check.err.line, column: check.err.col }, `not well-formed XML: ${check.err.msg}`);
  let data: unknown;
  try {
    data = new XMLParser(XML_OPTIONS).parse(text);
  } catch (err) {
    // External entities, oversized entities, dangerous element names: the parser refuses them.
    const doctype = text.search(/<!DOCTYPE/i);
    const message = err instanceof Error ? err.message : String(err);
    throw new InputError(file, NAME, doctype >= 0 ? { line: lineColumnOf(text, doctype).line } : {}, `XML refused: ${message}`, { cause: err });
  }
  const report = validate(xmlReportSchema, data, file, NAME).OWASPZAPReport;
  return {
    generated: report['@generated'],
    generatedAt: '$.OWASPZAPReport["@generated"]',
    sites: (report.site ?? []).map((site, i) => ({
      name: siteName(site),
      alertsPath: `$.OWASPZAPReport.site[${i}].alerts.alertitem`,
      alerts: (site.alerts?.alertitem ?? []).map((a) => ({ ...a, instances: a.instances?.instance ?? [] })),
    })),
  };
}

function readJsonReport(text: string, file: string): Report {
  const report = validate(jsonReportSchema, parseJsonText(text, file, NAME), file, NAME);
  return {
    generated: report['@generated'],
    generatedAt: '$["@generated"]',
    sites: (report.site ?? []).map((site, i) => ({
      name: siteName(site),
      alertsPath: `$.site[${i}].alerts`,
      alerts: (site.alerts ?? []).map((a) => ({ ...a, instances: a.instances ?? [] })),
    })),
  };
}

function siteName(site: { '@name'?: string | undefined; '@host'?: string | undefined; '@port'?: string | undefined }): string | null {
  const name = site['@name']?.trim();
  if (name) return name;
  const host = site['@host']?.trim();
  return host ? `${host}${site['@port'] ? `:${site['@port']}` : ''}` : null;
}

function severityOf(alert: Alert): Severity | null {
  const byCode = alert.riskcode !== undefined ? RISK.get(String(alert.riskcode).trim()) : undefined;
  if (byCode) return byCode;
  const word = alert.riskdesc?.trim().split(/[\s(]/)[0];
  return word ? normalizeSeverity(word) : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** ZAP's date with a month name of another language ("Di., 12 Mai 2020 20:57:30"), as a Java date format may write it on a machine set to that language. */
const FOREIGN_DATE = /^(?:[^\s\d,]+\.?,\s*)?\d{1,2}\.? \S+ \d{4} \d{2}:\d{2}:\d{2}$/u;

const UNREAD_GENERATED =
  "the report's generated time has a month name that is not English, which secscore does not read: its scan time is taken as for a report without one (--scanned-at, else now)";

/**
 * ZAP's `generated` ("Tue, 12 May 2020 20:57:30") has no zone: it is read as UTC. None (or blank)
 * is null; a date of that shape with a month name of another language is 'unread' (kept, with a
 * note); anything else, a day not in the calendar included, is an error at its place.
 */
function generatedAt(generated: string | undefined, file: string, jsonPath: string): Millis | null | 'unread' {
  const text = generated?.trim() ?? '';
  if (text === '') return null;
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  if (m && month >= 0) {
    const [year, day, hour, minute, second] = [m[3], m[1], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
    const t = Date.UTC(year, month, day, hour, minute, second);
    // Date.UTC rolls 31 Feb over to 3 Mar, 25:00 to the next day and year 0050 to 1950 instead of refusing them.
    const d = new Date(t);
    const same = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
    if (same.every((v, i) => v === [year, month, day, hour, minute, second][i])) return t;
  } else if (FOREIGN_DATE.test(text)) return 'unread';
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
  throw new InputError(file, NAME, { jsonPath }, `expected ZAP's generated time, a date such as "Tue, 12 May 2020 20:57:30", got ${shown}`);
}

/** ZAP's texts are HTML paragraphs (`<p>...</p>`) since 2.10: one paragraph a line. */
function plain(html: string | undefined): string | null {
  const text = html
    ?.replace(/<\/?p>/gi, '\n')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
  return text || null;
}

/**
 * An instance as secscore shows it: credentials and the query string are dropped from the
 * URI, since ZAP flags URLs precisely because they carry passwords and tokens.
 */
function instanceLine({ uri, method, param }: ZapInstance): string | null {
  if (!uri) return null;
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)/i.exec(uri.trim());
  const shown = m ? `${m[1]}${m[2]!.slice(m[2]!.lastIndexOf('@') + 1)}${m[3]}` : uri.trim().split(/[?#]/)[0]!;
  return [method, shown, param && `(parameter ${param})`].filter(Boolean).join(' ');
}

function describe(alert: Alert, total: number): string | null {
  const lines = [...new Set(alert.instances.flatMap((i) => instanceLine(i) ?? []))];
  const listed = lines.slice(0, MAX_LISTED_INSTANCES);
  return (
    [
      plain(alert.desc),
      plain(alert.solution) && `Solution: ${plain(alert.solution)}`,
      plain(alert.reference) && `Reference: ${plain(alert.reference)}`,
      listed.length > 0 && `Instances${total > listed.length ? ` (${total} in all)` : ''}:\n${listed.join('\n')}`,
    ]
      .filter(Boolean)
      .join('\n\n') || null
  );
}
