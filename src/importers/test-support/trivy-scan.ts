/** A vulnerability of a hand-made Trivy scan. */
export interface TrivyVuln {
  id: string;
  pkg: string;
  /** Trivy's words: CRITICAL, HIGH, ... (default CRITICAL). */
  severity?: string;
}

/**
 * The text of a minimal Trivy repository scan (SchemaVersion 2) of `repo` at `at`, as Trivy
 * writes it: tests that need findings at chosen times import such files through the normal
 * importer rather than writing to the store.
 */
export function trivyRepoScan(repo: string, at: string, vulns: readonly TrivyVuln[]): string {
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: at,
    ArtifactName: repo,
    ArtifactType: 'repository',
    Results: [
      {
        Target: 'pom.xml',
        Class: 'lang-pkgs',
        Type: 'pom',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: v.pkg,
          InstalledVersion: '1.0.0',
          FixedVersion: '9.9.9',
          Severity: v.severity ?? 'CRITICAL',
          Title: `${v.id} in ${v.pkg}`,
        })),
      },
    ],
  });
}
