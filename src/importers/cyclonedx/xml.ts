import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { z } from 'zod';
import { InputError } from '../../domain/errors.js';
import { lineColumnOf } from '../json-input.js';

/**
 * Untrusted XML, read the same way by every XML importer (CycloneDX, Dependency-Check):
 * fast-xml-parser never fetches external entities (it rejects `SYSTEM` and parameter entities)
 * and expands no entity that refers to another; the limits below bound what an internal entity
 * can add. Values stay strings (`parseTagValue: false`) so that ids and versions such as
 * "1.10" or "0012" are not turned into numbers. Attributes are prefixed with `@`.
 */
const BASE_OPTIONS: Partial<X2jOptions> = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  processEntities: { enabled: true, maxEntityCount: 50, maxEntitySize: 1_000, maxExpansionDepth: 3, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000 },
};

export interface XmlReadOptions {
  /**
   * Whether an element (name as transformed, dotted path from the root) is always a list, even
   * with one element.
   */
  isList: (name: string, path: string) => boolean;
  /** Renames elements, e.g. to resolve namespace prefixes. */
  transformTagName?: (name: string) => string;
  /** Drops every namespace prefix (where no two namespaces share an element name). */
  removeNSPrefix?: boolean;
}

/**
 * Parses XML text; a syntax error names the line and column, a refused construct (an external
 * entity, too many entity expansions) the line of the DOCTYPE.
 */
export function parseXmlText(text: string, file: string, format: string, options: XmlReadOptions): Record<string, unknown> {
  const check = XMLValidator.validate(text);
  if (check !== true) throw new InputError(file, format, { line: check.err.line, column: check.err.col }, `not well-formed XML: ${check.err.msg}`);
  try {
    const parsed: unknown = new XMLParser({
      ...BASE_OPTIONS,
      removeNSPrefix: options.removeNSPrefix ?? false,
      ...(options.transformTagName ? { transformTagName: options.transformTagName } : {}),
      isArray: (name, path, _leaf, isAttribute) => !isAttribute && options.isList(name, String(path)),
    }).parse(text);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('no root element');
    return parsed as Record<string, unknown>;
  } catch (err) {
    const doctype = text.search(/<!DOCTYPE/i);
    const message = err instanceof Error ? err.message : String(err);
    throw new InputError(file, format, doctype >= 0 ? { line: lineColumnOf(text, doctype).line } : {}, `XML refused: ${message}`, { cause: err });
  }
}

/** Namespace URIs bound to prefixes anywhere in the document (`xmlns:v="..."`), by prefix. */
export function namespacePrefixes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2/g)) {
    if (!out.has(m[1]!)) out.set(m[1]!, m[3]!);
  }
  return out;
}

/** Zod: the text of an element, whether it has attributes (`{"#text": ...}`) or not. */
export const xmlText = z
  .union([z.string(), z.object({ '#text': z.string().optional() })])
  .transform((v) => (typeof v === 'string' ? v : (v['#text'] ?? '')))
  .optional();

/** Zod: a wrapper element holding a list (`<cwes><cwe/>…</cwes>`), as that list; empty when written `<cwes/>`. */
export function xmlList<K extends string, T extends z.ZodType>(key: K, item: T) {
  return z
    .union([z.literal(''), z.object({ [key]: z.array(item).optional() } as Record<K, z.ZodOptional<z.ZodArray<T>>>)])
    .transform((v): z.infer<T>[] => (v === '' ? [] : ((v as Record<K, z.infer<T>[] | undefined>)[key] ?? [])))
    .optional();
}
