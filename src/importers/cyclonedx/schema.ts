import { z } from 'zod';
import { xmlList, xmlText as text } from './xml.js';

/**
 * CycloneDX BOMs with vulnerabilities, only the fields the importer reads, in JSON and in XML
 * (as fast-xml-parser gives it: attributes prefixed with `@`, every value a string, an empty
 * element an empty string; elements of the legacy vulnerability extension
 * `http://cyclonedx.org/schema/ext/vulnerability/1.0` prefixed with `v:` whatever prefix the
 * file binds, those of the BOM namespace unprefixed). Nested `components` are validated one by
 * one by the importer, so that a deeply nested BOM cannot exhaust the stack.
 */

const str = z.string().optional();
/** CVSS scores are numbers in JSON; some producers write them as strings. */
const score = z.union([z.number(), z.string()]).optional();

const jsonTool = z.object({ name: str });

/** CycloneDX 1.4 lists tools; 1.5 and later put them under `components` and `services`. */
const jsonTools = z.union([z.array(jsonTool), z.object({ components: z.array(jsonTool).optional() })]).optional();

export const jsonComponentSchema = z.object({
  'bom-ref': str,
  type: str,
  group: str,
  name: str,
  version: str,
  purl: str,
  externalReferences: z.array(z.object({ type: str, url: str })).optional(),
  components: z.array(z.unknown()).optional(),
});

const jsonVulnerability = z.object({
  id: str,
  ratings: z.array(z.object({ severity: str, score, method: str, vector: str })).optional(),
  cwes: z.array(z.union([z.number(), z.string()])).optional(),
  description: str,
  detail: str,
  recommendation: str,
  references: z.array(z.object({ id: str })).optional(),
  analysis: z.object({ state: str, detail: str }).optional(),
  affects: z.array(z.object({ ref: str })).optional(),
});

export const jsonBomSchema = z.object({
  bomFormat: str,
  metadata: z
    .object({
      timestamp: str,
      tools: jsonTools,
      component: jsonComponentSchema.optional(),
    })
    .optional(),
  components: z.array(z.unknown()).optional(),
  vulnerabilities: z.array(jsonVulnerability).optional(),
});

const xmlTool = z.union([z.literal(''), z.object({ name: text })]);

/** A vulnerability of the legacy extension: inside a component (or at the root with a `ref`). */
const legacyVulnerability = z.object({
  '@ref': str,
  'v:id': text,
  'v:ratings': xmlList(
    'v:rating',
    z.object({
      'v:score': z.union([z.literal(''), z.string(), z.object({ 'v:base': text })]).optional(),
      'v:severity': text,
      'v:method': text,
      'v:vector': text,
    }),
  ),
  'v:cwes': xmlList('v:cwe', text),
  'v:description': text,
  'v:recommendations': xmlList('v:recommendation', text),
});

export const xmlComponentSchema = z.object({
  '@bom-ref': str,
  '@type': str,
  group: text,
  name: text,
  version: text,
  purl: text,
  externalReferences: xmlList('reference', z.object({ '@type': str, url: text })),
  components: z.union([z.literal(''), z.object({ component: z.array(z.unknown()).optional() })]).optional(),
  'v:vulnerabilities': xmlList('v:vulnerability', legacyVulnerability),
});

const xmlVulnerability = z.object({
  id: text,
  ratings: xmlList('rating', z.object({ severity: text, score: text, method: text, vector: text })),
  cwes: xmlList('cwe', text),
  description: text,
  detail: text,
  recommendation: text,
  references: xmlList('reference', z.object({ id: text })),
  analysis: z.union([z.literal(''), z.object({ state: text, detail: text })]).optional(),
  affects: xmlList('target', z.object({ ref: text })),
});

export const xmlBomSchema = z.object({
  bom: z.object({
    '@xmlns': str,
    metadata: z
      .union([
        z.literal(''),
        z.object({
          timestamp: text,
          tools: z.union([z.literal(''), z.object({ tool: z.array(xmlTool).optional(), components: xmlList('component', xmlTool) })]).optional(),
          component: xmlComponentSchema.optional(),
        }),
      ])
      .optional(),
    components: z.union([z.literal(''), z.object({ component: z.array(z.unknown()).optional() })]).optional(),
    vulnerabilities: xmlList('vulnerability', xmlVulnerability),
    'v:vulnerabilities': xmlList('v:vulnerability', legacyVulnerability),
  }),
});

export type JsonComponent = z.infer<typeof jsonComponentSchema>;
export type XmlComponent = z.infer<typeof xmlComponentSchema>;
export type JsonBom = z.infer<typeof jsonBomSchema>;
export type XmlBom = z.infer<typeof xmlBomSchema>;
export type LegacyVulnerability = z.infer<typeof legacyVulnerability>;
export type XmlVulnerability = z.infer<typeof xmlVulnerability>;
