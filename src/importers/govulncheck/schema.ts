import { z } from 'zod';

/**
 * govulncheck JSON, only the fields the importer reads: the streaming format of govulncheck 1.0+
 * (`config`, `progress`, `SBOM`, `osv` and `finding` messages, one after another or in an array),
 * and the single object of govulncheck before 1.0 (`Vulns`, `Requires`, `Modules`).
 */

const strings = z.array(z.string()).nullish();

const osv = z.object({
  id: z.string(),
  aliases: strings,
  summary: z.string().optional(),
  details: z.string().optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ name: z.string().optional() }).nullish(),
        ranges: z
          .array(z.object({ type: z.string().optional(), events: z.array(z.object({ fixed: z.string().optional() }).passthrough()).nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
  database_specific: z.object({ url: z.string().optional() }).passthrough().nullish(),
});

const frame = z.object({
  module: z.string().optional(),
  version: z.string().optional(),
  package: z.string().optional(),
  function: z.string().optional(),
  receiver: z.string().optional(),
  position: z.object({ filename: z.string().optional(), line: z.number().int().optional() }).nullish(),
});

export const messageSchema = z.object({
  config: z.object({ scanner_name: z.string().optional(), scan_level: z.string().optional() }).passthrough().optional(),
  SBOM: z
    .object({ roots: strings, modules: z.array(z.object({ path: z.string().optional(), version: z.string().optional() })).nullish() })
    .passthrough()
    .optional(),
  osv: osv.optional(),
  finding: z.object({ osv: z.string().optional(), fixed_version: z.string().optional(), trace: z.array(frame).nullish() }).optional(),
});

export const legacySchema = z.object({
  Vulns: z
    .array(
      z.object({
        OSV: osv,
        Symbol: z.string().optional(),
        PkgPath: z.string().optional(),
        ModPath: z.string().optional(),
        CallSink: z.number().int().optional(),
        ImportSink: z.number().int().optional(),
        RequireSink: z.number().int().optional(),
      }),
    )
    .nullable(),
  Requires: z.object({ Modules: z.record(z.string(), z.object({ Path: z.string().optional(), Version: z.string().optional() })).nullish() }).nullish(),
  Modules: z.array(z.object({ Path: z.string().optional(), Version: z.string().optional() })).nullish(),
});

export type GoOsv = z.infer<typeof osv>;
export type GoFrame = z.infer<typeof frame>;
export type GoMessage = z.infer<typeof messageSchema>;
export type GoLegacyReport = z.infer<typeof legacySchema>;
