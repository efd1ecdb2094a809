export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['sast', 'sca', 'secrets', 'iac', 'container', 'dast', 'cspm', 'pentest'] as const;
export type Category = (typeof CATEGORIES)[number];

export const TIERS = [0, 1, 2] as const;
export type Tier = (typeof TIERS)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** Severity rank, higher is worse: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

/**
 * Maps a tool's own severity word to ours. Unknown words return null so the caller can
 * keep the finding with a skip reason instead of guessing.
 */
export function normalizeSeverity(raw: unknown): Severity | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase();
  switch (s) {
    case 'critical':
    case 'crit':
    case 'blocker':
    case 'very high':
      return 'critical';
    case 'high':
    case 'error':
    case 'major':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
    case 'warning':
    case 'warn':
      return 'medium';
    case 'low':
    case 'minor':
    case 'note':
      return 'low';
    case 'info':
    case 'informational':
    case 'information':
    case 'none':
    case 'negligible':
    case 'unknown':
      return 'info';
    default:
      return null;
  }
}

/** CVSS v3 base score bands. */
export function severityFromCvss(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
