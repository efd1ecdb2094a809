// `npm run build`, after tsc: the CLI as one ESM bundle (dist/bundle/main.js, with one chunk per
// command, loaded when that command runs). Node resolves and compiles one file instead of a few
// hundred (our modules, kysely's, zod's, commander's): about 0.2 s of every start on the 2-core
// machine. PostgreSQL's driver (with pg-copy-streams) and ECharts stay outside it (loaded only when used), and so does
// DuckDB's native binding; the JavaScript of DuckDB's driver is bundled (see duckDbDriverInBundle).
// dist/bundle is two folders below the package root, like dist/<layer>, so the relative URLs of
// the shipped files (package.json, data/) hold in the bundle too.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: without a clean folder every build would leave the last one's behind.
rmSync('dist/bundle', { recursive: true, force: true });
await build({
  // The split read's worker (app/split-import.ts) is a script of its own, beside main.js.
  entryPoints: { main: 'dist/cli/main.js', 'split-import-worker': 'dist/app/split-import-worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pg', 'pg-copy-streams', 'echarts'],
  plugins: [duckDbDriverInBundle()],
  // Bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __secscoreRequire } from 'node:module'; const require = __secscoreRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});

/**
 * duckdb-dialect.ts loads `@duckdb/node-api` with `createRequire(…)(…)`, which esbuild cannot
 * follow: unbundled, that is the fast way to load it (an ESM import of it scans its 124 files
 * for exports). In the bundle it becomes a plain `require`, which esbuild inlines, so that a
 * command loads one file instead of those 124: 80–115 ms → about 40 ms of every start that opens
 * DuckDB, measured on the 2-core machine. Its native binding stays outside, loaded from where the
 * driver is installed.
 */
function duckDbDriverInBundle() {
  const LOAD = "createRequire(import.meta.url)('@duckdb/node-api')";
  return {
    name: 'duckdb-driver-in-bundle',
    setup(build) {
      build.onLoad({ filter: /[\\/]storage[\\/]duckdb-dialect\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(LOAD)) throw new Error(`bundle: ${args.path} no longer loads the driver as ${LOAD}; update scripts/bundle.mjs`);
        return { contents: text.replace(LOAD, "require('@duckdb/node-api')"), loader: 'js' };
      });
      // The binding as the driver itself resolves it (npm may nest the version it pins under it).
      build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, () => ({ path: 'binding', namespace: 'duckdb-binding' }));
      build.onLoad({ filter: /.*/, namespace: 'duckdb-binding' }, () => ({
        contents: "module.exports = require('node:module').createRequire(require.resolve('@duckdb/node-api'))('@duckdb/node-bindings');",
        loader: 'js',
      }));
    },
  };
}
