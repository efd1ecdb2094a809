/**
 * A generated statement of the narrative, the asks, the close or the board summary: the
 * sentence, the figures in it, the evidence it rests on and the rule that produced it. Every
 * statement is produced from computed facts; one whose data is missing is left out, never
 * filled in with "0" or "n/a".
 */

/** A piece of evidence: a stable reference, what it is, and its figures (population sizes included). */
export interface EvidenceRef {
  /** Stable key, e.g. `cell:Core API services:escalation`, `service:report-api`, `exception:EX-7`. */
  ref: string;
  label: string;
  detail: string[];
}

export interface Statement {
  /** Stable id of the kind of statement, e.g. `well.paved-road`, `wasted.pipelines`. */
  id: string;
  text: string;
  /** The figures the text states, by name. */
  figures: Record<string, number | string>;
  evidence: EvidenceRef[];
  /** The rule that produced it, in words. */
  rule: string;
  /** Product areas it concerns (empty: company-wide); audiences filter on these. */
  areas: string[];
}

export interface Recommendation extends Statement {
  /** 1 = most expected risk reduction. */
  rank: number;
  /** Share of the company's risk index the recommendation addresses; null when it cannot be measured (e.g. unscanned services). */
  riskShare: number | null;
}

export type AskList = 'mandatory' | 'recommended';

export interface Ask extends Statement {
  list: AskList;
  /** From the catalog (area, line, service or exception owner), or "owner needed". */
  owner: string;
  ownerKnown: boolean;
  /** What raised it. */
  source: 'escalation' | 'target' | 'trend' | 'exception';
  /** The same ask in plain words, for the board. */
  plain: string;
  /** A rolled-up ask (asks.ts, `rollUpAsks`): the asks it stands for, whole. */
  rolledUp?: Ask[];
}

/** Owners an ask shared by many names before it gives their number. */
const SHARED_NAMED = 6;

/** The owner phrase of an ask: the catalog's owners, or "owner needed" (saying who shares it, if anyone). */
export function ownerOf(owners: readonly string[]): { owner: string; ownerKnown: boolean } {
  const unique = [...new Set(owners)].sort();
  if (unique.length === 1) return { owner: unique[0]!, ownerKnown: true };
  if (unique.length === 0) return { owner: 'owner needed', ownerKnown: false };
  // Named up to a handful: an ask over a tier or the company can span hundreds of teams.
  const named =
    unique.length > SHARED_NAMED
      ? `${unique.length} owners: ${unique.slice(0, SHARED_NAMED).join(', ')} and ${unique.length - SHARED_NAMED} more`
      : unique.join(', ');
  return { owner: `owner needed (shared by ${named})`, ownerKnown: false };
}

/** All evidence of some statements, each reference once, in order of first use. */
export function evidenceIndex(statements: readonly Statement[]): EvidenceRef[] {
  const seen = new Map<string, EvidenceRef>();
  for (const s of statements) for (const e of s.evidence) if (!seen.has(e.ref)) seen.set(e.ref, e);
  return [...seen.values()];
}
