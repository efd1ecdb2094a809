import { parse as parseCsv } from 'csv-parse/sync';
import type { DetectInput } from '../types.js';
import { normalizeColumnName, type RecordKind } from './record-kind.js';
import { recordSyntaxOf } from './read-records.js';

/**
 * The column names a file starts with: a CSV header row, or the keys of the first JSON-lines
 * object. Null when the head is neither (a pretty-printed JSON document, say).
 */
export function headerNames(head: string): string[] | null {
  // Every record kind's detect asks for the names of the same head, one after the other (15
  // kinds a file): the last head's are kept. Worked out for each, they were 1.7 ms of every
  // small SARIF file's import (its first line, "{", a JSON.parse that throws, 15 times).
  if (head !== lastHead) {
    lastNames = namesOf(head);
    lastHead = head;
  }
  return lastNames === null ? null : [...lastNames];
}

let lastHead: string | null = null;
let lastNames: readonly string[] | null = null;

function namesOf(head: string): string[] | null {
  const first = firstLine(head);
  if (first === undefined) return null;
  const line = first.replace(/\r$/, '');
  if (recordSyntaxOf(head) === 'jsonl') {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : null;
    } catch {
      return null;
    }
  }
  try {
    const [names] = parseCsv(line, { bom: true, trim: true, relax_quotes: true }) as string[][];
    return names ?? null;
  } catch {
    return null;
  }
}

/** The first line of `head` that is not blank, without splitting all of its 64 KB into lines. */
function firstLine(head: string): string | undefined {
  for (let start = 0; start <= head.length;) {
    const end = head.indexOf('\n', start);
    const line = head.slice(start, end === -1 ? head.length : end);
    if (line.trim() !== '') return line;
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

/**
 * How sure we are that a file holds records of `kind`, from its column names: 0 unless every
 * required column is there, at least two of the file's columns are the kind's and they are at
 * least half of the file's columns; then 50 to 100 as the file's columns and the kind's agree.
 * A file with only a few generic columns (`id, service`) may fit several kinds: `--format`
 * settles it.
 */
export function detectRecordKind(kind: RecordKind, input: DetectInput): number {
  const names = headerNames(input.head);
  if (names === null || names.length === 0) return 0;
  const normalized = new Set(names.map(normalizeColumnName));
  const has = (name: string) => normalized.has(normalizeColumnName(name));
  if (!kind.columns.every((c) => !c.required || has(c.name))) return 0;
  if (!(kind.oneOf ?? []).every((group) => group.some(has))) return 0;
  const known = kind.columns.filter((c) => has(c.name)).length;
  if (known < 2 || known / normalized.size < 0.5) return 0;
  return Math.round(50 + (25 * known) / normalized.size + (25 * known) / kind.columns.length);
}
