import type { z } from 'zod';

/**
 * A yes/no check compiled from a zod schema, for the hot path of the big arrays (one call per
 * SARIF result): zod builds a new, stripped copy of every object it validates, and that copy
 * and its garbage cost more than the check itself. A compiled check only looks.
 *
 * Contract: when the check says yes, zod would accept the value too, and reading the value's
 * declared fields gives what zod's output would hold (JSON values: zod only drops unknown keys,
 * and a record or `unknown` keeps its value as it is). It may say no where zod says yes (an
 * integer beyond 2^53, say): the caller then asks zod, which decides and writes the error.
 * Only the kinds of schema listed below compile; any other (defaults, transforms, unions,
 * refinements, length checks...) returns null, and the caller uses zod alone.
 */
export type Check = (value: unknown) => boolean;

export function compileCheck(schema: z.ZodType): Check | null {
  const def = defOf(schema);
  switch (def.type) {
    case 'unknown':
    case 'any':
      return only(def, []) ? () => true : null;
    case 'string':
      return only(def, ['checks']) && noChecks(def) ? (v) => typeof v === 'string' : null;
    case 'boolean':
      return only(def, []) ? (v) => typeof v === 'boolean' : null;
    case 'number':
      return numberCheck(def);
    case 'literal': {
      const values = def.values as unknown[];
      if (!only(def, ['values']) || !values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return null;
      return (v) => values.includes(v);
    }
    case 'optional':
    case 'nullable': {
      const inner = only(def, ['innerType']) ? compileCheck(def.innerType as z.ZodType) : null;
      if (inner === null) return null;
      return def.type === 'optional' ? (v) => v === undefined || inner(v) : (v) => v === null || inner(v);
    }
    case 'array': {
      const element = only(def, ['element']) ? compileCheck(def.element as z.ZodType) : null;
      if (element === null) return null;
      return (v) => Array.isArray(v) && v.every(element);
    }
    case 'record': {
      const key = def.keyType as z.ZodType;
      const value = only(def, ['keyType', 'valueType']) && isPlainString(key) ? compileCheck(def.valueType as z.ZodType) : null;
      if (value === null) return null;
      return (v) => {
        if (!isObject(v)) return false;
        for (const k in v) if (Object.hasOwn(v, k) && !value(v[k])) return false;
        return true;
      };
    }
    case 'object':
      return objectCheck(def);
    default:
      return null;
  }
}

interface Def {
  type: string;
  [key: string]: unknown;
}

/** The definition sets nothing but its type and `keys`: anything else (a default, a coercion, a check) makes it a schema this does not compile. */
function only(def: Def, keys: readonly string[]): boolean {
  return Object.keys(def).every((k) => k === 'type' || keys.includes(k) || def[k] === undefined);
}

function noChecks(def: Def): boolean {
  return def['checks'] === undefined || (def['checks'] as unknown[]).length === 0;
}

/** zod 4 keeps a schema's definition in `_zod.def`: its kind (`type`) and its parts. */
function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isPlainString(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === 'string' && only(def, ['checks']) && noChecks(def);
}

/** zod numbers are finite; `.int()` (and `z.int()`) are safe integers. */
function numberCheck(def: Def): Check | null {
  const checks = ((def['checks'] as { _zod: { def: Def } }[] | undefined) ?? []).map((c) => c._zod.def);
  const formats = [...checks, ...(def['check'] !== undefined ? [def] : [])];
  if (!only(def, ['checks', 'check', 'format', 'abort'])) return null;
  if (!formats.every((c) => c['check'] === 'number_format' && c['format'] === 'safeint')) return null;
  return formats.length > 0 ? (v) => Number.isSafeInteger(v) : (v) => typeof v === 'number' && Number.isFinite(v);
}

/** Unknown keys are stripped (the default) or kept (`catchall(unknown)`): either way the declared fields are what is read. */
function objectCheck(def: Def): Check | null {
  const catchall = def['catchall'] as z.ZodType | undefined;
  if (!only(def, ['shape', 'catchall']) || (catchall !== undefined && defOf(catchall).type !== 'unknown')) return null;
  const keys: string[] = [];
  const checks: Check[] = [];
  for (const [key, field] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
    // A field named like an Object.prototype member would read the inherited one where the key is absent.
    const check = key in Object.prototype ? null : compileCheck(field);
    if (check === null) return null;
    keys.push(key);
    checks.push(check);
  }
  // Loops rather than `every` with a closure: one call per object of every SARIF result, and a
  // closure made per call was most of the import's garbage from checking.
  return (v) => {
    if (!isObject(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!(v[keys[i]!])) return false;
    return true;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
