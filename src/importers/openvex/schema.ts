import { z } from 'zod';

/**
 * OpenVEX documents (v0.0.1 to v0.2.0), only the fields the importer reads. v0.0.1 wrote the
 * vulnerability and the products as bare strings; v0.2.0 as objects. Statements are validated
 * one by one so that a statement that is not an object can be skipped with its place.
 */

const str = z.string().optional();

const product = z.union([
  z.string(),
  z.object({
    '@id': str,
    identifiers: z.object({ purl: str, cpe23: str, cpe22: str }).optional(),
  }),
]);

export const statementSchema = z.object({
  vulnerability: z.union([z.string(), z.object({ name: str, '@id': str, aliases: z.array(z.string()).optional() })]).optional(),
  products: z.array(product).optional(),
  status: str,
  justification: str,
  impact_statement: str,
  action_statement: str,
  status_notes: str,
});

export const documentSchema = z.object({
  '@context': str,
  '@id': str,
  author: str,
  timestamp: str,
  last_updated: str,
  statements: z.array(z.unknown()).optional(),
});

export type OpenVexStatement = z.infer<typeof statementSchema>;
export type OpenVexDocument = z.infer<typeof documentSchema>;
export type OpenVexProduct = z.infer<typeof product>;
