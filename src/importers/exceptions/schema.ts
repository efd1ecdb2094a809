import { z } from 'zod';
import { parseTimestamp, type Millis } from '../../domain/time.js';
import { show } from '../catalog/schema.js';

const text = z.string().trim().min(1);

/** ISO 8601 text (no zone = UTC); a bare date is midnight UTC. A YAML number is refused, not read as epoch. */
const timestamp = z.unknown().transform((raw, ctx): Millis => {
  const t = typeof raw === 'string' || raw instanceof Date ? parseTimestamp(raw) : null;
  if (t === null) {
    ctx.addIssue({
      code: 'custom',
      message: raw === undefined ? 'is required' : `must be an ISO 8601 timestamp (2026-09-30 or 2026-09-30T12:00:00Z), got ${show(raw)}`,
      input: raw,
    });
    return z.NEVER;
  }
  return t;
});

/** The scope: `fingerprint`, or `service` with exactly one of `rule` and `cve`. */
export const scopeSchema = z
  .strictObject({ fingerprint: text.optional(), service: text.optional(), rule: text.optional(), cve: text.optional() })
  .superRefine((s, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path], input: s });
    if (s.fingerprint !== undefined) {
      for (const other of ['service', 'rule', 'cve'] as const) {
        if (s[other] !== undefined) issue(`a fingerprint scope stands alone: remove "${other}" (or scope by service with rule or cve instead)`, other);
      }
      return;
    }
    if (s.service === undefined) return issue('give either fingerprint, or service with rule or cve', 'service');
    if (s.rule === undefined && s.cve === undefined) return issue(`service "${s.service}" needs a rule or a cve beside it`, 'rule');
    if (s.rule !== undefined && s.cve !== undefined) issue('give rule or cve, not both (write two exceptions to cover both)', 'cve');
  });

/** One exception as written (inputs.md §3), field names as the spec gives them. */
export const exceptionSchema = z.strictObject({
  id: text,
  scope: scopeSchema,
  reason: text.optional(),
  owner: text.optional(),
  approver: text.optional(),
  starts_at: timestamp,
  expires_at: timestamp.optional(),
  /** An issue key or URL of the backlog item that will remove the need for the exception. */
  backlog: text.optional(),
  compensating_controls: z.union([text, z.array(text)]).optional(),
  status: z.enum(['approved', 'revoked']),
});

export type ExceptionInput = z.infer<typeof exceptionSchema>;

export const EXCEPTION_KEYS = Object.keys(exceptionSchema.shape);
export const SCOPE_KEYS = ['fingerprint', 'service', 'rule', 'cve'];
