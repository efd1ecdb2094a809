import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRng, type Rng } from '../app/demo/random.js';
import type { Catalog } from '../domain/service.js';

/**
 * A synthetic SARIF 2.1.0 log shaped like CodeQL's and Semgrep's: one run with a rule table
 * (CWE tags, `security-severity`), invocations with the scan time, the repository in
 * versionControlProvenance, and results with a rule index, a level, a message, one or two
 * physical locations with regions and snippets, and `partialFingerprints`. Deterministic for a
 * seed; written as a stream so that a 1 GB file never sits in memory.
 */
export interface SyntheticSarif {
  path: string;
  /** Results to write. */
  results: number;
  repo: string;
  scannedAt: string;
  seed?: number;
}

const RULES = [
  ['js/sql-injection', 'Database query built from user-controlled sources', 89, 8.8],
  ['js/xss', 'Client-side cross-site scripting', 79, 6.1],
  ['js/path-injection', 'Uncontrolled data used in path expression', 22, 7.5],
  ['js/command-line-injection', 'Uncontrolled command line', 78, 9.8],
  ['js/code-injection', 'Code injection', 94, 9.3],
  ['js/prototype-pollution', 'Prototype-polluting assignment', 1321, 6.1],
  ['js/insecure-randomness', 'Insecure randomness', 338, 7.8],
  ['js/hardcoded-credentials', 'Hard-coded credentials', 798, 9.8],
  ['js/missing-rate-limiting', 'Missing rate limiting', 770, 7.5],
  ['js/clear-text-logging', 'Clear-text logging of sensitive information', 312, 7.5],
  ['js/regex-injection', 'Regular expression injection', 730, 7.5],
  ['js/redos', 'Inefficient regular expression', 1333, 7.5],
  ['js/request-forgery', 'Server-side request forgery', 918, 9.1],
  ['js/weak-cryptographic-algorithm', 'Use of a broken or weak cryptographic algorithm', 327, 7.5],
  ['js/unsafe-deserialization', 'Deserialization of user-controlled data', 502, 9.8],
  ['js/xxe', 'XML external entity expansion', 611, 9.1],
  ['js/open-redirect', 'Client-side URL redirect', 601, 6.1],
  ['js/tainted-format-string', 'Use of externally-controlled format string', 134, 7.3],
  ['js/missing-token-validation', 'Missing CSRF middleware', 352, 8.8],
  ['js/zipslip', 'Arbitrary file access during archive extraction', 22, 7.5],
  ['js/unused-local-variable', 'Unused variable, import, function or class', 563, 0],
  ['js/trivial-conditional', 'Useless conditional', 570, 0],
  ['js/polynomial-redos', 'Polynomial regular expression used on uncontrolled data', 1333, 7.5],
  ['js/insufficient-password-hash', 'Use of password hash with insufficient computational effort', 916, 8.1],
] as const;

const DIRS = [
  'src/api',
  'src/api/handlers',
  'src/core',
  'src/db',
  'src/web/components',
  'src/web/pages',
  'lib/util',
  'lib/auth',
  'services/billing',
  'services/ledger',
];
const WORDS = [
  'user',
  'account',
  'invoice',
  'session',
  'token',
  'payment',
  'order',
  'report',
  'export',
  'import',
  'search',
  'profile',
  'admin',
  'webhook',
  'cache',
];

export async function writeSyntheticSarif(spec: SyntheticSarif): Promise<{ bytes: number; results: number }> {
  const rng = createRng(spec.seed ?? 1);
  const out = createWriteStream(spec.path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const head = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
  };
  const run = {
    tool: {
      driver: {
        name: 'CodeQL',
        organization: 'GitHub',
        semanticVersion: '2.19.3',
        rules: RULES.map(([id, name, cwe, score]) => ({
          id,
          name: id.replace('js/', ''),
          shortDescription: { text: name },
          fullDescription: { text: `${name}. Flows from a remote source to a sensitive sink are reported.` },
          defaultConfiguration: { enabled: true, level: score >= 7 ? 'error' : score > 0 ? 'warning' : 'note' },
          properties: {
            tags: ['security', `external/cwe/cwe-${String(cwe).padStart(3, '0')}`],
            kind: 'path-problem',
            precision: 'high',
            ...(score > 0 ? { 'security-severity': score.toFixed(1) } : {}),
          },
        })),
      },
    },
    invocations: [{ executionSuccessful: true, startTimeUtc: spec.scannedAt, endTimeUtc: spec.scannedAt }],
    versionControlProvenance: [{ repositoryUri: spec.repo, revisionId: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4', branch: 'refs/heads/main' }],
    columnKind: 'utf16CodeUnits',
  };
  const runText = JSON.stringify(run);
  await write(`${JSON.stringify(head).slice(0, -1)},"runs":[${runText.slice(0, -1)},"results":[\n`);
  let batch = '';
  for (let i = 0; i < spec.results; i++) {
    batch += (i > 0 ? ',\n' : '') + JSON.stringify(result(rng, i));
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = '';
    }
  }
  await write(`${batch}\n]}]}\n`);
  out.end();
  await once(out, 'finish');
  return { bytes, results: spec.results };
}

function result(rng: Rng, i: number): object {
  const ruleIndex = rng.int(0, RULES.length - 1);
  const [ruleId, name] = RULES[ruleIndex]!;
  const file = `${rng.pick(DIRS)}/${rng.pick(WORDS)}-${rng.pick(WORDS)}-${(i % 9973).toString(36)}.ts`;
  const line = rng.int(1, 2400);
  const column = rng.int(1, 80);
  const word = rng.pick(WORDS);
  const snippet = `db.query(\`SELECT * FROM ${word} WHERE id=\${id}\`)`;
  const location = (uri: string, l: number) => ({
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%', index: i % 5000 },
      region: { startLine: l, startColumn: column, endLine: l, endColumn: column + 42, snippet: { text: snippet } },
    },
  });
  const locations = [location(file, line)];
  return {
    ruleId,
    ruleIndex,
    level: 'error',
    message: { text: `${name}: this query depends on a [user-provided value](1) reaching ${word}.${rng.pick(WORDS)}().` },
    locations,
    partialFingerprints: {
      primaryLocationLineHash: `${createHash('sha1').update(`${ruleId}:${file}:${i}`).digest('hex').slice(0, 16)}:1`,
    },
    properties: { 'github/alertNumber': i + 1 },
  };
}

/** The catalog the synthetic logs of the repository github.com/acme/billing map into: its one service, billing. */
export const BILLING_CATALOG: Catalog = {
  lines: [{ name: 'Core', owners: [] }],
  areas: [{ name: 'Payments', line: 'Core', owners: [] }],
  services: [
    {
      id: 'billing',
      name: 'Billing',
      area: 'Payments',
      line: 'Core',
      tier: 1,
      internetExposed: true,
      owners: [],
      repos: ['github.com/acme/billing'],
      images: [],
      cloudAccounts: [],
      tags: [],
    },
  ],
};
