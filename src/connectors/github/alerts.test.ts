import { describe, expect, it } from 'vitest';
import { redactSecret } from '../../importers/redact.js';
import { alertOutcome } from '../../importers/github/alert-outcome.js';
import { codeScanningFinding, dependabotFinding, secretScanningFinding, type AlertFinding } from './alerts.js';
import { codeScanningAlertSchema, dependabotAlertSchema, secretScanningAlertSchema } from './schema.js';
import { recorded } from './test-support/fake-github.js';

const REPO = 'github.com/acme/billing-api';
const redact = (value: string) => redactSecret('k'.repeat(64), value);

function made<T>(x: T | { skip: string }): T {
  if (typeof x === 'object' && x !== null && 'skip' in x) throw new Error(x.skip);
  return x as T;
}

describe('alerts as findings, from the recorded answers', () => {
  it('reads a Dependabot alert: advisory ids, package, manifest, fix version; a tolerable-risk dismissal stays open', () => {
    const [alert] = recorded<unknown[]>('dependabot-alerts-repo').map((a) => dependabotAlertSchema.parse(a));
    expect(made(dependabotFinding(alert!, REPO))).toEqual({
      fingerprint: 'github:github.com/acme/billing-api:dependabot:1',
      severity: 'medium',
      title: 'Jinja vulnerable to HTML attribute injection when passing user input as keys to xmlattr filter',
      ruleId: 'GHSA-h5c8-rqwp-cp95',
      vulnerabilityIds: ['CVE-2024-22195', 'GHSA-h5c8-rqwp-cp95'],
      cwes: [79],
      file: 'requirements/docs.txt',
      line: null,
      component: { name: 'jinja2', version: null },
      fixVersion: '3.1.3',
      fixAvailableAt: null,
      description: expect.stringContaining('The `xmlattr` filter'),
      exploitAvailable: false,
      tool: 'github-dependabot',
      category: 'sca',
      occurrences: 1,
      toolOpenedAt: Date.parse('2024-01-20T17:12:38Z'),
      toolFixedAt: null,
      falsePositive: false,
      dismissedOpen: true,
    } satisfies AlertFinding);
  });

  it('reads the organization form of Dependabot alerts, which names each repository', () => {
    const alerts = recorded<unknown[]>('dependabot-alerts-org').map((a) => dependabotAlertSchema.parse(a));
    expect(alerts.map((a) => [a.number, a.state, a.repository?.full_name, a.security_advisory?.cve_id])).toEqual([
      [2, 'dismissed', 'octo-org/octo-repo', 'CVE-2018-6188'],
      [1, 'open', 'octo-org/hello-world', 'CVE-2021-20191'],
    ]);
  });

  it('reads code scanning alerts with GitHub’s own fixed times, under the uploading tool', () => {
    const findings = recorded<unknown[]>('code-scanning-alerts-repo').map((a) => made(codeScanningFinding(codeScanningAlertSchema.parse(a), REPO)));
    expect(findings).toHaveLength(14);
    expect(findings.filter((f) => f.toolFixedAt === null).map((f) => f.fingerprint.split(':').pop())).toEqual(['13', '10', '9', '4']);
    expect(findings[0]).toMatchObject({
      tool: 'github-code-scanning/codeql',
      category: 'sast',
      severity: 'medium',
      ruleId: 'actions/missing-workflow-permissions',
      title: 'Workflow does not contain permissions',
      cwes: [275],
      toolOpenedAt: Date.parse('2025-08-22T23:38:23Z'),
      toolFixedAt: Date.parse('2025-08-25T16:03:09Z'),
      falsePositive: false,
    });
    expect(findings[0]!.file).toMatch(/^\.github\/workflows\//);
  });

  it('keeps a leaked secret only as a keyed hash and a preview', () => {
    const alerts = recorded<{ secret: string }[]>('secret-scanning-alerts-repo');
    const findings = alerts.map((a) => secretScanningFinding(secretScanningAlertSchema.parse(a), REPO, redact));
    expect(findings.map((f) => [f.fingerprint, f.title, f.severity, f.falsePositive, f.toolFixedAt, f.file, f.line])).toEqual([
      [
        'github:github.com/acme/billing-api:secret-scanning:2',
        'Adafruit IO Key committed',
        'high',
        true,
        Date.parse('2020-11-07T02:47:13Z'),
        '/example/secrets.txt',
        1,
      ],
      ['github:github.com/acme/billing-api:secret-scanning:1', 'Mailchimp API Key committed', 'high', false, null, '/example/secrets.txt', 1],
    ]);
    for (const [i, f] of findings.entries()) {
      expect(f.secret).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), preview: expect.stringMatching(/^.{0,3}…\(\d+ chars\)$/) });
      expect(JSON.stringify(f)).not.toContain(alerts[i]!.secret);
    }
  });

  it('rates an active leaked secret critical', () => {
    const [alert] = recorded<Record<string, unknown>[]>('secret-scanning-alerts-repo');
    expect(secretScanningFinding(secretScanningAlertSchema.parse({ ...alert, validity: 'active' }), REPO, redact).severity).toBe('critical');
  });
});

describe('how an alert stands', () => {
  it.each([
    ['open', null, 'open'],
    ['fixed', null, 'fixed'],
    ['dismissed', 'tolerable_risk', 'dismissed'],
    ['dismissed', 'no_bandwidth', 'dismissed'],
    ['dismissed', "won't fix", 'dismissed'],
    ['dismissed', 'false positive', 'false_positive'],
    ['dismissed', 'used in tests', 'false_positive'],
    ['dismissed', 'inaccurate', 'false_positive'],
    ['dismissed', 'not_used', 'false_positive'],
    ['auto_dismissed', null, 'false_positive'],
    ['resolved', 'revoked', 'fixed'],
    ['resolved', 'false_positive', 'false_positive'],
    ['resolved', 'used_in_tests', 'false_positive'],
    ['resolved', 'pattern_deleted', 'false_positive'],
    ['resolved', 'wont_fix', 'dismissed'],
  ])('%s (%s) is %s', (state, reason, outcome) => {
    expect(alertOutcome(state, reason)).toBe(outcome);
  });
});
