import type { IntervalFact } from '../domain/facts.js';
import type { Category, Severity } from '../domain/severity.js';
import type { Millis } from '../domain/time.js';
import type { ReadColumn, ReadColumns } from './read-rows.js';

/**
 * The intervals `kpis` reads (Store.intervalFacts) kept as the columns they were read as, each
 * fact an object of two fields that reads its values from them when asked.
 *
 * Why: at bench scale 1 a quarter and the one before are 421k intervals; making each an object
 * of its 18 values (three of them times, numbers too large to be small integers, so a heap
 * number each) cost ~0.6 s of the read and most of the collector's ~0.3 s after it. The columns
 * are a few typed arrays and the dictionaries of the repeated texts; a fact is its row.
 */
export interface IntervalColumns {
  findingId: Float64Array;
  seq: Float64Array;
  openedAt: Float64Array;
  fixedAt: Float64Array;
  fixedAtNull: Uint8Array;
  fingerprint: Int32Array;
  fingerprints: readonly unknown[];
  service: Int32Array;
  services: readonly unknown[];
  tool: Int32Array;
  tools: readonly unknown[];
  category: Int32Array;
  categories: readonly unknown[];
  severity: Int32Array;
  severities: readonly unknown[];
  rule: Int32Array;
  rules: readonly unknown[];
  vulnerabilityIds: Int32Array;
  vulnerabilityIdLists: readonly unknown[];
  cwes: Int32Array;
  cweLists: readonly unknown[];
  falsePositive: Uint8Array;
  exploitAvailable: Uint8Array;
  fixAvailableAt: Float64Array;
  fixAvailableAtNull: Uint8Array;
  title: Int32Array;
  titles: readonly unknown[];
  file: Int32Array;
  files: readonly unknown[];
  fixVersion: Int32Array;
  fixVersions: readonly unknown[];
}

const named = (codes: Int32Array, dictionary: readonly unknown[], r: number): unknown => {
  const k = codes[r]!;
  return k < 0 ? null : dictionary[k];
};

/** One interval: row `r` of the columns. Read-only (a getter per field). */
class ColumnInterval implements IntervalFact {
  readonly #c: IntervalColumns;
  readonly #r: number;

  constructor(c: IntervalColumns, r: number) {
    this.#c = c;
    this.#r = r;
  }

