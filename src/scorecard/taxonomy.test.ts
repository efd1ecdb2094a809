import { describe, expect, it } from 'vitest';
import { SecscoreError } from '../domain/errors.js';
import { classifyFinding, classifyIncident, defaultTaxonomy, familyLabel, loadTaxonomy, mergeTaxonomy, noisyRuleIds, type FindingTraits } from './taxonomy.js';

const T = defaultTaxonomy();

const finding = (over: Partial<FindingTraits>): FindingTraits => ({
  cwes: [],
  ruleId: null,
  title: 't',
  category: 'sast',
  file: null,
  falsePositive: false,
  ...over,
});

describe('default taxonomy', () => {
  it('loads, and its noisy-scans family exists', () => {
    expect(T.families.length).toBeGreaterThan(10);
    expect(T.families.map((f) => f.id)).toContain(T.noisyScans?.family);
    expect(T.families.map((f) => f.id)).toContain('iam-wildcard');
  });

  it('has no label containing " and " so joined labels stay readable', () => {
    for (const f of T.families) expect(f.label).not.toMatch(/ and /);
  });

  it.each<[string, Partial<FindingTraits>, string]>([
    ['CWE-639 is tenant-boundary', { cwes: [639] }, 'tenant-boundary'],
    ['an IDOR rule is tenant-boundary', { ruleId: 'javascript.express.idor-user-lookup' }, 'tenant-boundary'],
    ['CWE-862 is authorization consistency', { cwes: [862] }, 'authorization-consistency'],
    // Precedence is by family order, not by criterion kind: CSP (rule) precedes injection (CWE).
    ['a CSP rule beats an injection CWE', { cwes: [79], ruleId: 'missing-csp-header' }, 'csp-header-drift'],
    // ...and tenant-boundary (rule) precedes authorization consistency (CWE).
    ['a tenant rule beats an authorization CWE', { cwes: [862], ruleId: 'tenant-isolation-check' }, 'tenant-boundary'],
    ['CWE-79 alone is injection', { cwes: [79], ruleId: 'javascript/XSS' }, 'injection'],
    ['a SQLi rule without CWE is injection', { ruleId: 'javascript/NoSqli' }, 'injection'],
    ['cookie flag rules are header drift', { ruleId: 'java.lang.security.audit.cookie-missing-httponly.cookie-missing-httponly' }, 'csp-header-drift'],
    ['a ZAP header rule is header drift', { category: 'dast', ruleId: '10038', title: 'Content Security Policy (CSP) Header Not Set' }, 'csp-header-drift'],
    ['CWE-829 with an SRI rule is third-party scripts', { cwes: [829], ruleId: 'missing-sri-attribute' }, 'third-party-scripts'],
    ['CWE-829 in a workflow file is CI trust', { cwes: [829], ruleId: 'remote-include', file: '.github/workflows/ci.yml' }, 'ci-runner-artifact-trust'],
    [
      'a GitHub Actions rule is CI trust before injection',
      { cwes: [78], ruleId: 'yaml.github-actions.security.run-shell-injection' },
      'ci-runner-artifact-trust',
    ],
    ['category secrets is secrets exposure', { category: 'secrets', ruleId: 'aws-access-token' }, 'secrets-exposure'],
    ['CWE-798 in code is secrets exposure', { cwes: [798] }, 'secrets-exposure'],
    ['CKV_AWS_1 is iam-wildcard', { category: 'iac', ruleId: 'CKV_AWS_1' }, 'iam-wildcard'],
    ['CKV_AWS_10 is not iam-wildcard', { category: 'iac', ruleId: 'CKV_AWS_10', title: 'Ensure IAM password policy' }, 'iac-misconfiguration'],
    [
      'an access-logging IaC rule is a logging gap',
      { category: 'iac', ruleId: 'CKV_AWS_18', title: 'Ensure the S3 bucket has access logging enabled' },
      'logging-gaps',
    ],
    ['CWE-327 is crypto', { cwes: [327], ruleId: 'cbc-padding-oracle' }, 'crypto-key-management'],
    [
      'an SCA advisory with an injection CWE is still dependency hygiene',
      { category: 'sca', cwes: [89], ruleId: 'CVE-2024-1', title: 'pg: SQL injection' },
      'dependency-hygiene',
    ],
    ['SCA without a CWE is dependency hygiene', { category: 'sca', ruleId: 'CVE-2024-1234', title: 'openssl: buffer overflow' }, 'dependency-hygiene'],
    ['container is dependency hygiene', { category: 'container', ruleId: 'CVE-2024-9999' }, 'dependency-hygiene'],
    ['a false positive is noisy scans whatever it matches', { cwes: [639], falsePositive: true }, 'noisy-scans'],
    ['an unmatched SAST finding falls into its category', { ruleId: 'py/unused-import', title: 'Unused import' }, 'unmapped:sast'],
    ['an unmatched pentest finding falls into its category', { category: 'pentest', title: 'Verbose error page' }, 'unmapped:pentest'],
  ])('%s', (_, over, expected) => {
    expect(classifyFinding(T, finding(over))).toBe(expected);
  });

  it('classifies by every trait, whichever findings were classified before with the same others', () => {
    // matchedFamily memoises per taxonomy and trait values: findings that share all but one trait
    // (the same CWE list instance, as the bulk reads give them) must still each get their own family.
    const t = defaultTaxonomy();
    const cwes = [829];
    const none: number[] = [];
    const cases: [Partial<FindingTraits>, string][] = [
      [{ cwes, ruleId: 'remote-include', file: 'src/app.js' }, ''],
      [{ cwes, ruleId: 'remote-include', file: '.github/workflows/ci.yml' }, 'ci-runner-artifact-trust'],
      [{ cwes, ruleId: 'missing-sri-attribute', file: 'src/app.js' }, 'third-party-scripts'],
      [{ cwes: none, ruleId: 'missing-sri-attribute', file: 'src/app.js' }, ''],
      [{ cwes: none, category: 'dast', title: 'Content Security Policy (CSP) Header Not Set' }, 'csp-header-drift'],
      [{ cwes: none, category: 'dast', title: 'Verbose error page' }, ''],
      [{ cwes: none, category: 'secrets', ruleId: 'aws-access-token' }, 'secrets-exposure'],
      [{ cwes: none, category: 'sast', ruleId: 'aws-access-token' }, ''],
    ];
    for (const [over, expected] of cases) {
      const got = classifyFinding(t, finding(over));
      // Each against a taxonomy that has classified nothing else.
      expect(got).toBe(classifyFinding(defaultTaxonomy(), finding(over)));
      if (expected !== '') expect(got).toBe(expected);
      expect(classifyFinding(t, finding(over))).toBe(got);
    }
    const families = cases.map(([over]) => classifyFinding(t, finding(over)));
    for (let k = 0; k < cases.length; k += 2) expect(families[k]).not.toBe(families[k + 1]);
  });

  it('sends every finding of a noisy rule to noisy scans', () => {
    // 3 false positives of 5 findings = 60 % ≥ 50 % over ≥ 5 findings: noisy. 2 of 5 = 40 %: not.
    const fps = (rule: string, fp: number, all: number) => Array.from({ length: all }, (_, i) => ({ ruleId: rule, falsePositive: i < fp }));
    const noisy = noisyRuleIds(T, [...fps('r-noisy', 3, 5), ...fps('r-ok', 2, 5), ...fps('r-few', 4, 4)]);
    expect([...noisy]).toEqual(['r-noisy']);
    expect(classifyFinding(T, finding({ cwes: [89], ruleId: 'r-noisy' }), noisy)).toBe('noisy-scans');
    expect(classifyFinding(T, finding({ cwes: [89], ruleId: 'r-ok' }), noisy)).toBe('injection');
  });

  it.each<[string | null, string | null]>([
    ['Cross-tenant data exposure via report export', 'tenant-boundary'],
    ['Leaked AWS access key used from a CI runner', 'secrets-exposure'],
    ['Compromised GitHub Actions workflow', 'ci-runner-artifact-trust'],
    ['SQL INJECTION in search', 'injection'],
    ['Power outage', null],
    [null, null],
  ])('classifies the incident cause %j as %j', (cause, expected) => {
    expect(classifyIncident(T, cause)).toBe(expected);
  });

  it('labels families, unmapped categories and unknown ids', () => {
    expect(familyLabel(T, 'tenant-boundary')).toBe('tenant-boundary logic gaps');
    expect(familyLabel(T, 'unmapped:sast')).toBe('other SAST findings');
    expect(familyLabel(loadTaxonomy('', 'empty.yaml'), 'unmapped:dast')).toBe('other dast findings');
    expect(familyLabel(T, 'nope')).toBe('nope');
  });
});

