import { alerts } from './alerts.js';
import { cloudControls } from './cloud-controls.js';
import { commits } from './commits.js';
import { costs } from './costs.js';
import { designReviews } from './design-reviews.js';
import { iam } from './iam.js';
import { identity } from './identity.js';
import { incidents } from './incidents.js';
import { logging } from './logging.js';
import { milestones } from './milestones.js';
import { pipelineRuns } from './pipeline-runs.js';
import { pullRequests } from './pull-requests.js';
import type { RecordKind, RecordKindId } from './record-kind.js';
import { surveys } from './surveys.js';
import { teamHealth } from './team-health.js';
import { threatModels } from './threat-models.js';

/** Every operational record kind read as CSV or JSON lines, in the order of inputs.md §3. One explicit map. */
export const RECORD_KINDS = {
  incidents,
  'pipeline-runs': pipelineRuns,
  'pull-requests': pullRequests,
  'design-reviews': designReviews,
  'threat-models': threatModels,
  alerts,
  'cloud-controls': cloudControls,
  identity,
  logging,
  iam,
  surveys,
  costs,
  'team-health': teamHealth,
  milestones,
  commits,
} satisfies Record<RecordKindId, RecordKind>;
