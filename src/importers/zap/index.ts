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
  sites: Site[];
}

async function* parse(source: ImportSource): AsyncIterable<ParseItem> {
  const text = await readText(source, NAME);
  const report = text.trimStart().startsWith('<') ? readXml(text, source.path) : readJsonReport(text, source.path);
  yield { kind: 'scan', tool: TOOL, category: 'dast', scannedAt: generatedAt(report.generated), covers: [{ tool: TOOL, category: 'dast' }] };

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

/** ZAP's `generated` ("Tue, 12 May 2020 20:57:30") has no zone: it is read as UTC. */
function generatedAt(generated: string | undefined): Millis | null {
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(generated?.trim() ?? '');
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  if (month < 0) return null;
  const t = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? null : t;
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
