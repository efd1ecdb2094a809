/** One judged cell: the value shown, the figures behind it and the rule that produced it. */
export interface Cell<T> {
  value: T;
  /** Sentences with the figures (population sizes included) behind the value. */
  evidence: string[];
  /** The rule applied, in words. */
  rule: string;
}

export type GateRating = 'Good' | 'Improving' | 'Mixed' | 'Poor' | 'No data';
export type LatencyRating = 'Low' | 'Moderate' | 'High' | 'No data';
/** "No data" only when not one trigger could be evaluated; otherwise the unevaluated ones are listed. */
export type EscalationLevel = 'Yes' | 'Maybe' | 'No' | 'No data';
export type LineTrend = 'Improving' | 'Flat to improving' | 'Flat' | 'Mixed' | 'Worsening' | 'No data';

export type TriggerId = 'critical_sla' | 'expired_exception' | 'sev1_incident' | 'shared_service_owner';

export interface Trigger {
  id: TriggerId;
  level: 'Yes' | 'Maybe';
  text: string;
  /** Services the trigger concerns (for asks and owners). */
  services: string[];
  /** The figures in the text, by name. */
  figures: Record<string, number | string>;
}

export interface EscalationCell extends Cell<EscalationLevel> {
  triggers: Trigger[];
  /** Triggers that could not be evaluated, each with the reason. */
  notEvaluated: string[];
}

export interface FailureFamilyScore {
  id: string;
  label: string;
  score: number;
  findings: number;
  incidents: number;
  services: string[];
}

/** The failure-mode cell: a family label (or two joined by "and"), "None found" when scanned and clean, or "No data". */
export interface FailureModeCell extends Cell<string> {
  kind: 'named' | 'none' | 'no-data';
  /** The named families (one or two). */
  top: FailureFamilyScore[];
  /** Every family that scored, highest first. */
  families: FailureFamilyScore[];
}

export interface ScorecardRow {
  area: string;
  line: string;
  owners: string[];
  releaseGateHealth: Cell<GateRating>;
  reviewLatency: Cell<LatencyRating>;
  topFailureMode: FailureModeCell;
  escalation: EscalationCell;
}

export interface LineFigures {
  period: string;
  riskIndex: number | null;
  openCount: number | null;
  criticalSlaCompliance: number | null;
  scanningCoverage: number | null;
}

export interface ProductLineRow {
  line: string;
  owners: string[];
  trend: Cell<LineTrend>;
  /** One sentence from the dominant driver, with its figures. */
  meaning: Cell<string>;
  figures: LineFigures[];
  /** Rank among lines by risk index and by raw open count at the end of the period (1 = worst). */
  rank: { byRiskIndex: number | null; byOpenCount: number | null };
}

export interface Scorecard {
  period: { label: string; start: string; end: string };
  rows: ScorecardRow[];
  lines: ProductLineRow[];
}
