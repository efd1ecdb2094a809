import { createHmac } from 'node:crypto';
import type { RedactedSecret } from '../domain/finding.js';
import type { ParseContext } from './types.js';

/**
 * Secrets are kept as an HMAC-SHA256 under a key of the database (so equal secrets match
 * across scans without the value being recoverable from the hash by guessing common tokens
 * offline) and a preview that shows at most the first 3 characters and the length.
 */
export function redactSecret(key: string, value: string): RedactedSecret {
  const hash = createHmac('sha256', key).update(value, 'utf8').digest('hex');
  const preview = value.length >= 12 ? `${value.slice(0, 3)}…(${value.length} chars)` : `…(${value.length} chars)`;
  return { hash, preview };
}

export function parseContext(secretKey: string): ParseContext {
  return { redactSecret: (value) => redactSecret(secretKey, value) };
}
