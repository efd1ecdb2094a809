import type { Category } from '../domain/severity.js';
import { sarifImporter } from './sarif/index.js';
import { trivyImporter } from './trivy/index.js';
import { banditImporter } from './bandit/index.js';
import { checkovImporter } from './checkov/index.js';
import { cyclonedxImporter } from './cyclonedx/index.js';
import { defectdojoFindingsImporter } from './defectdojo-findings/index.js';
import { defectdojoGenericImporter } from './defectdojo-generic/index.js';
import { dependencyCheckImporter } from './dependency-check/index.js';
import { dependencyTrackImporter } from './dependency-track/index.js';
import { githubImporter } from './github/index.js';
import { gitlabImporter } from './gitlab/index.js';
import { gitleaksImporter } from './gitleaks/index.js';
import { gosecImporter } from './gosec/index.js';
import { govulncheckImporter } from './govulncheck/index.js';
import { grypeImporter } from './grype/index.js';
import { kicsImporter } from './kics/index.js';
import { npmAuditImporter } from './npm-audit/index.js';
import { nucleiImporter } from './nuclei/index.js';
import { openvexImporter } from './openvex/index.js';
import { osvScannerImporter } from './osv-scanner/index.js';
import { pipAuditImporter } from './pip-audit/index.js';
import { prowlerImporter } from './prowler/index.js';
import { semgrepImporter } from './semgrep/index.js';
import { snykImporter } from './snyk/index.js';
import { tfsecImporter } from './tfsec/index.js';
import { trufflehogImporter } from './trufflehog/index.js';
import { zapImporter } from './zap/index.js';
import type { DetectInput, ScannerImporter } from './types.js';

/** The `import --format` choices are exactly these keys; each equals its importer's `id`. */
export const IMPORTERS = {
  sarif: sarifImporter,
  trivy: trivyImporter,
  bandit: banditImporter,
  checkov: checkovImporter,
  cyclonedx: cyclonedxImporter,
  'defectdojo-findings': defectdojoFindingsImporter,
  'defectdojo-generic': defectdojoGenericImporter,
  'dependency-check': dependencyCheckImporter,
  'dependency-track': dependencyTrackImporter,
  github: githubImporter,
  gitlab: gitlabImporter,
  gitleaks: gitleaksImporter,
  gosec: gosecImporter,
  govulncheck: govulncheckImporter,
  grype: grypeImporter,
  kics: kicsImporter,
  'npm-audit': npmAuditImporter,
  nuclei: nucleiImporter,
  openvex: openvexImporter,
  'osv-scanner': osvScannerImporter,
  'pip-audit': pipAuditImporter,
  prowler: prowlerImporter,
  semgrep: semgrepImporter,
  snyk: snykImporter,
  tfsec: tfsecImporter,
  trufflehog: trufflehogImporter,
  zap: zapImporter,
} satisfies Record<string, ScannerImporter>;

export type FormatId = keyof typeof IMPORTERS;

export interface FormatInfo {
  id: FormatId;
  name: string;
  defaultCategory: Category;
}

/** Every format in registry order, for `import --list-formats` and error messages. */
export function listFormats(): FormatInfo[] {
  return (Object.keys(IMPORTERS) as FormatId[]).map((id) => ({ id, name: IMPORTERS[id].name, defaultCategory: IMPORTERS[id].defaultCategory }));
}

/**
 * The importer most sure the input is its format (a score above 0); ties go to the earlier one
 * in the registry. `importers` is the registry unless a test passes its own.
 */
export function detectFormat(input: DetectInput, importers: readonly ScannerImporter[] = Object.values(IMPORTERS)): ScannerImporter | null {
  let best: ScannerImporter | null = null;
  let bestScore = 0;
  for (const importer of importers) {
    const score = importer.detect(input);
    if (score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  return best;
}
