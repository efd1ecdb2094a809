import type { CorpusSpec } from '../test-support/corpus-spec.js';

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * Not asserted by DefectDojo, so not listed:
 * - DefectDojo merges packages on title + severity, so two packages hit by advisories of the same
 *   title ("Regular Expression Denial of Service") become one finding; secscore keeps one finding
 *   per vulnerable package, as npm reports them.
 * - A package with its own advisory is named after the advisory even where npm lists a dependency
 *   first in `via`; DefectDojo reads only `via[0]`.
 * - The component is the package name (DefectDojo puts the install path there); the path is the
 *   finding's file. Vulnerability ids are read from the advisories' GitHub URLs (GHSA ids).
 */
export const corpus: CorpusSpec = {
  formats: ['npm_audit_7_plus'],
  differences: [],
};
