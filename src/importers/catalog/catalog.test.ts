import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError, type Place } from '../../domain/errors.js';
import type { Service } from '../../domain/service.js';
import { catalogFormatOf, readCatalog, type CatalogFile } from './read-catalog.js';

function fixture(name: string): CatalogFile {
  return { path: `fixtures/${name}`, text: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8') };
}

/** A file from its lines, so that line numbers in expectations can be counted. */
function file(path: string, ...lines: string[]): CatalogFile {
  return { path, text: `${lines.join('\n')}\n` };
}

interface EntityInput {
  kind?: string;
  name: string;
  metadata?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

/** A multi-document Backstage file; kind defaults to Component. */
function backstage(path: string, ...entities: EntityInput[]): CatalogFile {
  const docs = entities.map(({ kind = 'Component', name, metadata, annotations, spec }) =>
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, ...metadata, ...(annotations ? { annotations } : {}) },
      spec: { ...(kind === 'Component' ? { type: 'service', lifecycle: 'production', owner: 'team-x' } : {}), ...spec },
    }),
  );
  return { path, text: docs.join('---\n') };
}

const coreSystem: EntityInput[] = [
  { kind: 'Domain', name: 'core', metadata: { title: 'Core platform' }, spec: { owner: 'vp-core' } },
  { kind: 'System', name: 'core-api', metadata: { title: 'Core API' }, spec: { owner: 'team-core', domain: 'core' } },
];

function service(s: Partial<Service> & Pick<Service, 'id' | 'area' | 'line'>): Service {
  return { name: s.id, tier: 2, internetExposed: false, owners: [], repos: [], images: [], cloudAccounts: [], tags: [], ...s };
}

