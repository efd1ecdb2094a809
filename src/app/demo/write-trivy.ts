import { createHash } from 'node:crypto';
import { toIso, type Millis } from '../../domain/time.js';
import type { Advisory, Ecosystem } from './advisories.js';
import { imageOf, repoUrlOf, type BaseOs, type DemoService, type Stack } from './company.js';
import type { MisconfCheck } from './rules.js';
import type { SimFinding } from './scenario.js';

/**
 * Trivy JSON (SchemaVersion 2) as `trivy image`, `trivy repository` and `trivy config` write
 * it. What the importers read: ArtifactType (container_image → container, repository → sca,
 * misconfigurations → iac), CreatedAt (scan time), ArtifactName without its tag or
 * Metadata.RepoURL (service), and per finding the id, package and severity. Every target a
 * scanner looked at is listed, with or without findings, as Trivy does.
 */

const OS_RELEASE: Record<BaseOs, string> = { 'debian-12': '12.7', 'debian-11': '11.11' };

/** Where Trivy reports a stack's language packages inside an image, and in a repository. */
const LANG_TARGETS: Record<Exclude<Stack, 'docker'>, { image: { target: (id: string) => string; type: string }; repo: { target: string; type: string } }> = {
  go: { image: { target: (id) => `usr/local/bin/${id}`, type: 'gobinary' }, repo: { target: 'go.mod', type: 'gomod' } },
  java: { image: { target: () => 'Java', type: 'jar' }, repo: { target: 'pom.xml', type: 'pom' } },
  node: { image: { target: () => 'Node.js', type: 'node-pkg' }, repo: { target: 'package-lock.json', type: 'npm' } },
  python: { image: { target: () => 'Python', type: 'python-pkg' }, repo: { target: 'poetry.lock', type: 'poetry' } },
};

const DATA_SOURCES: Record<Ecosystem, { ID: string; Name: string; URL: string }> = {
  debian: { ID: 'debian', Name: 'Debian Security Tracker', URL: 'https://salsa.debian.org/security-tracker-team/security-tracker' },
  go: { ID: 'govulndb', Name: 'The Go Vulnerability Database', URL: 'https://pkg.go.dev/vuln/' },
  npm: { ID: 'ghsa', Name: 'GitHub Security Advisory npm', URL: 'https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm' },
  python: { ID: 'ghsa', Name: 'GitHub Security Advisory pip', URL: 'https://github.com/advisories?query=type%3Areviewed+ecosystem%3Apip' },
  java: { ID: 'ghsa', Name: 'GitHub Security Advisory Maven', URL: 'https://github.com/advisories?query=type%3Areviewed+ecosystem%3Amaven' },
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface ImageScan {
  service: DemoService;
  at: Millis;
  version: string;
  findings: readonly SimFinding[];
}

export function trivyImageReport(scan: ImageScan): object {
  const { service } = scan;
  const ref = `${imageOf(service.id)}:${scan.version}`;
  const release = OS_RELEASE[service.baseOs];
  const layer = `sha256:${sha256(`${service.id}:base:${service.baseOs}`)}`;
  const appLayer = `sha256:${sha256(`${service.id}:app:${scan.version}`)}`;
  const os = scan.findings.filter((f) => f.source.kind === 'vuln' && f.source.advisory.ecosystem === 'debian');
  const lang = scan.findings.filter((f) => f.source.kind === 'vuln' && f.source.advisory.ecosystem !== 'debian');
  const results: object[] = [
    result(
      `${ref} (debian ${release})`,
      'os-pkgs',
      'debian',
      os.map((f) => vulnerability(f, service, layer)),
    ),
  ];
  if (service.stack !== 'docker') {
    const t = LANG_TARGETS[service.stack].image;
    results.push(
      result(
        t.target(service.id),
        'lang-pkgs',
        t.type,
        lang.map((f) => vulnerability(f, service, appLayer)),
      ),
    );
  }
  return {
    SchemaVersion: 2,
    CreatedAt: toIso(scan.at),
    ArtifactName: ref,
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'debian', Name: release },
      ImageID: `sha256:${sha256(`${service.id}:image:${scan.version}`)}`,
      DiffIDs: [layer, appLayer],
      RepoTags: [ref],
      RepoDigests: [`${imageOf(service.id)}@sha256:${sha256(`${service.id}:digest:${scan.version}`)}`],
      ImageConfig: {
        architecture: 'amd64',
        created: toIso(scan.at - 6 * 3_600_000),
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layer, appLayer] },
        config: { Labels: { 'org.opencontainers.image.source': repoUrlOf(service.id), 'org.opencontainers.image.version': scan.version } },
      },
    },
    Results: results,
  };
}

export interface RepoScan {
  service: DemoService;
  at: Millis;
  commit: string;
  findings: readonly SimFinding[];
}

/** `trivy repository` of a service without an image (a library or a batch job): its lockfile. */
export function trivyRepoReport(scan: RepoScan): object {
  const { service } = scan;
  if (service.stack === 'docker') throw new Error(`demo: ${service.id} has no lockfile to scan`);
  const t = LANG_TARGETS[service.stack].repo;
  return {
    SchemaVersion: 2,
    CreatedAt: toIso(scan.at),
    ArtifactName: repoUrlOf(service.id),
    ArtifactType: 'repository',
    Metadata: repoMetadata(scan),
    Results: [
      result(
        t.target,
        'lang-pkgs',
        t.type,
        scan.findings.map((f) => vulnerability(f, service, null)),
      ),
    ],
  };
}

