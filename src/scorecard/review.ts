import type { KpisReport } from '../kpis/evaluate.js';
import type { Scorecard } from './types.js';

export type Audience = 'vp-eng' | 'platform' | 'product-eng' | 'board';

/** A finding named in the evidence section; its text comes from scanner output and is untrusted. */
export interface EvidenceFinding {
  service: string;
  area: string;
  severity: string;
  title: string;
  tool: string;
  openedAt: string;
  dueAt: string | null;
  daysOverdue: number | null;
  reopenCount: number;
}

export interface CoverageGap {
  service: string;
  area: string;
  missing: string[];
  lastScanAt: string | null;
}

/** Everything a renderer shows: built once by app/build-review.ts, rendered by any format. */
export interface Review {
  title: string;
  period: { label: string; start: string; end: string };
  audience: Audience;
  scorecard: Scorecard;
  kpis: { company: KpisReport; byArea: KpisReport };
  evidence: {
    overdueCriticals: EvidenceFinding[];
    reopened: EvidenceFinding[];
    coverageGaps: CoverageGap[];
  };
  data: { loaded: string[]; notLoaded: string[] };
}