function readError(files: CatalogFile[]): InputError {
  try {
    readCatalog(files);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('catalogFormatOf', () => {
  it.each([
    { name: 'Backstage by apiVersion backstage.io and kind', file: backstage('catalog-info.yaml', { name: 'x' }), format: 'backstage' },
    {
      name: 'Backstage after comments and a document marker',
      file: file('a.yml', '# ours', '---', 'apiVersion: "backstage.io/v1beta1"', 'kind: System'),
      format: 'backstage',
    },
    { name: 'native YAML otherwise', file: fixture('services.yaml'), format: 'native-yaml' },
    { name: 'native YAML even with a nested apiVersion', file: file('c.yaml', 'services:', '  - apiVersion: backstage.io/v1alpha1'), format: 'native-yaml' },
    { name: 'CSV by the .csv extension', file: file('SERVICES.CSV', 'id,area'), format: 'native-csv' },
  ] as const)('detects $name', ({ file: f, format }) => {
    expect(catalogFormatOf(f)).toBe(format);
  });
});

describe('readCatalog: Backstage', () => {
  const { catalog, warnings } = readCatalog([fixture('catalog-info.yaml')]);

  it('maps Domains to product lines and Systems to product areas, by title else name', () => {
    expect(catalog.lines).toEqual([
      { name: 'Enterprise core platform', owners: ['vp-core'] },
      { name: 'Self-serve growth', owners: ['vp-growth'] },
      { name: 'finance', owners: [] },
    ]);
    expect(catalog.areas).toEqual([
      { name: 'Core API services', line: 'Enterprise core platform', owners: ['team-core-api'] },
      { name: 'reporting', line: 'Enterprise core platform', owners: ['team-data'] },
      { name: 'Checkout', line: 'Self-serve growth', owners: ['team-checkout'] },
      { name: 'legacy-billing', line: 'finance', owners: ['team-billing'] },
      { name: 'ml-platform', line: 'Enterprise core platform', owners: [] },
    ]);
  });

  it.each([
    {
      name: 'takes tier, exposure, images, accounts and tags from annotations and deduplicates repos and tags',
      expected: service({
        id: 'billing-api',
        name: 'Billing API',
        area: 'Core API services',
        line: 'Enterprise core platform',
        tier: 0,
        internetExposed: true,
        owners: ['team-billing'],
        repos: ['github.com/acme/billing-api'],
        images: ['registry.acme.io/billing-api', 'ghcr.io/acme/billing-worker'],
        cloudAccounts: ['123456789012', '012345678901'],
        tags: ['java', 'payments', 'paved-road:release', 'iac'],
      }),
    },
    {
      name: 'applies the defaults (name = id, tier 2, not exposed) and resolves a kind-qualified system ref',
      expected: service({ id: 'reports-worker', area: 'reporting', line: 'Enterprise core platform', owners: ['team-data'] }),
    },
    {
      name: 'lets secscore.io/owners override spec.owner for a shared service',
      expected: service({
        id: 'auth-gateway',
        name: 'Auth gateway',
        area: 'Core API services',
        line: 'Enterprise core platform',
        tier: 1,
        owners: ['team-identity', 'team-core-api'],
        repos: ['github.com/acme/auth-gateway'],
      }),
    },
    {
      name: 'prefixes a non-default namespace and reads a GitLab source location',
      expected: service({
        id: 'shop/storefront',
        name: 'Storefront',
        area: 'Checkout',
        line: 'Self-serve growth',
        tier: 1,
        internetExposed: true,
        owners: ['team-checkout'],
        repos: ['gitlab.com/acme/shop/storefront'],
      }),
    },
    {
      name: "uses an unknown Domain's ref name as the line",
      expected: service({ id: 'ledger', area: 'legacy-billing', line: 'finance', owners: ['team-billing'], repos: ['github.com/acme/ledger'] }),
    },
    {
      name: "uses an unknown System's ref name as the area and secscore.io/line as its line",
      expected: service({ id: 'fraud-model', area: 'ml-platform', line: 'Enterprise core platform', owners: ['team-risk'] }),
    },
  ])('$name', ({ expected }) => {
    expect(catalog.services.find((s) => s.id === expected.id)).toEqual(expected);
  });

  it('reads every Component and nothing else', () => {
    expect(catalog.services.map((s) => s.id)).toEqual(['billing-api', 'reports-worker', 'auth-gateway', 'shop/storefront', 'ledger', 'fraud-model']);
  });

  it('warns about Location entities and refs to entities in none of the files, and ignores API and Group silently', () => {
    expect(warnings).toEqual([
      expect.stringMatching(/location:acme-repositories ignored: Location targets are not followed/),
      expect.stringMatching(/system:legacy-billing: domain "finance" is in none of the catalog files/),
      expect.stringMatching(/component:fraud-model: system "ml-platform" is in none of the catalog files/),
    ]);
  });

  it('warns about kinds it does not know', () => {
    const result = readCatalog([backstage('c.yaml', ...coreSystem, { kind: 'Workflow', name: 'deploy' })]);
    expect(result.warnings).toEqual([expect.stringMatching(/workflow:deploy ignored/)]);
  });

  it('resolves Systems and Domains defined in another file, in either order', () => {
    const components = backstage('billing/catalog-info.yaml', { name: 'billing-api', spec: { system: 'system:default/core-api' } });
    const systems = backstage('catalog/systems.yaml', ...coreSystem);
    for (const files of [
      [components, systems],
      [systems, components],
    ]) {
      const result = readCatalog(files);
      expect(result.catalog.services).toEqual([service({ id: 'billing-api', area: 'Core API', line: 'Core platform', owners: ['team-x'] })]);
      expect(result.warnings).toEqual([]);
    }
  });

  it.each([
    {
      name: 'a project slug becomes a github.com repository',
      annotations: { 'github.com/project-slug': 'Acme/Billing-API' },
      repos: ['github.com/acme/billing-api'],
    },
    {
      name: 'a GitLab project slug becomes a gitlab.com repository',
      annotations: { 'gitlab.com/project-slug': 'acme/shop/web' },
      repos: ['gitlab.com/acme/shop/web'],
    },
    {
      name: 'a GitHub source location drops the tree path',
      annotations: { 'backstage.io/source-location': 'url:https://github.com/acme/x/tree/main/services/api' },
      repos: ['github.com/acme/x'],
    },
    {
      name: 'a blob source location drops the file path',
      annotations: { 'backstage.io/source-location': 'url:https://github.com/acme/x/blob/main/catalog-info.yaml' },
      repos: ['github.com/acme/x'],
    },
    {
      name: 'a repository named src survives',
      annotations: { 'backstage.io/source-location': 'url:https://github.com/acme/src/tree/main/' },
      repos: ['github.com/acme/src'],
    },
    { name: 'a local source location names no repository', annotations: { 'backstage.io/source-location': 'dir:./services/api' }, repos: [] },
    {
      name: 'a slug on GitHub Enterprise is not doubled on github.com',
      annotations: { 'github.com/project-slug': 'acme/x', 'backstage.io/source-location': 'url:https://github.acme.corp/acme/x/tree/main/' },
      repos: ['github.acme.corp/acme/x'],
    },
    {
      name: 'images lose tags, digests and the docker.io prefix',
      annotations: { 'secscore.io/images': 'docker.io/library/nginx:1.27, Registry.Acme.io/api@sha256:0a1b, registry.acme.io:5000/api:v2,,' },
      images: ['nginx', 'registry.acme.io/api', 'registry.acme.io:5000/api'],
    },
  ])('normalizes repositories and images: $name', ({ annotations, repos, images }) => {
    const { catalog: c } = readCatalog([backstage('c.yaml', ...coreSystem, { name: 'x', annotations, spec: { system: 'core-api' } })]);
    const s = c.services[0]!;
    if (repos) expect(s.repos).toEqual(repos);
    if (images) expect(s.images).toEqual(images);
  });

  it.each([
    ['not a URL', 'url:not a url'],
    ['a host without owner/name', 'url:https://github.com/acme'],
  ])('warns of a url: source location that names no repository (%s), and keeps the service without it', (_what, location) => {
    const { catalog: c, warnings } = readCatalog([
      backstage('c.yaml', ...coreSystem, { name: 'x', annotations: { 'backstage.io/source-location': location }, spec: { system: 'core-api' } }),
    ]);
    expect(c.services[0]!.repos).toEqual([]);
    expect(warnings).toEqual([
      `c.yaml: component:x: backstage.io/source-location ${JSON.stringify(location)} names no repository (expected url:https://<host>/<owner>/<name>…); the service has no repository from it`,
    ]);
  });

  it('says nothing of a source location that names its repository, or a local one', () => {
    for (const location of ['url:https://github.com/acme/x/tree/main/', 'dir:./services/api']) {
      const { warnings } = readCatalog([
        backstage('c.yaml', ...coreSystem, { name: 'x', annotations: { 'backstage.io/source-location': location }, spec: { system: 'core-api' } }),
      ]);
      expect(warnings).toEqual([]);
    }
  });

  it('takes the area from secscore.io/area when a component has no System', () => {
    const result = readCatalog([backstage('c.yaml', { name: 'x', annotations: { 'secscore.io/area': 'Data', 'secscore.io/line': 'Insights' } })]);
    expect(result.catalog.services).toEqual([service({ id: 'x', area: 'Data', line: 'Insights', owners: ['team-x'] })]);
    expect(result.catalog.areas).toEqual([{ name: 'Data', line: 'Insights', owners: [] }]);
    expect(result.catalog.lines).toEqual([{ name: 'Insights', owners: [] }]);
  });
});

describe('readCatalog: native YAML and CSV', () => {
  it('YAML and CSV give the same catalog for the same services', () => {
    const yaml = readCatalog([fixture('services.yaml')]);
    const csv = readCatalog([fixture('services.csv')]);
    expect(csv).toEqual(yaml);
    expect(yaml.warnings).toEqual([]);
    expect(yaml.catalog.services.map((s) => s.id)).toEqual(['billing-api', 'auth-gateway', 'storefront']);
    expect(yaml.catalog.services[2]).toEqual(
      service({
        id: 'storefront',
        area: 'Checkout',
        line: 'Self-serve growth',
        tier: 1,
        internetExposed: true,
        owners: ['team-checkout'],
        repos: ['gitlab.com/acme/shop/storefront'],
        images: ['acme/storefront', 'acme/storefront-ssr'],
        tags: ['paved-road:release'],
      }),
    );
  });

  it('reads the example catalog that secscore init writes', () => {
    const text = readFileSync(new URL('../../../data/example-catalog.yaml', import.meta.url), 'utf8');
    const { catalog, warnings } = readCatalog([{ path: 'catalog.yaml', text }]);
    expect(warnings).toEqual([]);
    expect(catalog.lines).toEqual([
      { name: 'Enterprise core platform', owners: ['vp-core'] },
      { name: 'Self-serve growth', owners: ['vp-growth'] },
    ]);
    expect(catalog.areas.map((a) => [a.name, a.line, a.owners])).toEqual([
      ['Core API services', 'Enterprise core platform', ['team-core-api']],
      ['Checkout', 'Self-serve growth', ['team-checkout']],
      ['Reporting', 'Enterprise core platform', []],
    ]);
    expect(catalog.services.find((s) => s.id === 'reports-worker')).toEqual(
      service({ id: 'reports-worker', area: 'Reporting', line: 'Enterprise core platform' }),
    );
  });

  it("gives a service its declared area's line", () => {
    const { catalog } = readCatalog([file('c.yaml', 'areas:', '  - name: Payments', '    line: Commerce', 'services:', '  - id: pay', '    area: Payments')]);
    expect(catalog.services).toEqual([service({ id: 'pay', area: 'Payments', line: 'Commerce' })]);
    expect(catalog.lines).toEqual([{ name: 'Commerce', owners: [] }]);
  });

  it('warns and reads nothing from an empty file', () => {
    expect(readCatalog([file('empty.yaml', '# nothing yet')])).toEqual({
      catalog: { lines: [], areas: [], services: [] },
      warnings: ['empty.yaml: the catalog file is empty'],
    });
  });
});

describe('readCatalog: merging files', () => {
  const a = file('a.yaml', 'services:', '  - id: api', '    area: Core', '    line: Platform', '    tier: 0');
  const b = file('b.csv', 'id,area,line,tier', 'api,Core,Platform,1');

  it('lets the later file win for a service defined in two files, with a warning', () => {
    const { catalog, warnings } = readCatalog([a, b]);
    expect(catalog.services).toEqual([service({ id: 'api', area: 'Core', line: 'Platform', tier: 1 })]);
    expect(warnings).toEqual(['b.csv: service "api" is also defined in a.yaml; the definition in b.csv is used']);
  });

  it('merges an area declared identically in two files without a warning', () => {
    const area = ['areas:', '  - name: Core', '    line: Platform'];
    const { catalog, warnings } = readCatalog([file('x.yaml', ...area), file('y.yaml', ...area, 'services:', '  - id: api', '    area: Core')]);
    expect(catalog.areas).toEqual([{ name: 'Core', line: 'Platform', owners: [] }]);
    expect(warnings).toEqual([]);
  });

  it('reads a file given twice once', () => {
    expect(readCatalog([a, a]).warnings).toEqual(['a.yaml: given twice; read once']);
  });
});

describe('readCatalog: errors name the file, the place and what was expected', () => {
  const component = (annotations: Record<string, unknown>, spec: Record<string, unknown> = { system: 'core-api' }) =>
    backstage('catalog-info.yaml', ...coreSystem, { name: 'billing-api', annotations, spec });

  it.each<{ name: string; files: CatalogFile[]; file: string; format: string; place: Place; detail: string | RegExp }>([
    {
      name: 'a tier annotation other than 0, 1 or 2',
      files: [component({ 'secscore.io/tier': '3' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'secscore.io/tier' },
      detail: 'annotation secscore.io/tier must be 0, 1 or 2, got "3"',
    },
    {
      name: 'an internet-exposed annotation other than true or false',
      files: [component({ 'secscore.io/internet-exposed': 'yes' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'secscore.io/internet-exposed' },
      detail: 'annotation secscore.io/internet-exposed must be true or false, got "yes"',
    },
    {
      name: 'an unquoted annotation value',
      files: [component({ 'secscore.io/tier': 1 })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api' },
      detail: /secscore.io\/tier must be a string .*quote the value/,
    },
    {
      name: 'a component without spec.system or secscore.io/area',
      files: [component({}, {})],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api' },
      detail: 'a service needs a product area: set spec.system to its System, or the annotation secscore.io/area',
    },
    {
      name: 'a spec.system that references another kind',
      files: [component({}, { system: 'group:team-x' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'system' },
      detail: 'spec.system must reference a System, got "group:team-x"',
    },
    {
      name: 'a spec.system holding a line break',
      files: [component({}, { system: 'core\napi' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'system', line: 27 },
      detail: 'spec.system must be an entity reference [kind:][namespace/]name on one line, without control characters, got "core\\napi"',
    },
    {
      name: 'a spec.domain holding a carriage return and line feed',
      files: [backstage('catalog-info.yaml', { kind: 'System', name: 'core-api', spec: { domain: 'core\r\nplatform' } })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'system:core-api', field: 'domain' },
      detail: 'spec.domain must be an entity reference [kind:][namespace/]name on one line, without control characters, got "core\\r\\nplatform"',
    },
    {
      name: 'a spec.owner holding a Unicode line separator',
      files: [component({}, { system: 'core-api', owner: 'team\u2028x' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'owner' },
      detail: /^spec\.owner must be an entity reference \[kind:\]\[namespace\/\]name on one line, without control characters, got "team\u2028x"$/,
    },
    {
      name: 'a spec.system with an empty name',
      files: [component({}, { system: 'system:default/' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'system' },
      detail: 'spec.system must be an entity reference [kind:][namespace/]name with no empty part, got "system:default/"',
    },
    {
      name: 'a spec.domain with an empty kind',
      files: [backstage('catalog-info.yaml', { kind: 'System', name: 'core-api', spec: { domain: ':core' } })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'system:core-api', field: 'domain' },
      detail: 'spec.domain must be an entity reference [kind:][namespace/]name with no empty part, got ":core"',
    },
    {
      name: 'a spec.system that is not a string',
      files: [component({}, { system: ['core-api'] })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'system' },
      detail: 'system must be a string, got a list',
    },
    {
      name: 'a spec.domain that is not a string',
      files: [backstage('catalog-info.yaml', { kind: 'System', name: 'core-api', spec: { domain: 7 } })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'system:core-api', field: 'domain' },
      detail: /^domain must be a string, got 7/,
    },
    {
      name: 'a source location holding a line break',
      files: [component({ 'backstage.io/source-location': 'url:https://github.com/acme/billing\nevil/' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'backstage.io/source-location' },
      detail: 'annotation backstage.io/source-location must be on one line, without control characters, got "url:https://github.com/acme/billing\\nevil/"',
    },
    {
      name: 'a project slug holding a line break',
      files: [component({ 'github.com/project-slug': 'acme/billing\nx' })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'component:billing-api', field: 'github.com/project-slug' },
      detail: 'annotation github.com/project-slug must be on one line, without control characters, got "acme/billing\\nx"',
    },
    {
      name: 'a component without metadata.name',
      files: [file('catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  title: Nameless', 'spec:', '  system: core')],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { line: 4 },
      detail: 'name is required',
    },
    {
      name: 'a System without a Domain whose components give no line',
      files: [backstage('catalog-info.yaml', { kind: 'System', name: 'core-api' }, { name: 'billing-api', spec: { system: 'core-api' } })],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { entity: 'system:core-api', line: 1 },
      detail: /product area "core-api" has no product line: set spec.domain/,
    },
    {
      name: 'invalid YAML syntax',
      files: [file('catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  name: [billing-api', 'spec: {}')],
      file: 'catalog-info.yaml',
      format: 'Backstage catalog',
      place: { line: 5, column: 1 },
      detail: /^not valid YAML: /,
    },
    {
      name: 'an unknown key in native YAML',
      files: [file('catalog.yaml', 'services:', '  - id: billing-api', '    area: Core', '    owner_team: team-billing')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'billing-api', field: 'owner_team', line: 4, column: 5 },
      detail:
        /^unknown key "owner_team" in services\[0\] \(expected: id, name, area, line, tier, internetExposed, owner, owners, repos, images, cloudAccounts, tags\)$/,
    },
    {
      name: 'an unknown top-level key in native YAML',
      files: [file('catalog.yaml', 'service:', '  - id: billing-api')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { field: 'service', line: 1 },
      detail: 'unknown key "service" at the top level (expected: lines, areas, services)',
    },
    {
      name: 'a native tier other than 0, 1 or 2',
      files: [file('catalog.yaml', 'services:', '  - id: billing-api', '    area: Core', '    tier: 3')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'billing-api', field: 'tier', line: 4, column: 11 },
      detail: 'tier must be 0, 1 or 2, got 3',
    },
    {
      name: 'a native service without an area',
      files: [file('catalog.yaml', 'services:', '  - id: billing-api', '    tier: 1')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'billing-api', field: 'area', line: 2 },
      detail: 'area is required',
    },
    {
      name: 'an unquoted cloud account number',
      files: [file('catalog.yaml', 'services:', '  - id: billing-api', '    area: Core', '    cloudAccounts: [012345678901]')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'billing-api', line: 4 },
      detail: 'cloudAccounts[0] must be a string, got 12345678901 (quote it: an unquoted number loses leading zeros)',
    },
    {
      name: 'both owner and owners',
      files: [file('catalog.yaml', 'areas:', '  - name: Core', '    owner: a', '    owners: [b]')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'area:Core', field: 'owners' },
      detail: 'owners: give either owner or owners, not both',
    },
    {
      name: "a service line other than its declared area's",
      files: [file('catalog.yaml', 'areas:', '  - name: Core', '    line: Platform', 'services:', '  - id: api', '    area: Core', '    line: Growth')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'api', field: 'line', line: 5 },
      detail: 'line "Growth" contradicts the area\'s line: its area "Core" is in line "Platform"; a service\'s line is its area\'s line',
    },
    {
      name: 'services giving one undeclared area two lines',
      files: [file('catalog.yaml', 'services:', '  - id: a', '    area: Core', '    line: Platform', '  - id: b', '    area: Core', '    line: Growth')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'b', field: 'line' },
      detail: /service "a" \(catalog.yaml\) puts its area "Core" in line "Platform"/,
    },
    {
      name: 'an area with no line from its declaration or its services',
      files: [file('catalog.yaml', 'services:', '  - id: api', '    area: Core')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'api', line: 2 },
      detail: 'product area "Core" has no product line: declare the area under `areas` with a line, or give one of its services a line',
    },
    {
      name: 'the same service id twice in one file',
      files: [file('catalog.yaml', 'services:', '  - id: api', '    area: Core', '    line: P', '  - id: api', '    area: Core')],
      file: 'catalog.yaml',
      format: 'secscore catalog YAML',
      place: { entity: 'api', line: 5 },
      detail: 'service "api" is defined twice in this file (first at line 2)',
    },
    {
      name: 'a CSV without a required column',
      files: [file('services.csv', 'id,name,line', 'api,API,Platform')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { row: 1, field: 'area' },
      detail: /^missing required column "area"/,
    },
    {
      name: 'a CSV tier other than 0, 1 or 2 on row 3',
      files: [file('services.csv', 'id,area,line,tier', 'a,Core,P,0', 'b,Core,P,3')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { entity: 'b', row: 3, field: 'tier' },
      detail: 'tier must be 0, 1 or 2, got "3"',
    },
    {
      name: 'a CSV exposure other than true or false',
      files: [file('services.csv', 'id,area,line,internet_exposed', 'a,Core,P,yes')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { entity: 'a', row: 2, field: 'internet_exposed' },
      detail: 'internet_exposed must be true or false, got "yes"',
    },
    {
      name: 'a CSV row without an id',
      files: [file('services.csv', 'id,area,line', 'a,Core,P', ',Core,P')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { row: 3, field: 'id' },
      detail: 'id is required',
    },
    {
      name: 'a CSV with an unknown column',
      files: [file('services.csv', 'id,area,team', 'a,Core,x')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { row: 1, field: 'team' },
      detail: /^unknown column "team" \(expected: id, name, area/,
    },
    {
      name: 'a CSV row with too many cells',
      files: [file('services.csv', 'id,area', 'a,Core,extra')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { line: 2 },
      detail: /^not valid CSV: /,
    },
    {
      name: 'the same service id twice in one CSV',
      files: [file('services.csv', 'id,area,line', 'a,Core,P', 'a,Core,P')],
      file: 'services.csv',
      format: 'secscore catalog CSV',
      place: { entity: 'a', row: 3 },
      detail: 'service "a" is defined twice in this file (first at row 2)',
    },
  ])('rejects $name', ({ files, file: path, format, place, detail }) => {
    const error = readError(files);
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe(path);
    expect(error.format).toBe(format);
    expect(error.place).toMatchObject(place);
    if (typeof detail === 'string') expect(error.detail).toBe(detail);
    else expect(error.detail).toMatch(detail);
    expect(error.message.startsWith(`${path}: invalid ${format} input`)).toBe(true);
  });
});
