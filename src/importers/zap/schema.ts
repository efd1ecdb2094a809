import { z } from 'zod';

/**
 * OWASP ZAP reports, only the fields the importer reads: the traditional XML report (as
 * fast-xml-parser gives it, attributes prefixed with `@`, every value a string) and the
 * traditional JSON report, which has the same fields with `alerts` and `instances` as lists.
 * Request and response headers and bodies, `evidence`, `attack` and `otherinfo` are never
 * read: they carry cookies, tokens and form values.
 */

const text = z.string().optional();
/** The JSON report writes ids and codes as strings; some versions as numbers. */
const code = z.union([z.string(), z.number()]).optional();

const instance = z.object({
  uri: text,
  method: text,
  param: text,
});

const alertFields = {
  pluginid: code,
  alertRef: code,
  alert: text,
  name: text,
  riskcode: code,
  confidence: code,
  riskdesc: text,
  desc: text,
  solution: text,
  reference: text,
  cweid: code,
  count: code,
};

/** An empty XML element (`<alerts/>`, `<instances></instances>`) is an empty string: no children. */
function children<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

const xmlAlert = z.object({
  ...alertFields,
  instances: children(z.object({ instance: z.array(instance).optional() })),
});

const xmlSite = z.object({
  '@name': text,
  '@host': text,
  '@port': text,
  alerts: children(z.object({ alertitem: z.array(xmlAlert).optional() })),
});

export const xmlReportSchema = z.object({
  OWASPZAPReport: z.object({
    '@version': text,
    '@generated': text,
    site: z.array(xmlSite).optional(),
  }),
});

const jsonAlert = z.object({
  ...alertFields,
  instances: z.array(instance).optional(),
});

const jsonSite = z.object({
  '@name': text,
  '@host': text,
  '@port': text,
  alerts: z.array(jsonAlert).optional(),
});

export const jsonReportSchema = z.object({
  '@version': text,
  '@generated': text,
  /** A list of sites; old versions wrote a single site as an object, read as a list of one. */
  site: z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(jsonSite).optional()),
});

export type ZapInstance = z.infer<typeof instance>;
export type ZapXmlAlert = z.infer<typeof xmlAlert>;
export type ZapJsonAlert = z.infer<typeof jsonAlert>;
