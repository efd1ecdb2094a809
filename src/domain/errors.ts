/**
 * The error catalog. Every error secscore reports on purpose carries a stable code; the code
 * decides the exit status (2 for usage and input errors, 1 for runtime failures, 130 for work
 * stopped by Ctrl-C or a termination signal, as shells report a process SIGINT ended).
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'INPUT_UNKNOWN_FORMAT'
  | 'CATALOG_INVALID'
  | 'DB_LOCKED'
  | 'DB_UNREACHABLE'
  | 'API_UNREACHABLE'
  | 'RUNTIME'
  | 'INTERRUPTED';

export type ExitCode = 1 | 2 | 130;

export const EXIT_CODES: Record<ErrorCode, ExitCode> = {
  USAGE: 2,
  CONFIG_INVALID: 2,
  INPUT_INVALID: 2,
  INPUT_UNKNOWN_FORMAT: 2,
  CATALOG_INVALID: 2,
  DB_LOCKED: 1,
  DB_UNREACHABLE: 1,
  /** The host of an API (GitHub) does not resolve or refuses connections: every later request would fail alike. */
  API_UNREACHABLE: 1,
  RUNTIME: 1,
  INTERRUPTED: 130,
};

export class SecscoreError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'SecscoreError';
  }
  get exitCode(): ExitCode {
    return EXIT_CODES[this.code];
  }
}

/** Where in an input something went wrong: a JSON path, a line, a CSV row and column, an entity. */
export interface Place {
  jsonPath?: string;
  line?: number;
  column?: number;
  row?: number;
  field?: string;
  entity?: string;
}

export function describePlace(place: Place): string {
  const parts: string[] = [];
  if (place.entity !== undefined) parts.push(`entity ${place.entity}`);
  if (place.row !== undefined) parts.push(`row ${place.row}`);
  if (place.line !== undefined) parts.push(place.column !== undefined ? `line ${place.line}, column ${place.column}` : `line ${place.line}`);
  if (place.jsonPath !== undefined) parts.push(`at ${place.jsonPath}`);
  if (place.field !== undefined) parts.push(`column/field "${place.field}"`);
  return parts.join(', ');
}

/** Bad input: names the file, the format tried and the place. Exit code 2. */
export class InputError extends SecscoreError {
  readonly file: string;
  readonly format: string;
  readonly place: Place;
  readonly detail: string;
  constructor(file: string, format: string, place: Place, detail: string, options?: { cause?: unknown }) {
    const where = describePlace(place);
    super('INPUT_INVALID', `${file}: invalid ${format} input${where ? ` (${where})` : ''}: ${detail}`, options);
    this.file = file;
    this.format = format;
    this.place = place;
    this.detail = detail;
    this.name = 'InputError';
  }
}

/**
 * A syntax error of the yaml library (its YAMLError, by shape) as its place and one line of
 * detail. The library's message ends its first line with "at line L, column C:" and goes on
 * with a frame of the source; both are cut, the place is kept apart for the caller to name.
 */
export function yamlSyntaxError(error: { message: string; linePos?: readonly { line: number; col: number }[] }): {
  place: Pick<Place, 'line' | 'column'>;
  detail: string;
} {
  const pos = error.linePos?.[0];
  const reason = error.message.split('\n')[0]!.replace(/\s*\bat line \d+, column \d+:?\s*$/, '');
  return { place: pos ? { line: pos.line, column: pos.col } : {}, detail: `not valid YAML: ${reason}` };
}

/** The same as `source:line:column: not valid YAML: …`, for a settings or taxonomy file. */
export function yamlSyntaxMessage(source: string, error: Parameters<typeof yamlSyntaxError>[0]): string {
  const { place, detail } = yamlSyntaxError(error);
  return `${source}${place.line !== undefined ? `:${place.line}:${place.column}` : ''}: ${detail}`;
}
