import type { Category, Severity } from './severity.js';
import type { Millis } from './time.js';

/** Hints an input carries about what it scanned; used to map it to a catalog service. */
export interface TargetHints {
  repos?: string[];
  images?: string[];
  cloudAccounts?: string[];
}

/** A secret is never kept in clear: only a keyed hash and a redacted preview. */
export interface RedactedSecret {
  hash: string;
  preview: string;
}

/**
 * One finding as an importer reports it, after the importer's own merging. `fingerprint` is
 * stable across scans of the same (service, tool, category): it is what the lifecycle follows.
 */
export interface RawFinding {
  fingerprint: string;
  severity: Severity;
  title: string;
  ruleId: string | null;
  vulnerabilityIds: string[];
  cwes: number[];
  file: string | null;
  line: number | null;
  component: { name: string | null; version: string | null };
  fixVersion: string | null;
  /** When the fixed version was published, where the input says. */
  fixAvailableAt: Millis | null;
  description: string | null;
  /** The tool itself marks this result as suppressed / dismissed / not a real issue. */
  falsePositive: boolean;
  /** The tool marks an exploit as available. */
  exploitAvailable: boolean;
  /** Overrides the file's tool where one file carries several tools (SARIF runs). */
  tool?: string;
  /** Overrides the file's category (e.g. Trivy secrets inside a container scan). */
  category?: Category;
  /** Overrides the file's target hints for service mapping. */
  target?: TargetHints;
  secret?: RedactedSecret;
  /** Raw records the importer folded into this finding. */
  occurrences: number;
  /** Time the tool says the finding appeared / was fixed (alert APIs), else null. */
  toolOpenedAt?: Millis | null;
  toolFixedAt?: Millis | null;
}

export type FindingStatus = 'open' | 'fixed' | 'accepted' | 'false_positive';

/** One open interval of a finding: open from `openedAt` until `fixedAt` (null while open). */
export interface OpenInterval {
  seq: number;
  openedAt: Millis;
  fixedAt: Millis | null;
}

/** A stored finding as the drill-down shows it. */
export interface FindingView {
  id: number;
  fingerprint: string;
  service: string;
  tool: string;
  category: Category;
  severity: Severity;
  title: string;
  ruleId: string | null;
  vulnerabilityIds: string[];
  cwes: number[];
  file: string | null;
  line: number | null;
  component: { name: string | null; version: string | null };
  fixVersion: string | null;
  secretPreview: string | null;
  status: FindingStatus;
  openedAt: Millis;
  fixedAt: Millis | null;
  reopenCount: number;
  intervals: OpenInterval[];
}
