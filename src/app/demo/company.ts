import type { Catalog } from '../../domain/service.js';
import type { Tier } from '../../domain/severity.js';

/**
 * The demo's example company, after the seed's worked example (seeds/000): four product
 * lines, five product areas, and the services behind them. Platform / CI foundation sits
 * under the Enterprise core platform line: the seed credits that line with "better release
 * trust", which is the platform team's work.
 */

export type AreaKey = 'core' | 'reporting' | 'frontend' | 'data' | 'platform';

/** What a service is built from: decides its rules, its lockfiles and its image's packages. */
export type Stack = 'go' | 'java' | 'node' | 'python' | 'docker';

/** Debian release of a service's base image. */
export type BaseOs = 'debian-12' | 'debian-11';

export interface DemoLine {
  name: string;
  owner: string;
}

export interface DemoArea {
  key: AreaKey;
  name: string;
  line: string;
  owner: string;
}

export interface DemoService {
  id: string;
  name: string;
  area: AreaKey;
  tier: Tier;
  internetExposed: boolean;
  owners: string[];
  stack: Stack;
  /** Deployable: has a container image in the registry (scanned by Trivy as an image). */
  image: boolean;
  baseOs: BaseOs;
  tags: string[];
}

export interface DemoCompany {
  lines: DemoLine[];
  areas: DemoArea[];
  services: DemoService[];
}

export const REPO_HOST = 'github.com/acme';
export const REGISTRY = 'registry.acme.io';

export const repoOf = (id: string): string => `${REPO_HOST}/${id}`;
export const repoUrlOf = (id: string): string => `https://${repoOf(id)}`;
export const imageOf = (id: string): string => `${REGISTRY}/${id}`;
/** The production cloud account of an area's services (cloud-control results name it). */
export const cloudAccountOf = (area: AreaKey): string => `acme-${area}-prod`;

const LINES: DemoLine[] = [
  { name: 'Enterprise core platform', owner: 'vp-core' },
  { name: 'Reporting and export services', owner: 'vp-reporting' },
  { name: 'Customer-facing UI platform', owner: 'vp-experience' },
  { name: 'Data ingestion and workers', owner: 'vp-data' },
];

const AREAS: DemoArea[] = [
  { key: 'core', name: 'Core API services', line: 'Enterprise core platform', owner: 'team-core-api' },
  { key: 'reporting', name: 'Reporting services', line: 'Reporting and export services', owner: 'team-reporting' },
  { key: 'frontend', name: 'Frontend platform', line: 'Customer-facing UI platform', owner: 'team-frontend' },
  { key: 'data', name: 'Data workers', line: 'Data ingestion and workers', owner: 'team-data' },
  { key: 'platform', name: 'Platform / CI foundation', line: 'Enterprise core platform', owner: 'team-platform' },
];

const RELEASE = 'paved-road:release';
const OIDC = 'paved-road:oidc';
const IAC = 'iac';

type Row = [
  id: string,
  name: string,
  area: AreaKey,
  tier: Tier,
  internet: boolean,
  owners: string[],
  stack: Stack,
  image: boolean,
  tags: string[],
  baseOs?: BaseOs,
];

// prettier-ignore
const SERVICES: Row[] = [
  ['billing-api',        'Billing API',          'core',      0, true,  ['team-billing'],                   'go',     true,  [RELEASE, OIDC, IAC]],
  ['auth-gateway',       'Auth Gateway',         'core',      0, true,  ['team-identity'],                  'go',     true,  [RELEASE, OIDC, IAC]],
  ['tenant-api',         'Tenant API',           'core',      1, true,  ['team-core-api'],                  'go',     true,  [RELEASE]],
  ['legacy-sso-bridge',  'Legacy SSO Bridge',    'core',      2, false, ['team-identity'],                  'java',   false, []],
  ['report-builder',     'Report Builder',       'reporting', 1, true,  ['team-reporting'],                 'java',   true,  [RELEASE]],
  // The shared service: two owning teams, and the tenant-boundary logic of every export.
  ['export-service',     'Export Service',       'reporting', 1, true,  ['team-reporting', 'team-data'],    'java',   true,  []],
  ['scheduler',          'Report Scheduler',     'reporting', 2, false, ['team-reporting'],                 'python', true,  []],
  ['pdf-renderer',       'PDF Renderer',         'reporting', 2, false, ['team-reporting'],                 'node',   false, []],
  ['web-app',            'Web App',              'frontend',  0, true,  ['team-frontend'],                  'node',   true,  [RELEASE, OIDC]],
  ['checkout-ui',        'Checkout UI',          'frontend',  1, true,  ['team-checkout'],                  'node',   true,  [RELEASE]],
  ['design-system',      'Design System',        'frontend',  2, false, ['team-frontend'],                  'node',   false, [RELEASE]],
  ['ingest-worker',      'Ingest Worker',        'data',      1, true,  ['team-data'],                      'python', true,  [RELEASE]],
  ['enrichment-worker',  'Enrichment Worker',    'data',      2, false, ['team-data'],                      'python', true,  []],
  ['etl-jobs',           'ETL Jobs',             'data',      2, false, ['team-data'],                      'python', false, []],
  ['ci-runners',         'CI Runners',           'platform',  1, false, ['team-platform'],                  'go',     true,  [IAC]],
  ['build-images',       'Build Images',         'platform',  1, false, ['team-platform'],                  'docker', true,  [RELEASE], 'debian-11'],
  ['artifact-registry',  'Artifact Registry',    'platform',  0, true,  ['team-platform'],                  'go',     true,  [RELEASE, OIDC, IAC]],
];

