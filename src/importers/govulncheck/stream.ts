import { InputError } from '../../domain/errors.js';
import { parseJsonText } from '../json-input.js';

/** One top-level JSON value of a stream, with the line it starts on. */
export interface StreamValue {
  value: unknown;
  line: number;
}

/**
 * Splits govulncheck's `-json` output, a stream of pretty-printed JSON objects written one after
 * another, into its values. A value that does not parse is an error naming its line and column in
 * the file.
 */
export function parseJsonStream(text: string, path: string, format: string): StreamValue[] {
  const out: StreamValue[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let line = 1;
  let startLine = 1;
  const take = (end: number): void => {
    out.push({ value: parseAt(text.slice(start, end), path, format, startLine), line: startLine });
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
      continue;
    }
    if (start === -1) {
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      start = i;
      startLine = line;
      if (c !== 123 && c !== 91) {
        // A scalar or stray text at the top level: let the JSON parser name it.
        parseAt(text.slice(i, i + 1), path, format, line);
        throw new InputError(path, format, { line }, 'expected a JSON object');
      }
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) take(i + 1);
    }
  }
  // An object still open at the end: the file was cut off.
  if (start !== -1) parseAt(text.slice(start), path, format, startLine);
  return out;
}

function parseAt(chunk: string, path: string, format: string, firstLine: number): unknown {
  try {
    return parseJsonText(chunk, path, format);
  } catch (err) {
    if (!(err instanceof InputError) || err.place.line === undefined) throw err;
    const place = { ...err.place, line: err.place.line + firstLine - 1 };
    throw new InputError(path, format, place, err.detail, { cause: err });
  }
}
