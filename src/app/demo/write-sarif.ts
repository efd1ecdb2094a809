import { createHash } from 'node:crypto';
import { toIso, type Millis } from '../../domain/time.js';
import { repoUrlOf, type DemoService } from './company.js';
import { formForService, GITLEAKS_RULES, SEMGREP_RULES, type CodeRule } from './rules.js';
import type { SimFinding } from './scenario.js';

/**
 * SARIF 2.1.0 as Semgrep and Gitleaks write it, one file per code scan with up to two runs.
 * What the importers read: the run's tool.driver.name (category), invocations[0].endTimeUtc
 * (scan time), versionControlProvenance[0].repositoryUri (service), the rule's
 * `security-severity` and CWE tags, and per result the location and
 * `partialFingerprints.primaryLocationLineHash` (stable for one finding across scans).
 */

export const SEMGREP_VERSION = '1.95.0';
export const GITLEAKS_VERSION = '8.18.4';

export interface CodeScan {
  service: DemoService;
  at: Millis;
  /** Commit the scan ran on. */
  commit: string;
  semgrep: readonly SimFinding[];
  /** Null when the Gitleaks run is not part of this scan. */
  gitleaks: readonly SimFinding[] | null;
}

export function sarifLog(scan: CodeScan): object {
  const runs: object[] = [semgrepRun(scan)];
  if (scan.gitleaks !== null) runs.push(gitleaksRun(scan, scan.gitleaks));
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs,
  };
}

/** A line hash in the shape GitHub's and Semgrep's SARIF carry (`<16 hex>:<occurrence>`). */
export function lineHash(key: string): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 16)}:1`;
}

function level(score: number): 'error' | 'warning' | 'note' {
  return score >= 7 ? 'error' : score >= 4 ? 'warning' : 'note';
}

function envelope(scan: CodeScan): { invocations: object[]; versionControlProvenance: object[] } {
  return {
    invocations: [{ executionSuccessful: true, endTimeUtc: toIso(scan.at), toolExecutionNotifications: [] }],
    versionControlProvenance: [{ repositoryUri: repoUrlOf(scan.service.id), revisionId: scan.commit, branch: 'main' }],
  };
}

function semgrepRun(scan: CodeScan): object {
  // Semgrep lists every rule of its configuration, whether it matched or not.
  const rules = SEMGREP_RULES.filter((r) => formForService(r, scan.service));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    tool: {
      driver: {
        name: 'Semgrep',
        semanticVersion: SEMGREP_VERSION,
        informationUri: 'https://semgrep.dev',
        rules: rules.map(semgrepRule),
      },
    },
    ...envelope(scan),
    results: scan.semgrep.map((f) => {
      const s = f.source;
      if (s.kind !== 'code') throw new Error(`demo: ${f.key} is not a code finding`);
      const column = 5;
      return {
        ruleId: s.rule.id,
        ruleIndex: index.get(s.rule.id),
        level: level(s.rule.score),
        message: { text: s.rule.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: s.path, uriBaseId: '%SRCROOT%' },
              region: { startLine: s.line, startColumn: column, endLine: s.line, endColumn: column + s.snippet.length, snippet: { text: s.snippet } },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: lineHash(f.key) },
        // `# nosemgrep` on the line: Semgrep still reports the match, marked as suppressed in source.
        ...(f.falsePositive ? { suppressions: [{ kind: 'inSource' }] } : {}),
      };
    }),
  };
}

function semgrepRule(rule: CodeRule): object {
  const registry = rule.id.includes('.');
  const tags = [...rule.cwes.map((c) => `CWE-${c}`), ...(rule.owasp ? [rule.owasp] : []), 'security'];
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.name },
    fullDescription: { text: rule.message },
    defaultConfiguration: { level: level(rule.score) },
    helpUri: registry ? `https://semgrep.dev/r/${rule.id}` : `https://github.com/acme/semgrep-rules/blob/main/rules/${rule.id}.yaml`,
    help: {
      text: rule.message,
      markdown: `${rule.message}\n\n<b>References:</b>\n - [Rule](${registry ? `https://semgrep.dev/r/${rule.id}` : `https://github.com/acme/semgrep-rules`})\n`,
    },
    properties: { precision: rule.noisy ? 'low' : 'high', tags, 'security-severity': rule.score.toFixed(1) },
  };
}

function gitleaksRun(scan: CodeScan, findings: readonly SimFinding[]): object {
  const index = new Map(GITLEAKS_RULES.map((r, i) => [r.id, i]));
  return {
    tool: {
      driver: {
        name: 'gitleaks',
        semanticVersion: GITLEAKS_VERSION,
        informationUri: 'https://github.com/gitleaks/gitleaks',
        rules: GITLEAKS_RULES.map((r) => ({
          id: r.id,
          name: r.name,
          shortDescription: { text: r.description },
          properties: { tags: ['secret', 'external/cwe/cwe-798'], 'security-severity': r.score.toFixed(1) },
        })),
      },
    },
    ...envelope(scan),
    results: findings.map((f) => {
      const s = f.source;
      if (s.kind !== 'secret') throw new Error(`demo: ${f.key} is not a secret finding`);
      const column = 9;
      return {
        ruleId: s.rule.id,
        ruleIndex: index.get(s.rule.id),
        level: level(s.rule.score),
        message: { text: `${s.rule.id} has detected secret for file ${s.path}.` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: s.path },
              region: { startLine: s.line, startColumn: column, endLine: s.line, endColumn: column + s.secret.length, snippet: { text: s.secret } },
            },
          },
        ],
        partialFingerprints: {
          primaryLocationLineHash: lineHash(f.key),
          commitSha: createHash('sha1').update(`commit:${f.key}`).digest('hex'),
          author: scan.service.owners[0] ?? 'unknown',
          email: `${scan.service.owners[0] ?? 'dev'}@acme.example`,
        },
      };
    }),
  };
}
