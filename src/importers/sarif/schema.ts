import { z } from 'zod';

/**
 * SARIF 2.1.0, only the fields the importer reads. Unknown fields are ignored (SARIF has
 * many); a field that is present with the wrong type is an error at its JSON path.
 */

const properties = z.record(z.string(), z.unknown());

const message = z.object({
  text: z.string().optional(),
  id: z.string().optional(),
  /** Strings by the spec; some tools write numbers, which are used as text. */
  arguments: z.array(z.unknown()).optional(),
});

const multiformatMessage = z.object({ text: z.string().optional() });

const toolComponentRef = z.object({
  name: z.string().optional(),
  index: z.number().int().optional(),
});

const descriptorRef = z.object({
  id: z.string().optional(),
  index: z.number().int().optional(),
  toolComponent: toolComponentRef.optional(),
});

const rule = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  shortDescription: multiformatMessage.optional(),
  fullDescription: multiformatMessage.optional(),
  messageStrings: z.record(z.string(), multiformatMessage).optional(),
  defaultConfiguration: z.object({ level: z.string().optional() }).optional(),
  properties: properties.optional(),
  relationships: z.array(z.object({ target: descriptorRef })).optional(),
});

const toolComponent = z.object({
  name: z.string(),
  rules: z.array(rule).optional(),
  globalMessageStrings: z.record(z.string(), multiformatMessage).optional(),
});

const region = z.object({
  startLine: z.number().int().optional(),
  startColumn: z.number().int().optional(),
  snippet: z.object({ text: z.string().optional() }).optional(),
});

const location = z.object({
  physicalLocation: z
    .object({
      artifactLocation: z.object({ uri: z.string().optional(), index: z.number().int().optional() }).optional(),
      region: region.optional(),
      contextRegion: region.optional(),
    })
    .optional(),
});

const result = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  rule: descriptorRef.optional(),
  kind: z.string().optional(),
  level: z.string().optional(),
  message: message.optional(),
  locations: z.array(location).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() })).optional(),
  fingerprints: z.record(z.string(), z.unknown()).optional(),
  partialFingerprints: z.record(z.string(), z.unknown()).optional(),
  taxa: z.array(descriptorRef).optional(),
  properties: properties.optional(),
});

/** A run without its results: what every result of the run is read against. */
const run = z.object({
  tool: z.object({ driver: toolComponent, extensions: z.array(toolComponent).optional() }),
  invocations: z.array(z.object({ startTimeUtc: z.string().optional(), endTimeUtc: z.string().optional() })).optional(),
  versionControlProvenance: z.array(z.object({ repositoryUri: z.string().optional() })).optional(),
  artifacts: z.array(z.object({ location: z.object({ uri: z.string().optional() }).optional() })).optional(),
});

/** The log is read as a stream: the version, each run's header, then its results one by one. */
export const sarifRootSchema = z.object({});
export const sarifVersionSchema = z.literal('2.1.0');
export const sarifRunSchema = run;
export const sarifResultSchema = result;
/** `runs` and a run's `results` where they are not arrays (a stream only descends into arrays). */
export const sarifRunsSchema = z.array(z.unknown());
export const sarifResultsSchema = z.array(z.unknown()).nullish();

export type SarifRun = z.infer<typeof run>;
export type SarifResult = z.infer<typeof result>;
export type SarifRule = z.infer<typeof rule>;
export type SarifLocation = z.infer<typeof location>;
export type SarifMessage = z.infer<typeof message>;
export type SarifToolComponent = z.infer<typeof toolComponent>;
