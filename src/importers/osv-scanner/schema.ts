import { z } from 'zod';

/**
 * OSV-Scanner JSON (`osv-scanner --format json`), only the fields the importer reads. Each
 * vulnerability is an OSV record (https://ossf.github.io/osv-schema/).
 */

const strings = z.array(z.string()).nullish();

const event = z.object({ introduced: z.string().optional(), fixed: z.string().optional(), last_affected: z.string().optional() });

const affected = z.object({
  package: z.object({ name: z.string().optional(), ecosystem: z.string().optional(), purl: z.string().optional() }).nullish(),
  ranges: z.array(z.object({ type: z.string().optional(), repo: z.string().optional(), events: z.array(event).nullish() })).nullish(),
  database_specific: z
    .object({ cwes: z.array(z.object({ cweId: z.string().optional() })).nullish() })
    .passthrough()
    .nullish(),
});

/** One OSV record, as osv-scanner embeds it. */
export const osvRecordSchema = z.object({
  id: z.string().optional(),
  aliases: strings,
  summary: z.string().optional(),
  details: z.string().optional(),
  published: z.string().optional(),
  /** CVSS vectors: `{type: "CVSS_V3", score: "CVSS:3.1/AV:N/..."}`. */
  severity: z.array(z.object({ type: z.string().optional(), score: z.string().optional() })).nullish(),
  affected: z.array(affected).nullish(),
  /** GitHub advisories add their severity word and CWE ids here. */
  database_specific: z.object({ severity: z.string().nullish(), cwe_ids: strings }).passthrough().nullish(),
});

const pkg = z.object({
  package: z.object({ name: z.string().optional(), version: z.string().optional(), ecosystem: z.string().optional(), commit: z.string().optional() }).nullish(),
  vulnerabilities: z.array(osvRecordSchema).nullish(),
});

export const reportSchema = z.object({
  results: z
    .array(
      z.object({
        source: z.object({ path: z.string().optional(), type: z.string().optional() }).nullish(),
        packages: z.array(pkg).nullish(),
      }),
    )
    .nullable(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