export const DEMO_COMPANY: DemoCompany = {
  lines: LINES,
  areas: AREAS,
  services: SERVICES.map(([id, name, area, tier, internetExposed, owners, stack, image, tags, baseOs]) => ({
    id,
    name,
    area,
    tier,
    internetExposed,
    owners,
    stack,
    image,
    baseOs: baseOs ?? 'debian-12',
    tags,
  })),
};

export function areaOf(company: DemoCompany, key: AreaKey): DemoArea {
  const area = company.areas.find((a) => a.key === key);
  if (!area) throw new Error(`demo company has no area ${key}`);
  return area;
}

/** The company as secscore's catalog model (what importing catalog.yaml yields). */
export function demoCatalog(company: DemoCompany = DEMO_COMPANY): Catalog {
  return {
    lines: company.lines.map((l) => ({ name: l.name, owners: [l.owner] })),
    areas: company.areas.map((a) => ({ name: a.name, line: a.line, owners: [a.owner] })),
    services: company.services.map((s) => {
      const area = areaOf(company, s.area);
      return {
        id: s.id,
        name: s.name,
        area: area.name,
        line: area.line,
        tier: s.tier,
        internetExposed: s.internetExposed,
        owners: [...s.owners],
        repos: [repoOf(s.id)],
        images: s.image ? [imageOf(s.id)] : [],
        cloudAccounts: [cloudAccountOf(s.area)],
        tags: [...s.tags],
      };
    }),
  };
}

/** The company as secscore's native catalog YAML. */
/** The first line of the demo's catalog.yaml: how `secscore demo` knows a folder it wrote (run-demo.ts). */
export const DEMO_CATALOG_HEADER = '# The demo company of `secscore demo` (generated; edit freely and re-import).';

export function catalogYaml(company: DemoCompany = DEMO_COMPANY): string {
  const out: string[] = [
    DEMO_CATALOG_HEADER,
    '# Product lines contain product areas; areas contain services. A service with two',
    '# owners is a shared service.',
    'lines:',
  ];
  for (const l of company.lines) out.push(`  - name: ${scalar(l.name)}`, `    owner: ${scalar(l.owner)}`);
  out.push('areas:');
  for (const a of company.areas) out.push(`  - name: ${scalar(a.name)}`, `    line: ${scalar(a.line)}`, `    owner: ${scalar(a.owner)}`);
  out.push('services:');
  for (const s of company.services) {
    out.push(
      `  - id: ${scalar(s.id)}`,
      `    name: ${scalar(s.name)}`,
      `    area: ${scalar(areaOf(company, s.area).name)}`,
      `    tier: ${s.tier}`,
      `    internetExposed: ${s.internetExposed}`,
      `    owners: ${flow(s.owners)}`,
      `    repos: ${flow([repoOf(s.id)])}`,
    );
    if (s.image) out.push(`    images: ${flow([imageOf(s.id)])}`);
    out.push(`    cloudAccounts: ${flow([cloudAccountOf(s.area)])}`);
    if (s.tags.length > 0) out.push(`    tags: ${flow(s.tags)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A plain YAML scalar when that is unambiguous, else a double-quoted (JSON) one. */
function scalar(text: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9 ./_-]*[A-Za-z0-9]$/.test(text) && !/^(true|false|null|yes|no|on|off)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}

function flow(items: readonly string[]): string {
  return `[${items.map((i) => (/^[A-Za-z][A-Za-z0-9./_:-]*$/.test(i) ? i : JSON.stringify(i))).join(', ')}]`;
}
