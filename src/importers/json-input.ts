import type { z } from 'zod';
import { InputError, type Place } from '../domain/errors.js';
import { compileCheck } from './schema-check.js';
import type { ImportSource } from './types.js';

/** Reads a whole file as text, rejecting invalid UTF-8 with its byte offset. */
export async function readText(source: ImportSource, format: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of source.open()) chunks.push(chunk as Buffer);
  const buf = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    const offset = firstInvalidUtf8(buf);
    throw new InputError(source.path, format, lineColumnOfBytes(buf, offset), `invalid UTF-8 at byte ${offset}`);
  }
}

function firstInvalidUtf8(buf: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = buf.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    try {
      decoder.decode(buf.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function lineColumnOfBytes(buf: Buffer, offset: number): Place {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

export function lineColumnOf(text: string, offset: number): Place {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

/** Parses JSON text; a syntax error names the line and column (or the end of the file). */
export function parseJsonText(text: string, path: string, format: string): unknown {
  try {
    return JSON.parse(text, dropProtoKeys);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const place: Place = pos ? lineColumnOf(text, Number(pos[1])) : lineColumnOf(text, text.length);
    const detail = pos ? message.replace(/ in JSON at position \d+.*$/, '') : `${message} (the file ends early)`;
    throw new InputError(path, format, place, `not valid JSON: ${detail}`, { cause: err });
  }
}

/** `__proto__` keys from untrusted JSON are dropped so they can never reach an object's prototype. */
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

export async function readJson(source: ImportSource, format: string): Promise<unknown> {
  return parseJsonText(await readText(source, format), source.path, format);
}

/** Renders a zod issue path as a JSON path: `$.runs[0].results[3].level`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

/** Validates parsed input against the importer's schema; the error names the JSON path. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, path: string, format: string, basePath: readonly PropertyKey[] = []): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InputError(path, format, { jsonPath: jsonPath([...basePath, ...issue.path]) }, issue.message);
}

/**
 * `validate` for a schema met once per element of a big array: a check compiled from the schema
 * (schema-check.ts) accepts the value as it is, and zod runs only where the check says no —
 * to accept what the check is too strict for, or to name the error exactly as `validate` does.
 */
export function validator<S extends z.ZodType>(schema: S): (data: unknown, path: string, format: string, basePath?: readonly PropertyKey[]) => z.infer<S> {
  const check = compileCheck(schema);
  if (check === null) return (data, path, format, basePath) => validate(schema, data, path, format, basePath);
  return (data, path, format, basePath) => (check(data) ? (data as z.infer<S>) : validate(schema, data, path, format, basePath));
}
