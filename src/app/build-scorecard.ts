import { SecscoreError } from '../domain/errors.js';
import { readFileSync } from 'node:fs';
import type { Settings } from '../config/schema.js';
import { periodSeries, type Period } from '../domain/period.js';
import type { Policy } from '../domain/policy.js';
import { judgeScorecard } from '../scorecard/judge-scorecard.js';
import { defaultTaxonomyText, loadTaxonomy, mergeTaxonomy, type Taxonomy } from '../scorecard/taxonomy.js';
import type { Scorecard } from '../scorecard/types.js';
import type { Store } from '../storage/store.js';
import { reviewInputsFromFacts } from './build-review.js';
import { loadFacts, type Facts } from './load-facts.js';

/** The taxonomy in force: the default data file, extended by the company's file when configured. */
export function taxonomyOf(settings: Settings): Taxonomy {
  const base = loadTaxonomy(defaultTaxonomyText(), 'data/failure-modes.yaml');
  const taxonomy = settings.taxonomy === null ? base : mergeTaxonomy(base, loadTaxonomy(readFileSync(settings.taxonomy, 'utf8'), settings.taxonomy));
  // The families the review's shared-authorization statement counts must be the taxonomy's: a
  // misspelt one would silently count nothing.
  const ids = taxonomy.families.map((f) => f.id);
  const unknown = settings.review.authorizationFamilies.find((id) => !ids.includes(id));
  if (unknown !== undefined)
    throw new SecscoreError(
      'CONFIG_INVALID',
      `review.authorizationFamilies: "${unknown}" is no family of the failure-mode taxonomy (${taxonomy.sources.join(' + ')}); its families: ${ids.join(', ')}`,
    );
  return taxonomy;
}

/** The scorecard and product-line view for P, judged from facts of P and the periods before it. */
export function scorecardFromFacts(facts: Facts, settings: Settings, period: Period): Scorecard {
  return judgeScorecard(reviewInputsFromFacts(facts, settings, period));
}

export async function buildScorecard(store: Store, settings: Settings, period: Period): Promise<Scorecard> {
  const facts = await loadFacts(store, settings.policy as Policy, periodSeries(period, 5)[0]!, period, taxonomyOf(settings));
  return scorecardFromFacts(facts, settings, period);
}
