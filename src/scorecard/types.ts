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
export type EscalationLevel = 'Yes' | 'Maybe' | 'No';
export type LineTrend = 'Improving' | 'Flat to improving' | 'Flat' | 'Mixed' | 'Worsening' | 'No data';

export interface Trigger {
  id: 'critical_sla' | 'expired_exception' | 'sev1_incident' | 'shared_service_owner';
  level: 'Yes' | 'Maybe';
  text: string;
}

export interface ScorecardRow {
  area: string;
  line: string;
  owners: string[];
  releaseGateHealth: Cell<GateRating>;
  reviewLatency: Cell<LatencyRating>;
  topFailureMode: Cell<string | null>;
  escalation: Cell<EscalationLevel> & { triggers: Trigger[]; notEvaluated: string[] };
}

export interface ProductLineRow {
  line: string;
  trend: Cell<LineTrend>;
  meaning: string;
  figures: { period: string; riskIndex: number | null; openCount: number | null; criticalSlaCompliance: number | null; scanningCoverage: number | null }[];
}

export interface Scorecard {
  period: { label: string; start: string; end: string };
  rows: ScorecardRow[];
  lines: ProductLineRow[];
}