describe('mergeTaxonomy', () => {
  const extension = loadTaxonomy(
    `
families:
  - id: tenant-boundary
    label: tenant isolation gaps
    match:
      - rules: ['row-level-security']
  - id: legacy-auth
    label: legacy auth consistency checks
    match:
      - rules: ['legacy-auth']
    incidentCauses: ['legacy auth']
unmapped:
  sast: other code findings
noisyScans:
  family: noisy-scans
  ruleFalsePositiveShare: 0.9
  minRuleFindings: 10
`,
    'acme.yaml',
  );
  const merged = mergeTaxonomy(T, extension);

  it('overrides a family by id in place, replacing its matchers', () => {
    const ids = merged.families.map((f) => f.id);
    expect(ids.indexOf('tenant-boundary')).toBe(T.families.findIndex((f) => f.id === 'tenant-boundary') + 1);
    expect(familyLabel(merged, 'tenant-boundary')).toBe('tenant isolation gaps');
    expect(classifyFinding(merged, finding({ ruleId: 'rls/row-level-security-missing' }))).toBe('tenant-boundary');
    // The override replaced CWE-639: it now falls through to the next family that lists it (none), so unmapped.
    expect(classifyFinding(merged, finding({ cwes: [639] }))).toBe('unmapped:sast');
  });

  it('tries new families before the base ones', () => {
    expect(merged.families[0]?.id).toBe('legacy-auth');
    // CWE-862 alone would be authorization consistency; the company rule wins.
    expect(classifyFinding(merged, finding({ cwes: [862], ruleId: 'acme.legacy-auth.session-check' }))).toBe('legacy-auth');
    expect(classifyIncident(merged, 'Legacy auth bypass')).toBe('legacy-auth');
  });

  it('merges unmapped labels per category and replaces noisyScans', () => {
    expect(familyLabel(merged, 'unmapped:sast')).toBe('other code findings');
    expect(familyLabel(merged, 'unmapped:dast')).toBe('other DAST findings');
    expect(merged.noisyScans).toEqual({ family: 'noisy-scans', ruleFalsePositiveShare: 0.9, minRuleFindings: 10 });
    expect(merged.sources).toEqual(['data/failure-modes.yaml', 'acme.yaml']);
  });

  it('keeps the base untouched', () => {
    expect(familyLabel(T, 'tenant-boundary')).toBe('tenant-boundary logic gaps');
  });

  it('rejects a noisyScans family that exists nowhere', () => {
    const bad = loadTaxonomy('noisyScans: { family: nope, ruleFalsePositiveShare: 0.5, minRuleFindings: 3 }', 'bad.yaml');
    expect(() => mergeTaxonomy(T, bad)).toThrow('bad.yaml: noisyScans.family: no family with id "nope"');
  });
});

