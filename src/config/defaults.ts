import { DEFAULT_GITHUB_SETTINGS } from './github.js';
import { DEFAULT_REVIEW_SETTINGS, type Settings } from './schema.js';

/** The seed's defaults (kpis.md, scorecard.md). Every value here can be set in secscore.yaml. */
export const DEFAULT_SETTINGS: Settings = {
  db: 'secscore.db',
  policy: {
    slaDays: {
      critical: { '0': 7, '1': 14, '2': 30 },
      high: { '0': 14, '1': 30, '2': 60 },
      medium: { '0': 60, '1': 90, '2': 180 },
      low: { '0': 180, '1': 365, '2': null },
      info: { '0': null, '1': null, '2': null },
    },
    nearBand: 0.1,
    flatBand: 0.05,
    epssThreshold: 0.1,
    requiredCoverage: ['sast', 'sca', 'secrets'],
    iacTag: 'iac',
    coverageWindowDays: 30,
    coverageEquivalents: { container: ['sca'] },
    approvedBaseImages: [],
    cspmKeyControls: [],
    loggingMinRetentionDays: 90,
    targets: {},
  },
  scorecard: {
    gate: { goodCoverage: 80, goodBypass: 5, goodToolErrors: 2, poorCoverage: 50, poorBypass: 15, improvingCoverageRise: 10 },
    reviewLatency: { low: 2, moderate: 5 },
    failureModeJoinRatio: 0.8,
    escalationNearBand: 0.1,
  },
  review: DEFAULT_REVIEW_SETTINGS,
  taxonomy: null,
  github: DEFAULT_GITHUB_SETTINGS,
};
