import type { CorpusSpec } from '../test-support/corpus-spec.js';

const SECRETS = 'scans/github_secrets_detection_report/github_secrets_detection_report_many_vul.json';
const RESOLVED =
  'A resolved secret alert is not live in secscore (a false positive if resolved as one, a fix at its resolution time if revoked) and keeps the severity of its secret; DefectDojo marks every resolved alert Info instead.';
const RULE =
  "secscore's rule of a secret alert is its secret type, the same for every leak of that kind (what exceptions and the failure-mode taxonomy match on); DefectDojo puts the alert number there.";

/**
 * The corpus formats this importer answers for, and where it deliberately differs from DefectDojo.
 *
 * One importer reads GitHub's alert exports: Dependabot (GraphQL `vulnerabilityAlerts`, or the REST
 * list), code scanning and secret scanning (REST lists). Tools, and fingerprints where the alert's
 * repository and number are known, are those of the GitHub connector, so that an exported list and
 * `secscore sync github` are the same findings. Not asserted by DefectDojo, so not listed: every
 * repository of a GraphQL search is read (DefectDojo reads the first); as the connector reads them,
 * a fixed alert is a fix at its close time, one closed as not real a false positive, and one
 * dismissed without a fix (won't fix, tolerable risk) stays open; a secret's value is kept only as
 * a keyed hash.
 */
export const corpus: CorpusSpec = {
  formats: ['github_vulnerability', 'github_secrets_detection_report'],
  differences: [
    { file: SECRETS, index: 0, field: 'severity', dojo: 'Info', secscore: 'high', reason: RESOLVED },
    { file: SECRETS, index: 2, field: 'severity', dojo: 'Info', secscore: 'medium', reason: RESOLVED },
    { file: SECRETS, index: 0, field: 'vuln_id_from_tool', dojo: '2', secscore: 'adafruit_io_key', reason: RULE },
    { file: SECRETS, index: 1, field: 'vuln_id_from_tool', dojo: '3', secscore: 'aws_access_key_id', reason: RULE },
    { file: SECRETS, index: 2, field: 'vuln_id_from_tool', dojo: '4', secscore: 'github_personal_access_token', reason: RULE },
  ],
};