describe('loadTaxonomy errors', () => {
  it.each<[string, string, string]>([
    ['an unknown key in a family', 'families:\n  - id: x\n    label: y\n    colour: red\n', 'acme.yaml: families[0] (family "x"): unknown key "colour"'],
    ['an unknown top-level key', 'famlies: []\n', 'acme.yaml: (top level): unknown key "famlies"'],
    [
      'an unknown key in a match clause',
      'families:\n  - id: x\n    label: y\n    match:\n      - cwe: [79]\n',
      'acme.yaml: families[0].match[0] (family "x"): unknown key "cwe"',
    ],
    [
      'an invalid regular expression',
      'families:\n  - id: x\n    label: y\n    match:\n      - rules: ["("]\n',
      'acme.yaml: families[0].match[0].rules[0] (family "x"): Invalid regular expression',
    ],
    [
      'an unknown category',
      'families:\n  - id: x\n    label: y\n    match:\n      - categories: [sasst]\n',
      'acme.yaml: families[0].match[0].categories[0] (family "x"): Invalid option',
    ],
    [
      'an empty match clause',
      'families:\n  - id: x\n    label: y\n    match:\n      - {}\n',
      'a match clause needs at least one of cwes, rules, categories, paths',
    ],
    ['a duplicate id', 'families:\n  - id: x\n    label: y\n  - id: x\n    label: z\n', 'acme.yaml: families[1].id: duplicate family id "x"'],
    ['a bad id', 'families:\n  - id: Not Ok\n    label: y\n', 'acme.yaml: families[0].id: expected a lowercase id'],
    ['YAML syntax', 'families: [\n', 'acme.yaml:2:1: not valid YAML'],
    ['a list at the top level', '- a\n', 'acme.yaml: expected a mapping'],
  ])('rejects %s, naming the source and key', (_, text, message) => {
    expect(() => loadTaxonomy(text, 'acme.yaml')).toThrow(message);
    expect(() => loadTaxonomy(text, 'acme.yaml')).toThrow(SecscoreError);
  });

  it('says where its YAML is broken in one line ending with the reason (no dangling position)', () => {
    expect(() => loadTaxonomy('families: [\n', 'acme.yaml')).toThrow(
      /^acme\.yaml:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    );
  });

  it('reads an empty file as an empty extension', () => {
    expect(loadTaxonomy('', 'empty.yaml')).toEqual({ sources: ['empty.yaml'], families: [], unmapped: {}, noisyScans: null });
  });
});
