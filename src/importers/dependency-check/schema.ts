import { z } from 'zod';
import { xmlList, xmlText as text } from '../cyclonedx/xml.js';

/**
 * OWASP Dependency-Check reports, only the fields the importer reads: the XML report (as
 * fast-xml-parser gives it with namespace prefixes removed: attributes prefixed with `@`, every
 * value a string, an empty element an empty string) and the JSON report (`reportSchema` 1.x).
 * Identifiers (`package`, `identifier`) are searched at any depth, as DefectDojo does, so their
 * containers are read as unknown values.
 */

const str = z.string().optional();
const num = z.union([z.number(), z.string()]).optional();

const xmlCvss = z.union([z.literal(''), z.object({ score: text, baseScore: text, severity: text, baseSeverity: text })]).optional();

const xmlVulnerability = z.object({
  '@source': str,
  name: text,
  severity: text,
  cvssScore: text,
  cvssV2: xmlCvss,
  cvssV3: xmlCvss,
  cvssV4: xmlCvss,
  /** Reports before 2.0 write one `cwe`; later ones a `cwes` list. */
  cwe: z.array(text).optional(),
  cwes: xmlList('cwe', text),
  description: text,
  notes: text,
  knownExploitedVulnerability: z.unknown().optional(),
});

const xmlDependency = z.object({
  fileName: text,
  filePath: text,
  relatedDependencies: xmlList('relatedDependency', z.object({ fileName: text, filePath: text })),
  identifiers: z.unknown().optional(),
  evidenceCollected: z.unknown().optional(),
  vulnerabilities: z
    .union([z.literal(''), z.object({ vulnerability: z.array(xmlVulnerability).optional(), suppressedVulnerability: z.array(xmlVulnerability).optional() })])
    .optional(),
});

export const xmlReportSchema = z.object({
  analysis: z.object({
    projectInfo: z.union([z.literal(''), z.object({ name: text, reportDate: text })]).optional(),
    dependencies: xmlList('dependency', xmlDependency),
  }),
});

const jsonCvss = z.object({ score: num, baseScore: num, severity: str, baseSeverity: str }).optional();

const jsonVulnerability = z.object({
  source: str,
  name: str,
  severity: str,
  cvssv2: jsonCvss,
  cvssv3: jsonCvss,
  cvssv4: jsonCvss,
  cwes: z.array(z.string()).optional(),
  description: str,
  notes: str,
  knownExploitedVulnerability: z.unknown().optional(),
});

const evidence = z.array(z.object({ value: str }));

const jsonDependency = z.object({
  fileName: str,
  filePath: str,
  packages: z.array(z.object({ id: str })).optional(),
  evidenceCollected: z.object({ productEvidence: evidence.optional(), versionEvidence: evidence.optional() }).optional(),
  relatedDependencies: z.array(z.object({ fileName: str, filePath: str })).optional(),
  vulnerabilities: z.array(jsonVulnerability).optional(),
  suppressedVulnerabilities: z.array(jsonVulnerability).optional(),
});

export const jsonReportSchema = z.object({
  reportSchema: str,
  projectInfo: z.object({ name: str, reportDate: str }).optional(),
  dependencies: z.array(jsonDependency).optional(),
});

export type XmlDependency = z.infer<typeof xmlDependency>;
export type XmlVulnerability = z.infer<typeof xmlVulnerability>;
export type JsonDependency = z.infer<typeof jsonDependency>;
export type JsonVulnerability = z.infer<typeof jsonVulnerability>;