/** `trivy config` of a service's Terraform: one result per file, failures listed. */
export function trivyConfigReport(scan: RepoScan & { targets: readonly string[] }): object {
  const results = scan.targets.map((target) => {
    const failures = scan.findings.filter((f) => f.source.kind === 'misconf' && f.source.check.target === target);
    const successes = 8 + (parseInt(sha256(`${scan.service.id}:${target}`).slice(0, 2), 16) % 17);
    return {
      Target: target,
      Class: 'config',
      Type: 'terraform',
      MisconfSummary: { Successes: successes, Failures: failures.length },
      ...(failures.length > 0 ? { Misconfigurations: failures.map(misconfiguration) } : {}),
    };
  });
  return {
    SchemaVersion: 2,
    CreatedAt: toIso(scan.at),
    ArtifactName: repoUrlOf(scan.service.id),
    ArtifactType: 'repository',
    Metadata: repoMetadata(scan),
    Results: results,
  };
}

function repoMetadata(scan: RepoScan): object {
  return {
    RepoURL: repoUrlOf(scan.service.id),
    Branch: 'main',
    Commit: scan.commit,
    CommitMsg: `Merge pull request #${100 + (parseInt(scan.commit.slice(0, 4), 16) % 900)} from acme/renovate/lockfile-maintenance`,
    Author: `${scan.service.owners[0] ?? 'dev'} <${scan.service.owners[0] ?? 'dev'}@acme.example>`,
    Committer: 'GitHub <noreply@github.com>',
  };
}

function result(target: string, cls: string, type: string, vulnerabilities: object[]): object {
  return { Target: target, Class: cls, Type: type, ...(vulnerabilities.length > 0 ? { Vulnerabilities: vulnerabilities } : {}) };
}

function vulnerability(f: SimFinding, service: DemoService, layer: string | null): object {
  const s = f.source;
  if (s.kind !== 'vuln') throw new Error(`demo: ${f.key} is not a vulnerability`);
  const a = s.advisory;
  return {
    VulnerabilityID: a.id,
    PkgID: `${a.pkg}@${s.installed}`,
    PkgName: a.pkg,
    ...(pkgPath(a, s.installed) ? { PkgPath: pkgPath(a, s.installed) } : {}),
    PkgIdentifier: { PURL: purl(a, s.installed, service) },
    InstalledVersion: s.installed,
    ...(s.fixed ? { FixedVersion: s.fixed } : {}),
    Status: s.fixed ? 'fixed' : 'affected',
    ...(layer ? { Layer: { DiffID: layer } } : {}),
    SeveritySource: a.ecosystem === 'debian' || a.ecosystem === 'go' ? 'nvd' : 'ghsa',
    PrimaryURL: `https://avd.aquasec.com/nvd/${a.id.toLowerCase()}`,
    DataSource: DATA_SOURCES[a.ecosystem],
    Title: a.title,
    Severity: a.severity,
    CweIDs: a.cwes,
    CVSS: { nvd: { V3Score: a.score } },
    References: [`https://nvd.nist.gov/vuln/detail/${a.id}`, `https://www.cve.org/CVERecord?id=${a.id}`],
    PublishedDate: a.published,
    LastModifiedDate: a.published,
  };
}

/** Where an image keeps the package's metadata (stable per package version). */
function pkgPath(a: Advisory, installed: string): string | null {
  switch (a.ecosystem) {
    case 'npm':
      return `app/node_modules/${a.pkg}/package.json`;
    case 'python':
      return `usr/local/lib/python3.11/site-packages/${a.pkg}-${installed}.dist-info/METADATA`;
    case 'java':
      return 'app/app.jar';
    default:
      return null;
  }
}

function purl(a: Advisory, installed: string, service: DemoService): string {
  const v = encodeURIComponent(installed);
  switch (a.ecosystem) {
    case 'debian':
      return `pkg:deb/debian/${a.pkg}@${v}?arch=amd64&distro=debian-${OS_RELEASE[service.baseOs]}`;
    case 'go':
      return `pkg:golang/${a.pkg}@${v}`;
    case 'npm':
      return `pkg:npm/${a.pkg}@${v}`;
    case 'python':
      return `pkg:pypi/${a.pkg.toLowerCase()}@${v}`;
    case 'java': {
      const [group, artifact] = a.pkg.split(':');
      return `pkg:maven/${group}/${artifact}@${v}`;
    }
  }
}

function misconfiguration(f: SimFinding): object {
  const s = f.source;
  if (s.kind !== 'misconf') throw new Error(`demo: ${f.key} is not a misconfiguration`);
  const c: MisconfCheck = s.check;
  const slug = c.id.toLowerCase();
  const rego = c.id.replace(/^AVD-AWS-/, 'aws');
  return {
    Type: 'Terraform Security Check',
    ID: c.id,
    AVDID: c.id,
    Title: c.title,
    Description: c.description,
    Message: c.message,
    Namespace: `builtin.aws.${c.service}.${rego}`,
    Query: `data.builtin.aws.${c.service}.${rego}.deny`,
    Resolution: c.resolution,
    Severity: c.severity,
    PrimaryURL: `https://avd.aquasec.com/misconfig/${slug}`,
    References: [`https://avd.aquasec.com/misconfig/${slug}`],
    Status: 'FAIL',
    Layer: {},
    CauseMetadata: {
      Resource: s.resource,
      Provider: 'AWS',
      Service: c.service,
      StartLine: s.startLine,
      EndLine: s.startLine + 6,
      Code: { Lines: null },
    },
  };
}