  get findingId(): number {
    return this.#c.findingId[this.#r]!;
  }
  get fingerprint(): string | null {
    return named(this.#c.fingerprint, this.#c.fingerprints, this.#r) as string | null;
  }
  get serviceId(): string {
    return this.#c.services[this.#c.service[this.#r]!] as string;
  }
  get tool(): string {
    return this.#c.tools[this.#c.tool[this.#r]!] as string;
  }
  get category(): Category {
    return this.#c.categories[this.#c.category[this.#r]!] as Category;
  }
  get severity(): Severity {
    return this.#c.severities[this.#c.severity[this.#r]!] as Severity;
  }
  get ruleId(): string | null {
    return named(this.#c.rule, this.#c.rules, this.#r) as string | null;
  }
  get vulnerabilityIds(): string[] {
    return this.#c.vulnerabilityIdLists[this.#c.vulnerabilityIds[this.#r]!] as string[];
  }
  get cwes(): number[] {
    return this.#c.cweLists[this.#c.cwes[this.#r]!] as number[];
  }
  get seq(): number {
    return this.#c.seq[this.#r]!;
  }
  get openedAt(): Millis {
    return this.#c.openedAt[this.#r]!;
  }
  get fixedAt(): Millis | null {
    return this.#c.fixedAtNull[this.#r] === 1 ? null : this.#c.fixedAt[this.#r]!;
  }
  get falsePositive(): boolean {
    return this.#c.falsePositive[this.#r] === 1;
  }
  get exploitAvailable(): boolean {
    return this.#c.exploitAvailable[this.#r] === 1;
  }
  get fixAvailableAt(): Millis | null {
    return this.#c.fixAvailableAtNull[this.#r] === 1 ? null : this.#c.fixAvailableAt[this.#r]!;
  }
  get fixVersion(): string | null {
    return named(this.#c.fixVersion, this.#c.fixVersions, this.#r) as string | null;
  }
  get title(): string {
    return this.#c.titles[this.#c.title[this.#r]!] as string;
  }
  get file(): string | null {
    return named(this.#c.file, this.#c.files, this.#r) as string | null;
  }

  /** The plain object of the values (what JSON, spreading and deep equality see). */
  toJSON(): IntervalFact {
    return plainInterval(this);
  }
}

/** An interval's values as a plain object. */
export function plainInterval(i: IntervalFact): IntervalFact {
  return {
    findingId: i.findingId,
    fingerprint: i.fingerprint,
    serviceId: i.serviceId,
    tool: i.tool,
    category: i.category,
    severity: i.severity,
    ruleId: i.ruleId,
    vulnerabilityIds: i.vulnerabilityIds,
    cwes: i.cwes,
    seq: i.seq,
    openedAt: i.openedAt,
    fixedAt: i.fixedAt,
    falsePositive: i.falsePositive,
    exploitAvailable: i.exploitAvailable,
    fixAvailableAt: i.fixAvailableAt,
    fixVersion: i.fixVersion,
    title: i.title,
    file: i.file,
  };
}

/**
 * The intervals of a read whose columns are, in order: finding id, seq, opened, fixed,
 * fingerprint, service, tool, category, severity, rule, vulnerability ids, CWEs, false positive,
 * exploit available, fix available, title, file, fix version (Store.intervalFacts). Every NOT
 * NULL column of the schema is read as such. `exploitable(ids)` marks a finding exploitable
 * beside the tool's own flag; it is asked once per distinct list of ids.
 */
export function intervalsOf(read: ReadColumns, exploitable: (ids: readonly string[]) => boolean): IntervalFact[] {
  const c = read.columns;
  const num = (j: number) => kind(c[j]!, 'num');
  const name = (j: number) => kind(c[j]!, 'name');
  const bool = (j: number) => kind(c[j]!, 'bool');
  const columns: IntervalColumns = {
    findingId: num(0).values,
    seq: num(1).values,
    openedAt: num(2).values,
    fixedAt: num(3).values,
    fixedAtNull: num(3).nulls,
    fingerprint: name(4).codes,
    fingerprints: name(4).dictionary,
    service: name(5).codes,
    services: name(5).dictionary,
    tool: name(6).codes,
    tools: name(6).dictionary,
    category: name(7).codes,
    categories: name(7).dictionary,
    severity: name(8).codes,
    severities: name(8).dictionary,
    rule: name(9).codes,
    rules: name(9).dictionary,
    vulnerabilityIds: name(10).codes,
    vulnerabilityIdLists: name(10).dictionary,
    cwes: name(11).codes,
    cweLists: name(11).dictionary,
    falsePositive: bool(12).values,
    exploitAvailable: bool(13).values,
    fixAvailableAt: num(14).values,
    fixAvailableAtNull: num(14).nulls,
    title: name(15).codes,
    titles: name(15).dictionary,
    file: name(16).codes,
    files: name(16).dictionary,
    fixVersion: name(17).codes,
    fixVersions: name(17).dictionary,
  };
  // Exploitable beside the tool's flag: one test per distinct list of ids.
  const lists = columns.vulnerabilityIdLists as readonly (readonly string[])[];
  const hit = new Int8Array(lists.length);
  for (let k = 0; k < lists.length; k++) hit[k] = lists[k]!.length > 0 && exploitable(lists[k]!) ? 1 : 0;
  const out: IntervalFact[] = new Array(read.length);
  for (let r = 0; r < read.length; r++) {
    const k = columns.vulnerabilityIds[r]!;
    if (k >= 0 && hit[k] === 1) columns.exploitAvailable[r] = 1;
    out[r] = new ColumnInterval(columns, r);
  }
  return out;
}

function kind<K extends ReadColumn['kind']>(c: ReadColumn, k: K): Extract<ReadColumn, { kind: K }> {
  if (c.kind !== k) throw new Error(`interval columns: a ${c.kind} column where a ${k} one was expected`);
  return c as Extract<ReadColumn, { kind: K }>;
}
